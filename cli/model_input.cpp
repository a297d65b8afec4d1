// Load then validate a model or scenario file, collecting every diagnostic (see model_input.hpp).
#include "cli/model_input.hpp"

#include <utility>

#include "models/validate.hpp"
#include "scenarios/load.hpp"

namespace courtflow::cli {

LoadedModel load_and_validate(const std::string& path) {
  LoadedModel loaded;
  scenarios::LoadedInput input = scenarios::load_model_or_scenario(path, &loaded.diagnostics);
  loaded.model = std::move(input.model);
  loaded.applied = std::move(input.scenarios);
  std::vector<models::Diagnostic> semantic = models::validate(loaded.model, path);
  loaded.diagnostics.insert(loaded.diagnostics.end(), semantic.begin(), semantic.end());
  for (const models::Diagnostic& d : loaded.diagnostics) {
    if (!d.warning) ++loaded.errors;
  }
  return loaded;
}

}  // namespace courtflow::cli

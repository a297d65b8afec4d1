// Load then validate a model file, collecting every diagnostic (see model_input.hpp).
#include "cli/model_input.hpp"

#include "models/model_json.hpp"
#include "models/validate.hpp"

namespace courtflow::cli {

LoadedModel load_and_validate(const std::string& path) {
  LoadedModel loaded;
  loaded.model = models::load_model_file(path, &loaded.diagnostics);
  std::vector<models::Diagnostic> semantic = models::validate(loaded.model, path);
  loaded.diagnostics.insert(loaded.diagnostics.end(), semantic.begin(), semantic.end());
  for (const models::Diagnostic& d : loaded.diagnostics) {
    if (!d.warning) ++loaded.errors;
  }
  return loaded;
}

}  // namespace courtflow::cli

// Loading a model or a scenario chain. A chain deeper than kMaxDepth or one that comes back
// to a file it has seen is bad input, not a stack overflow.

#include "scenarios/load.hpp"

#include <algorithm>

#include "models/json_input.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"
#include "scenarios/overlay.hpp"
#include "scenarios/scenario_json.hpp"

namespace courtflow::scenarios {
namespace {

constexpr std::size_t kMaxDepth = 32;

/// A base model is checked before changes are laid over it: the overlay rewrites schedules in
/// day order, which would hide a base's own errors, or report them against the scenario file.
void throw_first_error(const models::Model& model, const std::string& file) {
  for (const models::Diagnostic& d : models::validate(model, file)) {
    if (!d.warning) throw models::InputError(d);
  }
}

void load_into(const std::filesystem::path& path, std::vector<models::Diagnostic>* warnings,
               std::vector<std::filesystem::path>& seen, LoadedInput& out) {
  const std::string file = path.string();
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(path, ec);
  const auto key = ec ? path : canonical;
  if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
    throw models::InputError({file, "base", "scenario chain comes back to this file (a cycle)", false});
  }
  if (seen.size() >= kMaxDepth) {
    throw models::InputError({file, "base", "scenario chain is deeper than 32 files", false});
  }
  seen.push_back(key);

  const nlohmann::json j = models::read_json_file(path);
  if (!is_scenario(j)) {
    out.model = models::parse_model(j, file, warnings);
    out.base_model_file = file;
    if (seen.size() > 1) throw_first_error(out.model, file);  // a base under a scenario
    return;
  }
  Scenario scenario = parse_scenario(j, file, warnings);
  std::filesystem::path base = scenario.base;
  if (base.is_relative()) base = path.parent_path() / base;
  if (!std::filesystem::exists(base, ec)) {
    throw models::InputError({file, "base", "base file \"" + scenario.base + "\" not found (looked for " +
                                                base.string() + ")", false});
  }
  load_into(base, warnings, seen, out);
  out.model = apply(out.model, scenario, file, warnings);
  out.scenarios.push_back(std::move(scenario));
}

}  // namespace

LoadedInput load_model_or_scenario(const std::filesystem::path& path, std::vector<models::Diagnostic>* warnings) {
  LoadedInput out;
  std::vector<std::filesystem::path> seen;
  load_into(path, warnings, seen, out);
  return out;
}

LoadedInput load_scenario_base(const std::filesystem::path& path, std::vector<models::Diagnostic>* warnings) {
  LoadedInput out = load_model_or_scenario(path, warnings);
  if (out.scenarios.empty()) throw_first_error(out.model, path.string());
  return out;
}

}  // namespace courtflow::scenarios

#pragma once
// "Anywhere a model file is accepted, a scenario file is accepted too": loading either kind of
// file into one Model. A scenario's "base" is resolved relative to the scenario file and may
// itself be a scenario (a chain, checked for cycles); the changes are applied in order from
// the base outwards.

#include <filesystem>
#include <string>
#include <vector>

#include "models/diagnostic.hpp"
#include "models/model.hpp"
#include "scenarios/scenario.hpp"

namespace courtflow::scenarios {

/// What a file turned out to be, and the model it stands for.
struct LoadedInput {
  models::Model model;
  /// The scenarios applied, from the base outwards (empty for a plain model file).
  std::vector<Scenario> scenarios;
  /// The file of the underlying model (the base at the end of any chain).
  std::string base_model_file;
};

/// Loads a model file, or a scenario file and its base chain, into a Model (not yet
/// validated: call models::validate). Throws models::InputError naming the file at fault.
/// Warnings (unknown keys) go to `warnings` when given.
LoadedInput load_model_or_scenario(const std::filesystem::path& path,
                                   std::vector<models::Diagnostic>* warnings = nullptr);

/// Loads the base of a scenario that is not itself read from a file (the Python API's): as
/// load_model_or_scenario, but a plain model is validated too, its first error thrown. Changes
/// laid over an invalid model would hide its errors or blame them on the scenario. (A chain
/// read by load_model_or_scenario checks its base model the same way.)
LoadedInput load_scenario_base(const std::filesystem::path& path, std::vector<models::Diagnostic>* warnings = nullptr);

}  // namespace courtflow::scenarios

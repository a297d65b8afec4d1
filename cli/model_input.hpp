#pragma once
// Loading a model for a subcommand: a model file, or a scenario file applied to its base
// (scenarios::load_model_or_scenario, which throws models::InputError at the first structural
// problem), then semantic validation
// (models::validate, every problem). Nothing is printed here; commands print the diagnostics
// with cli/diagnostics and decide the exit code.

#include <string>
#include <vector>

#include "models/diagnostic.hpp"
#include "models/model.hpp"
#include "scenarios/scenario.hpp"

namespace courtflow::cli {

struct LoadedModel {
  models::Model model;
  /// Loader warnings, then validation diagnostics, in the order they were found.
  std::vector<models::Diagnostic> diagnostics;
  std::size_t errors = 0;  ///< diagnostics that are not warnings
  /// The scenario files applied, from the base outwards (empty for a plain model file).
  std::vector<scenarios::Scenario> applied;
};

/// Throws models::InputError for a file that cannot be read or parsed.
LoadedModel load_and_validate(const std::string& path);

}  // namespace courtflow::cli

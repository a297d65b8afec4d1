#pragma once
// The scenario file format (PRODUCT.md "Scenario file", docs/FORMATS.md): JSON -> Scenario
// with a structural check, and back. The only place that knows a scenario file's key names.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/diagnostic.hpp"
#include "scenarios/scenario.hpp"

namespace courtflow::scenarios {

/// Checks the structure of a scenario file and converts it. Throws models::InputError for the
/// first problem (naming `file` and the field, e.g. `changes[2].factor`); unknown keys add
/// warnings. Does not look at the base model: overlay::apply checks stage ids against it.
Scenario parse_scenario(const nlohmann::json& j, const std::string& file,
                        std::vector<models::Diagnostic>* warnings = nullptr);

/// Whether a parsed JSON file is a scenario (it has a "scenario" key, or "base" or "changes"
/// without "stages") rather than a model.
bool is_scenario(const nlohmann::json& j);

nlohmann::ordered_json to_json(const Scenario& scenario);

}  // namespace courtflow::scenarios

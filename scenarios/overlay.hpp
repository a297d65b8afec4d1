#pragma once
// Applying a scenario's changes to a model. Every lever becomes a time-dependent piece of the
// model itself (a capacity schedule, an arrival-rate schedule, service-time scale steps,
// routes valid from a day), so the result is an ordinary Model that validates, compiles and
// runs like any other, and that `to_json` can show in full.

#include <string>
#include <vector>

#include "models/diagnostic.hpp"
#include "models/model.hpp"
#include "scenarios/scenario.hpp"

namespace courtflow::scenarios {

/// The base model with the scenario's changes applied in order. The result is named after the
/// scenario. Throws models::InputError (naming `file` and `changes[i]...`) for a change that
/// refers to a stage the model lacks, changes the servers of a pure-delay stage, or starts
/// beyond the model's horizon. Does not validate the result: call models::validate. Appends to
/// `warnings` (when given) what a change does that its author may not have meant, such as a
/// factor that rounds a stage's servers down to 0.
models::Model apply(const models::Model& base, const Scenario& scenario, const std::string& file,
                    std::vector<models::Diagnostic>* warnings = nullptr);

}  // namespace courtflow::scenarios

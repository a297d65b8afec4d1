#pragma once
// Semantic checks of a model: what parse_model's structural check cannot see. Ids are
// well-formed and unique; every reference (arrival, route, on_timeout, initial work, case
// type) resolves; route probabilities out of each stage add up to at most 1 for each case
// type; no stage is unreachable and no stage traps cases for ever. Unlike parse_model,
// validate collects every problem rather than stopping at the first.
//
// It also re-checks the numeric ranges that parse_model enforces, so that a Model built in
// code (calibration, scenario overlays) gets the same guarantees as one read from a file.

#include <string>
#include <vector>

#include "models/diagnostic.hpp"
#include "models/model.hpp"

namespace courtflow::models {

/// Route probabilities out of a stage may exceed 1 by this much (floating-point rounding).
inline constexpr double kRouteSumTolerance = 1e-9;

/// Every problem found in `m`, errors and warnings (Diagnostic::warning), in a stable order:
/// model-level checks, stages, case types, arrivals, routes, initial work, then the
/// reachability checks. `file` names the model in each diagnostic. An empty result means the
/// model can be compiled and run.
///
/// Reachability (every stage reachable from an arrival or initial work; every stage able to
/// reach the exit, per case type) is checked only once every id resolves and is unique, so
/// one misspelt id does not also show up as an unreachable stage.
std::vector<Diagnostic> validate(const Model& m, const std::string& file);

/// True if any of `diagnostics` is an error rather than a warning.
bool has_errors(const std::vector<Diagnostic>& diagnostics);

/// True for a well-formed stage or case-type id: [A-Za-z_][A-Za-z0-9_.-]*.
bool is_valid_id(const std::string& id);

}  // namespace courtflow::models

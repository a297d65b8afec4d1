#pragma once
// Compiling a Model (string ids, optional keys, defaults) into the engine's sim::Network
// (integer indices, every schedule explicit). Stage i of the network is stages[i] of the
// model; case types are those of models/case_types (declared ones in file order, then the
// implicit "default" if needed). After compile the engine needs nothing from the model file.

#include <string>

#include "models/model.hpp"
#include "sim/network.hpp"

namespace courtflow::models {

/// The network the engine runs for `m`:
/// - a stage without "capacity" gets one step {0, servers}; a capacity schedule whose first
///   step starts after day 0 gets {0, servers} in front. Infinite stages get no steps.
/// - an arrival without "schedule" gets one step {0, rate_per_day}; a schedule starting after
///   day 0 gets {0, rate_per_day} in front.
/// - an arrival with "seasonality" gets a step at the first of every calendar month (from the
///   model's start_date) before the horizon, and at each of its own steps: the rate in force
///   times the month's factor.
/// - routes to "exit" and on_timeout "exit" become sim::kExit; routes without "case_type"
///   sim::kAnyCaseType; arrivals and initial work without one, the "default" type's index.
/// - service_by_type becomes a vector indexed by case type (nullopt where not given).
/// Runs validate() first and throws InputError (naming `file`) for its first error, so the
/// engine is never handed a network it cannot run; warnings are ignored.
sim::Network compile(const Model& m, const std::string& file = {});

/// The run settings a model carries: horizon and warm-up, in days. Budgets keep the engine's
/// defaults and the reporting periods are left empty for the caller to fill in.
sim::RunConfig run_config(const Model& m);

}  // namespace courtflow::models

#pragma once
// Distributions as written in a model (DistDef: a kind name and parameters by name, in days)
// turned into the engine's sim::Distribution, and their means computed directly from the
// parameters (for analysis that wants a service rate without sampling).

#include "models/model.hpp"
#include "sim/distribution.hpp"

namespace courtflow::models {

/// The engine distribution for `d`. Throws std::invalid_argument when the kind is unknown, a
/// parameter is missing, or a value is out of range (as sim::Distribution's factories do).
sim::Distribution to_distribution(const DistDef& d);

/// The mean of `d`, in days, from its parameters (Weibull: scale·Γ(1 + 1/shape)).
/// Throws std::invalid_argument for an unknown kind or a missing parameter.
double mean_days(const DistDef& d);

}  // namespace courtflow::models

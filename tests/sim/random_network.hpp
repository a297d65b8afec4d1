#pragma once
// Random small networks for property and reproducibility tests (Ciw's hypothesis strategies,
// done by hand): 1-4 stages, finite (1-3 servers, capacity schedules that may drop to zero) or
// infinite, FIFO or priority, every distribution kind, per-type service overrides, patience
// with on_timeout to exit or another stage, 1-3 case types with priorities, routes (typed or
// not, self-loops allowed) whose probabilities sum to less than 1, Poisson arrivals with
// piecewise schedules, initial work with ages. Everything is drawn from one seed.

#include <cstdint>

#include "sim/network.hpp"

namespace courtflow::sim::testing {

struct RandomCase {
  Network network;
  RunConfig config;  ///< warmup 0, horizon 100-300 days, periods of 20 days up to the horizon
};

RandomCase random_network(std::uint64_t seed);

/// A random duration distribution with mean between about 0.1 and 5 days.
Distribution random_distribution(std::uint64_t seed);

}  // namespace courtflow::sim::testing

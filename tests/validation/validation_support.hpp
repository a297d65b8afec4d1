#pragma once
// Helpers for the closed-form validation tests: a 95% Student-t interval across replications
// (kept here so the tests do not depend on analysis/), an assertion that the truth lies inside
// it, small network builders, and closed forms (Erlang C, the M/M/1 + M birth-death chain).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::validation {

/// The seed of every validation run. Fixed, never tuned to make a check pass.
inline constexpr std::uint64_t kSeed = 20250601;

/// t_{0.975, df}, df >= 1 (table to 30, Cornish-Fisher expansion above; error < 1e-6).
double t975(int df);

struct Interval {
  double mean = 0;
  double half = 0;  ///< half-width of the 95% interval
  std::size_t n = 0;
  double lo() const { return mean - half; }
  double hi() const { return mean + half; }
};

/// mean ± t_{0.975, n-1} s / sqrt(n) over the values (n >= 2).
Interval interval95(const std::vector<double>& values);

/// Checks lo <= truth <= hi (EXPECT), prints "what: mean ± half (truth, half/truth %)" so a
/// reviewer can see the interval is tight, and requires half <= max_rel_half * |truth| so that
/// a check cannot pass by being vague.
void expect_covers(const std::string& what, const Interval& iv, double truth, double max_rel_half = 0.05);

/// One value per replication.
std::vector<double> per_replication(const sim::ReplicationSet& set,
                                    const std::function<double(const sim::ReplicationResult&)>& measure);

/// Convenience: the interval of a per-replication measure.
Interval interval_of(const sim::ReplicationSet& set,
                     const std::function<double(const sim::ReplicationResult&)>& measure);

/// Runs `replications` replications at kSeed (all hardware threads).
sim::ReplicationSet run(const sim::Network& network, const sim::RunConfig& config, int replications);

sim::StageSpec finite_stage(const std::string& name, std::int64_t servers, const sim::Distribution& service);
sim::StageSpec infinite_stage(const std::string& name, const sim::Distribution& service);
sim::ArrivalSpec poisson(int stage, double rate_per_day, int case_type = 0);
/// A network with one case type ("default", priority 0) and the given stages.
sim::Network network_of(std::vector<sim::StageSpec> stages);

/// Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda/mu < c.
double erlang_c(int c, double a);
/// Mean wait in queue of M/M/c.
double mmc_wait(int c, double lambda, double mu);

/// Stationary distribution of the M/M/1 + M (Palm) queue: birth rate lambda, death rate
/// mu + (n-1) theta in state n >= 1, truncated at n_max.
std::vector<double> mm1_reneging_distribution(double lambda, double mu, double theta, int n_max = 2000);

}  // namespace courtflow::validation

#pragma once
// The analytic side of bottleneck analysis: the traffic equations of an open network,
// lambda = gamma + P^T lambda for each case type, solved with Eigen, and what follows from
// them: arrivals per day and visits per external arrival at each stage, each stage's offered
// load rho = lambda E[S] / c, and the asymptotic throughput bound (the most cases a day the
// system could take in, in the current mix, before some capacity-limited stage saturates).
// Also the time profile of a stage's capacity (average and range of servers and of cases a
// day) that the ledger reports beside it. Routes are those in force on day 0; arrival rates,
// servers and service-time factors are averaged over the observed window, so a network whose
// schedules vary is summarised by its long-run averages (and marked as not stationary).
// Reneging, initial work in progress and queues that never settle are outside these
// equations; `caveats` names each that applies. Pure functions of sim::Network; no I/O.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/network.hpp"

namespace courtflow::analysis {

/// A stage's capacity over a window of days. Servers are the schedule's steps; "effective"
/// servers divide by the service-time factor in force (a factor of 1.25 makes 10 servers do
/// the work of 8).
struct CapacityProfile {
  bool infinite = false;           ///< a pure delay: every field below is NaN / 0
  double mean_servers = 0;         ///< time-average of the servers over the window
  std::int64_t min_servers = 0;    ///< fewest servers at any time in the window
  std::int64_t max_servers = 0;    ///< most servers at any time in the window
  double mean_effective_servers = 0;  ///< time-average of servers / service factor
  double min_effective_servers = 0;   ///< smallest servers / service factor in the window
  double max_effective_servers = 0;   ///< largest servers / service factor in the window
  bool varies = false;             ///< servers or service factor change within the window
};

/// The capacity profile of `stage` over [from_day, to_day] (a window of zero length gives the
/// values in force at from_day).
CapacityProfile capacity_profile(const sim::StageSpec& stage, double from_day, double to_day);

/// Time-average of a piecewise-constant arrival schedule over [from_day, to_day] (cases/day).
double mean_rate(const std::vector<sim::RateStep>& schedule, double from_day, double to_day);

/// The solved traffic equations, indexed like Network::stages.
struct TrafficSolution {
  /// False when I - P^T is singular for some case type (cases that can never leave) or the
  /// solution is not finite and non-negative; `problem` then says why and the vectors below
  /// are NaN.
  bool solved = false;
  std::string problem;
  /// No schedule varies in the window, routes do not change over time, nobody reneges and
  /// nothing is in the system at time zero: the analytic figures are exact long-run values.
  bool stationary = true;
  /// Plain-words reasons the network is not stationary (one per kind, naming stages).
  std::vector<std::string> caveats;
  double external_arrivals_per_day = 0;  ///< gamma summed over stages and types (cases/day)
  std::vector<double> arrivals_per_day;  ///< lambda_i, all types together (cases/day)
  std::vector<double> visits_per_arrival;  ///< lambda_i / external arrivals (visits per case)
  /// Visit-weighted mean service time over case types (days, before service factors); the
  /// default service's mean where no case arrives.
  std::vector<double> mean_service_days;
  /// lambda_i E[S_i] / mean effective servers; NaN at pure delays.
  std::vector<double> offered_load;
  /// External arrivals per day at which stage i would saturate, the mix of types and routes
  /// unchanged: external_arrivals_per_day / offered_load (cases/day). NaN at pure delays and
  /// at stages no case reaches.
  std::vector<double> stage_bound_per_day;
  /// Minimum of stage_bound_per_day (cases/day entering the system); NaN if no stage limits.
  double throughput_bound_per_day = 0;
  /// The stage that attains throughput_bound_per_day.
  std::optional<std::size_t> binding_stage;
};

/// Solves the traffic equations for `network` with arrival rates and capacity averaged over
/// [from_day, to_day] (normally warm-up to horizon). Never throws for a network that compiled.
TrafficSolution solve_traffic(const sim::Network& network, double from_day, double to_day);

}  // namespace courtflow::analysis

#pragma once
// The compiled stage graph the engine runs: stages, case types, arrival streams, routes and
// initial work, all referring to each other by integer index. models/ builds a Network from a
// model file (models/compile); the engine never sees JSON, file names or court vocabulary.
// Stage and case-type names are kept only so that errors can say where they happened.

#include <atomic>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/time.hpp"

namespace courtflow::sim {

/// Route target meaning "leave the system".
inline constexpr int kExit = -1;
/// Case-type index meaning "every case type" (on routes).
inline constexpr int kAnyCaseType = -1;

enum class Discipline : std::uint8_t { fifo, priority };

/// From `from` onwards the stage has `servers` servers (until the next step). servers may be 0.
struct CapacityStep {
  SimTime from = 0;
  std::int64_t servers = 0;
};

/// From `from` onwards cases arrive as a Poisson process at `rate_per_day` (>= 0).
struct RateStep {
  SimTime from = 0;
  double rate_per_day = 0;
};

/// From `from` onwards every service time drawn is multiplied by `factor` (> 0).
struct FactorStep {
  SimTime from = 0;
  double factor = 1;
};

struct StageSpec {
  std::string name;
  /// A pure delay: every case is served at once, no queue.
  bool infinite = false;
  /// Servers over time, sorted by `from`, first step at 0. Ignored when infinite.
  std::vector<CapacityStep> capacity;
  Discipline discipline = Discipline::fifo;
  Distribution service = Distribution::fixed(0);
  /// Per case type (indexed by case type), an override of `service`; empty or nullopt = none.
  std::vector<std::optional<Distribution>> service_by_type;
  /// Service-time multipliers over time, sorted by `from`; empty = 1 throughout. Applied when
  /// a service starts (scenario levers such as "reviews 20% faster from day 180").
  std::vector<FactorStep> service_scale;
  /// Reneging: a waiting case leaves the queue once it has waited this long.
  std::optional<Distribution> patience;
  /// Where a case that reneges goes: a stage index or kExit.
  int on_timeout = kExit;
};

struct CaseTypeSpec {
  std::string name;
  /// At priority stages a lower number is served first (non-preemptive), FIFO within it.
  int priority = 0;
};

struct ArrivalSpec {
  int stage = 0;
  int case_type = 0;
  /// Piecewise-constant rate, sorted by `from`, first step at 0.
  std::vector<RateStep> schedule;
};

struct RouteSpec {
  int from = 0;
  int to = kExit;  ///< a stage index or kExit
  int case_type = kAnyCaseType;
  double p = 0;
  /// The route applies to cases leaving `from` at times in [from_day, until_day); scenario
  /// changes to routing are expressed as routes valid from a day.
  SimTime from_day = 0;
  SimTime until_day = std::numeric_limits<double>::infinity();
};

struct InitialWipSpec {
  int stage = 0;
  int case_type = 0;
  std::int64_t count = 0;
  /// How long each case has already waited at time zero (days); nullopt = 0.
  std::optional<Distribution> age;
};

struct Network {
  std::vector<StageSpec> stages;
  /// At least one; models/ adds an implicit type when a model declares none.
  std::vector<CaseTypeSpec> case_types;
  std::vector<ArrivalSpec> arrivals;
  /// Per (from, case type, time) the probabilities of matching routes (typed plus untyped,
  /// valid at that time) sum to at most 1; the remainder leaves the system.
  std::vector<RouteSpec> routes;
  std::vector<InitialWipSpec> initial_wip;
};

/// How long to run and what to record.
struct RunConfig {
  SimTime horizon = 365;
  /// Statistics are collected over [warmup, horizon].
  SimTime warmup = 0;
  /// Ends of the reporting periods for the time series, increasing, each in (warmup, horizon].
  std::vector<SimTime> period_ends;
  /// The age above which a case counts in the wip_over_N_days metric (days, > 0).
  SimTime age_threshold_days = 365;
  /// Budget: a replication that processes more events than this stops with BudgetExceeded.
  std::uint64_t max_events = 2'000'000'000ULL;
  /// Budget: a replication with more cases in the system at once stops with BudgetExceeded.
  std::uint64_t max_cases_in_system = 50'000'000ULL;  ///< at most 2^26
  /// Set by another thread to stop the run (a keyboard interrupt in Python, a newer run in
  /// `serve`): replications then stop with Cancelled within kCancelCheckEvents events. Not owned.
  const std::atomic<bool>* cancel = nullptr;
};

/// How many events a replication processes between looks at RunConfig::cancel.
inline constexpr std::uint64_t kCancelCheckEvents = 1U << 16;

}  // namespace courtflow::sim

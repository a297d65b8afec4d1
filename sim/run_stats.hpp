#pragma once
// What one replication measured, after warm-up: running sums per stage, per case type and for
// the whole system, plus the per-period series. Memory grows with the number of stages and
// periods, never with the number of events. analysis/ turns a set of these into intervals.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/time.hpp"

namespace courtflow::sim {

struct StageStats {
  bool infinite = false;
  double busy_time = 0;       ///< integral of servers busy over the observed window (server-days)
  double available_time = 0;  ///< integral of max(capacity, busy) over the window (server-days)
  double queue_area = 0;      ///< integral of cases waiting (case-days)
  double wait_sum = 0;        ///< sum of waits of services started in the window (days)
  std::uint64_t services_started = 0;
  std::uint64_t arrivals = 0;
  std::uint64_t completed = 0;
  std::uint64_t abandoned = 0;  ///< reneged from this stage's queue
  std::uint64_t wip_end = 0;    ///< waiting or in service at the horizon
  std::uint64_t waiting_end = 0;
  double wip_end_age_sum = 0;  ///< sum over wip_end cases of time since arrival at this stage

  /// Busy over available server-time; NaN for infinite stages or no available time.
  double utilisation() const;
  /// Mean wait (arrival to start of service) of services started; NaN if none.
  double mean_wait() const;
  double mean_queue_length(double observed_days) const;
  double throughput_per_day(double observed_days) const;
};

struct CaseTypeStats {
  double time_in_system_sum = 0;  ///< over cases completed (left by a route) in the window
  std::uint64_t arrivals = 0;     ///< external arrivals in the window
  std::uint64_t completed = 0;
  std::uint64_t abandoned = 0;  ///< left the system by reneging (on_timeout exit)
  std::uint64_t wip_end = 0;

  double mean_time_in_system() const;
};

/// Per-period series, one row per (period, stage or system) with the metrics below.
struct PeriodSeries {
  /// wip and waiting are counts at the period end; arrivals, completions and abandoned are
  /// counts over the period; the age metrics describe the cases in the stage (in the system,
  /// on the system row) at the period end: median and 90th percentile of the time since each
  /// arrived there (days; NaN when there are none) and how many have been there longer than
  /// the run's age threshold; utilisation is busy over available server-time within the
  /// period (NaN at pure delays).
  enum Metric : int {
    wip = 0,
    waiting,
    arrivals,
    completions,
    abandoned,
    age_median,
    age_p90,
    over_threshold,
    utilisation,
    metric_count
  };
  /// The metric's name in outputs ("wip", ..., "age_median_days", "wip_over_365_days",
  /// "utilisation").
  std::string metric_name(int metric) const;

  std::vector<SimTime> period_ends;
  SimTime age_threshold_days = 365;
  int rows_per_period = 0;  ///< stages + 1; the last row is the system
  std::vector<double> values;

  double& at(std::size_t period, int row, int metric) {
    return values[(period * static_cast<std::size_t>(rows_per_period) + static_cast<std::size_t>(row)) *
                      metric_count +
                  static_cast<std::size_t>(metric)];
  }
  double at(std::size_t period, int row, int metric) const {
    return values[(period * static_cast<std::size_t>(rows_per_period) + static_cast<std::size_t>(row)) *
                      metric_count +
                  static_cast<std::size_t>(metric)];
  }
};

struct ReplicationResult {
  int replication = 0;
  double observed_days = 0;  ///< horizon - warmup
  std::vector<StageStats> stages;
  std::vector<CaseTypeStats> case_types;
  CaseTypeStats system;  ///< all case types together
  PeriodSeries series;
  std::uint64_t events = 0;  ///< events processed in the whole replication, warm-up included
};

}  // namespace courtflow::sim

#pragma once
// Backlog measures derived from the engine's per-period series (sim::PeriodSeries), one
// replication at a time, so that timeseries.csv can reduce them across replications like the
// engine's own metrics (a ratio of means is not a mean of ratios):
//   share_over_N_days  cases open longer than the age threshold N over all open cases, at the
//                      period end (NaN when nothing is open);
//   clearance_ratio    cases leaving (completed or abandoned) over cases arriving, in the
//                      period (NaN when nothing arrived). Above 1 the open caseload falls. A
//                      case that leaves a queue without service (a late plea, a withdrawal)
//                      is a disposal in court statistics, so it counts as leaving.
// And the time to clear to a target: the first period end at which a stage's open caseload is
// at or below a number of cases. Pure arithmetic; no I/O.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/interval.hpp"
#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {

/// The derived per-period metrics, written after the engine's in timeseries.csv.
enum DerivedMetric : int { share_over_threshold = 0, clearance_ratio, derived_metric_count };

/// Metrics per row of timeseries.csv: the engine's, then the derived ones.
inline constexpr int kTimeseriesMetricCount =
    static_cast<int>(sim::PeriodSeries::metric_count) + static_cast<int>(derived_metric_count);

/// The position of derived metric `metric` among a timeseries.csv row's metrics.
inline constexpr int timeseries_metric_index(DerivedMetric metric) {
  return static_cast<int>(sim::PeriodSeries::metric_count) + static_cast<int>(metric);
}

/// The derived metric's name in outputs: "share_over_365_days" (following the series' age
/// threshold), "clearance_ratio".
std::string derived_metric_name(const sim::PeriodSeries& series, int metric);

/// The derived metric of one replication's series at (period, row); NaN when undefined.
double derived_value(const sim::PeriodSeries& series, std::size_t period, int row, int metric);

/// Time to clear a stage (or the system) to a target open caseload.
struct TargetResult {
  std::string id;               ///< stage id, or "system"
  std::size_t row = 0;          ///< row in the period series: stage index, or the stage count for the system
  double target_wip = 0;        ///< the target (cases)
  std::size_t replications = 0; ///< replications looked at
  std::size_t reached = 0;      ///< of which reached the target by the horizon
  double after_day = -1;        ///< only period ends after this day were looked at
  /// Days (from day 0 of the model) to the first period end with wip <= target, across the
  /// replications that reached it; no values when none did.
  Interval days;

  /// reached / replications (0 when there are no replications).
  double reached_share() const {
    return replications == 0 ? 0.0 : static_cast<double>(reached) / static_cast<double>(replications);
  }
};

/// For each stage in network order, then the system (last): the first period end after
/// `after_day` at which the open caseload (wip) is at or below `targets[row]` cases (rows as in
/// the series: stages, then the system; a NaN target skips the row). Period ends lie after the
/// warm-up, so the resolution is the reporting period; `after_day` (e.g. the day a policy
/// starts) skips a stage that is below its target before a backlog builds. Returns one entry
/// per row with a target.
std::vector<TargetResult> days_to_target(const sim::ReplicationSet& set, const sim::Network& network,
                                         const std::vector<double>& targets, double after_day = -1);

}  // namespace courtflow::analysis

// Derived backlog metrics and the time to clear to a target (backlog.hpp), computed within each
// replication from its period series.
#include "analysis/backlog.hpp"

#include <cmath>
#include <limits>

namespace courtflow::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::string derived_metric_name(const sim::PeriodSeries& series, int metric) {
  switch (metric) {
    case share_over_threshold: {
      // "wip_over_365_days" -> "share_over_365_days": the threshold is written once, by the engine.
      const std::string over = series.metric_name(sim::PeriodSeries::over_threshold);
      return "share" + over.substr(over.find("_over_"));
    }
    case clearance_ratio: return "clearance_ratio";
    default: return "unknown";
  }
}

double derived_value(const sim::PeriodSeries& series, std::size_t period, int row, int metric) {
  using M = sim::PeriodSeries;
  switch (metric) {
    case share_over_threshold: {
      const double wip = series.at(period, row, M::wip);
      return wip > 0 ? series.at(period, row, M::over_threshold) / wip : kNaN;
    }
    case clearance_ratio: {
      const double in = series.at(period, row, M::arrivals);
      const double out = series.at(period, row, M::completions) + series.at(period, row, M::abandoned);
      return in > 0 ? out / in : kNaN;
    }
    default: return kNaN;
  }
}

std::vector<TargetResult> days_to_target(const sim::ReplicationSet& set, const sim::Network& network,
                                         const std::vector<double>& targets, double after_day) {
  std::vector<TargetResult> out;
  const int rows = static_cast<int>(network.stages.size()) + 1;
  for (int row = 0; row < rows && static_cast<std::size_t>(row) < targets.size(); ++row) {
    const double target = targets[static_cast<std::size_t>(row)];
    if (std::isnan(target)) continue;
    TargetResult result;
    result.id = row + 1 == rows ? std::string("system") : network.stages[static_cast<std::size_t>(row)].name;
    result.row = static_cast<std::size_t>(row);
    result.target_wip = target;
    result.after_day = after_day;
    std::vector<double> days;
    for (const sim::ReplicationResult& r : set.replications) {
      const sim::PeriodSeries& series = r.series;
      if (series.rows_per_period != rows) continue;
      ++result.replications;
      for (std::size_t p = 0; p < series.period_ends.size(); ++p) {
        if (series.period_ends[p] <= after_day) continue;
        if (series.at(p, row, sim::PeriodSeries::wip) <= target) {
          days.push_back(series.period_ends[p]);
          ++result.reached;
          break;
        }
      }
    }
    result.days = interval(days);
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace courtflow::analysis

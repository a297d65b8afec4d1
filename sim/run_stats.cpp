// Derived per-replication measures (ratios of the running sums in run_stats.hpp). NaN marks
// "not defined in this replication", which analysis/ excludes from intervals and writes as null.

#include "sim/run_stats.hpp"

namespace courtflow::sim {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double StageStats::utilisation() const {
  if (infinite || available_time <= 0) return kNaN;
  return busy_time / available_time;
}

double StageStats::mean_wait() const {
  return services_started == 0 ? kNaN : wait_sum / static_cast<double>(services_started);
}

double StageStats::mean_queue_length(double observed_days) const {
  return observed_days > 0 ? queue_area / observed_days : kNaN;
}

double StageStats::throughput_per_day(double observed_days) const {
  return observed_days > 0 ? static_cast<double>(completed) / observed_days : kNaN;
}

double CaseTypeStats::mean_time_in_system() const {
  return completed == 0 ? kNaN : time_in_system_sum / static_cast<double>(completed);
}

std::string PeriodSeries::metric_name(int metric) const {
  switch (metric) {
    case wip: return "wip";
    case waiting: return "waiting";
    case arrivals: return "arrivals";
    case completions: return "completions";
    case abandoned: return "abandoned";
    case age_median: return "age_median_days";
    case age_p90: return "age_p90_days";
    case over_threshold: {
      std::string days = std::to_string(age_threshold_days);
      // Whole days print without decimals ("365"), others with as many as they need.
      days.erase(days.find_last_not_of('0') + 1);
      if (days.back() == '.') days.pop_back();
      return "wip_over_" + days + "_days";
    }
    case utilisation: return "utilisation";
    default: return "unknown";
  }
}

}  // namespace courtflow::sim

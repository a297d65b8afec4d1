#pragma once
// What a log shows, measured the same way on the real log and on logs simulated from the
// fitted model (so that the validation compares like with like): case duration (first event
// to last completion), activity frequency per case, and directly-follows routing shares.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis/eventlog/event_log.hpp"

namespace courtflow::analysis::eventlog {

struct LogStatistics {
  std::uint64_t cases = 0;
  double duration_mean = 0;
  std::map<double, double> duration_quantiles;  ///< p -> days, p in 0.1, 0.25, 0.5, 0.75, 0.9
  std::map<std::string, double> activity_per_case;  ///< activity -> events per case
  /// (from, to) -> share of `from`'s events followed by `to` ("exit": the case's last event).
  std::map<std::pair<std::string, std::string>, double> routing;
  std::map<std::pair<std::string, std::string>, std::uint64_t> routing_counts;
  std::map<std::string, std::uint64_t> activity_counts;
};

LogStatistics log_statistics(const EventLog& log);

}  // namespace courtflow::analysis::eventlog

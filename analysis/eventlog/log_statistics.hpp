#pragma once
// What a log shows, measured the same way on the real log and on logs simulated from the
// fitted model (so that the validation compares like with like): case duration (first event
// to last completion), activity frequency per case, and directly-follows routing shares.
// Both go through one LogStatisticsBuilder, case by case, so a simulated log need never be
// held whole: the validation feeds it one replication at a time.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "analysis/eventlog/event_log.hpp"

namespace courtflow::analysis::eventlog {

struct LogStatistics {
  std::uint64_t cases = 0;
  double duration_mean = 0;
  double duration_sd = 0;  ///< across cases
  std::map<double, double> duration_quantiles;  ///< p -> days, p in 0.1, 0.25, 0.5, 0.75, 0.9
  std::map<std::string, double> activity_per_case;  ///< activity -> events per case
  /// activity -> standard deviation across cases of its number of events in a case (zeros
  /// included): the standard error of activity_per_case is this over sqrt(cases).
  std::map<std::string, double> activity_per_case_sd;
  /// (from, to) -> share of `from`'s events followed by `to` ("exit": the case's last event).
  std::map<std::pair<std::string, std::string>, double> routing;
  std::map<std::pair<std::string, std::string>, std::uint64_t> routing_counts;
  std::map<std::string, std::uint64_t> activity_counts;
};

/// Gathers LogStatistics a case at a time. Memory: a counter per activity and per observed
/// transition, and one duration per case (for the quantiles).
class LogStatisticsBuilder {
 public:
  explicit LogStatisticsBuilder(std::vector<std::string> activities);

  /// One case: its activities (indices into the names) in order, when it began (its first
  /// event's start, or completion without starts) and when its last activity completed.
  void add_case(std::span<const std::uint16_t> activities, double first, double last);

  LogStatistics finish() const;

 private:
  std::vector<std::string> names_;
  std::vector<std::uint64_t> count_, count_squares_;  ///< per activity: events; sum over cases of (events in the case)^2
  std::vector<std::uint32_t> in_case_;                 ///< scratch: events of each activity in the current case
  std::map<std::pair<std::uint32_t, std::int64_t>, std::uint64_t> transitions_;  ///< (from, to or -1 for exit)
  std::vector<double> durations_;
};

LogStatistics log_statistics(const EventLog& log);

}  // namespace courtflow::analysis::eventlog

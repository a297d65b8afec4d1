// Log statistics (log_statistics.hpp).

#include "analysis/eventlog/log_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace courtflow::analysis::eventlog {

LogStatistics log_statistics(const EventLog& log) {
  LogStatistics s;
  std::vector<double> durations;
  std::vector<std::uint64_t> per_activity(log.activities.size(), 0);
  std::map<std::pair<std::uint32_t, std::int64_t>, std::uint64_t> transitions;
  const std::vector<Event>& ev = log.events;
  for (std::size_t i = 0; i < ev.size();) {
    std::size_t j = i;
    double first = INFINITY, last = -INFINITY;
    while (j < ev.size() && ev[j].case_index == ev[i].case_index) {
      const Event& e = ev[j];
      first = std::min(first, std::isnan(e.start) ? e.complete : e.start);
      last = std::max(last, e.complete);
      ++per_activity[e.activity];
      // Counted by index here, named once at the end (a map keyed by strings per event is slow).
      const std::int64_t to = j + 1 < ev.size() && ev[j + 1].case_index == e.case_index
                                  ? static_cast<std::int64_t>(ev[j + 1].activity)
                                  : -1;
      ++transitions[{e.activity, to}];
      ++j;
    }
    durations.push_back(last - first);
    i = j;
  }
  for (const auto& [key, n] : transitions) {
    const std::string to = key.second < 0 ? std::string("exit") : log.activities[static_cast<std::size_t>(key.second)];
    s.routing_counts[{log.activities[key.first], to}] += n;
  }
  s.cases = durations.size();
  if (durations.empty()) return s;
  double sum = 0;
  for (double d : durations) sum += d;
  s.duration_mean = sum / static_cast<double>(durations.size());
  std::sort(durations.begin(), durations.end());
  for (double p : {0.1, 0.25, 0.5, 0.75, 0.9}) {
    const double h = p * static_cast<double>(durations.size() - 1);
    const auto lo = static_cast<std::size_t>(h);
    const double hi = lo + 1 < durations.size() ? durations[lo + 1] : durations[lo];
    s.duration_quantiles[p] = durations[lo] + (h - static_cast<double>(lo)) * (hi - durations[lo]);
  }
  for (std::size_t a = 0; a < per_activity.size(); ++a) {
    if (per_activity[a] == 0) continue;
    s.activity_counts[log.activities[a]] = per_activity[a];
    s.activity_per_case[log.activities[a]] = static_cast<double>(per_activity[a]) / static_cast<double>(s.cases);
  }
  for (const auto& [key, count] : s.routing_counts) {
    s.routing[key] = static_cast<double>(count) / static_cast<double>(s.activity_counts[key.first]);
  }
  return s;
}

}  // namespace courtflow::analysis::eventlog

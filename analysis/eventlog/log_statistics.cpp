// Log statistics (log_statistics.hpp).

#include "analysis/eventlog/log_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace courtflow::analysis::eventlog {

LogStatisticsBuilder::LogStatisticsBuilder(std::vector<std::string> activities)
    : names_(std::move(activities)),
      count_(names_.size(), 0),
      count_squares_(names_.size(), 0),
      in_case_(names_.size(), 0) {}

void LogStatisticsBuilder::add_case(std::span<const std::uint16_t> activities, double first, double last) {
  if (activities.empty()) return;
  for (std::size_t k = 0; k < activities.size(); ++k) {
    const std::uint16_t a = activities[k];
    ++in_case_[a];
    // Counted by index here, named once at the end (a map keyed by strings per event is slow).
    const std::int64_t to = k + 1 < activities.size() ? static_cast<std::int64_t>(activities[k + 1]) : -1;
    ++transitions_[{a, to}];
  }
  // Each activity's count in this case, once (its first occurrence), then the scratch is reset.
  for (const std::uint16_t a : activities) {
    const std::uint64_t n = in_case_[a];
    if (n == 0) continue;
    count_[a] += n;
    count_squares_[a] += n * n;
    in_case_[a] = 0;
  }
  durations_.push_back(last - first);
}

LogStatistics LogStatisticsBuilder::finish() const {
  LogStatistics s;
  for (const auto& [key, n] : transitions_) {
    const std::string to = key.second < 0 ? std::string("exit") : names_[static_cast<std::size_t>(key.second)];
    s.routing_counts[{names_[key.first], to}] += n;
  }
  s.cases = durations_.size();
  if (durations_.empty()) return s;
  const auto cases = static_cast<double>(s.cases);
  double sum = 0, sum_sq = 0;
  for (double d : durations_) {
    sum += d;
    sum_sq += d * d;
  }
  s.duration_mean = sum / cases;
  s.duration_sd = s.cases > 1 ? std::sqrt(std::max(0.0, (sum_sq - cases * s.duration_mean * s.duration_mean) / (cases - 1))) : 0;
  std::vector<double> durations = durations_;
  std::sort(durations.begin(), durations.end());
  for (double p : {0.1, 0.25, 0.5, 0.75, 0.9}) {
    const double h = p * static_cast<double>(durations.size() - 1);
    const auto lo = static_cast<std::size_t>(h);
    const double hi = lo + 1 < durations.size() ? durations[lo + 1] : durations[lo];
    s.duration_quantiles[p] = durations[lo] + (h - static_cast<double>(lo)) * (hi - durations[lo]);
  }
  for (std::size_t a = 0; a < names_.size(); ++a) {
    if (count_[a] == 0) continue;
    const double mean = static_cast<double>(count_[a]) / cases;
    s.activity_counts[names_[a]] = count_[a];
    s.activity_per_case[names_[a]] = mean;
    const double variance = s.cases > 1 ? (static_cast<double>(count_squares_[a]) - cases * mean * mean) / (cases - 1) : 0;
    s.activity_per_case_sd[names_[a]] = std::sqrt(std::max(0.0, variance));
  }
  for (const auto& [key, count] : s.routing_counts) {
    s.routing[key] = static_cast<double>(count) / static_cast<double>(s.activity_counts[key.first]);
  }
  return s;
}

LogStatistics log_statistics(const EventLog& log) {
  LogStatisticsBuilder builder(log.activities);
  std::vector<std::uint16_t> activities;
  const std::vector<Event>& ev = log.events;
  for (std::size_t i = 0; i < ev.size();) {
    std::size_t j = i;
    double first = INFINITY, last = -INFINITY;
    activities.clear();
    while (j < ev.size() && ev[j].case_index == ev[i].case_index) {
      const Event& e = ev[j];
      first = std::min(first, std::isnan(e.start) ? e.complete : e.start);
      last = std::max(last, e.complete);
      activities.push_back(e.activity);
      ++j;
    }
    builder.add_case(activities, first, last);
    i = j;
  }
  return builder.finish();
}

}  // namespace courtflow::analysis::eventlog

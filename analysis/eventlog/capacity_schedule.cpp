// Capacity schedules from monthly resource counts (capacity_schedule.hpp).

#include "analysis/eventlog/capacity_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/dates.hpp"

namespace courtflow::analysis::eventlog {

std::int64_t month_of(double day) {
  const models::CivilDate d = models::civil_from_days(static_cast<std::int64_t>(std::floor(day)));
  return d.year * 12 + static_cast<std::int64_t>(d.month) - 1;
}

double month_start(std::int64_t month) {
  return static_cast<double>(models::days_from_civil({month / 12, static_cast<unsigned>(month % 12 + 1), 1}));
}

int month_of_year(std::int64_t month_index) {
  // % keeps the sign of the dividend: -1 (December 1969) % 12 is -1, not 11.
  return static_cast<int>(((month_index % 12) + 12) % 12);
}

std::string month_label(std::int64_t month) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d", static_cast<long long>(month / 12), static_cast<int>(month % 12 + 1));
  return buf;
}

CapacitySchedule capacity_schedule(const std::vector<MonthlyResources>& months, double day0) {
  CapacitySchedule out;
  if (months.empty()) return out;
  const bool any_whole = std::any_of(months.begin(), months.end(), [](const MonthlyResources& m) { return m.whole; });
  if (!any_whole) {
    // Under two months of log: no month is a full reading; the most seen in any is the best.
    for (const MonthlyResources& m : months) out.servers = std::max(out.servers, m.resources);
    return out;
  }
  // Each month's level: its own count when whole; a partial month takes the nearest whole
  // month's (the earlier one on a tie).
  std::vector<std::int64_t> level(months.size());
  for (std::size_t i = 0; i < months.size(); ++i) {
    if (months[i].whole) {
      level[i] = months[i].resources;
      continue;
    }
    std::int64_t best_gap = INT64_MAX;
    for (std::size_t j = 0; j < months.size(); ++j) {
      if (!months[j].whole) continue;
      const std::int64_t gap = std::abs(months[j].month - months[i].month);
      if (gap < best_gap) {
        best_gap = gap;
        level[i] = months[j].resources;
      }
    }
  }
  out.servers = level.front();
  std::int64_t now = out.servers;
  for (std::size_t i = 1; i < months.size(); ++i) {
    if (level[i] == now) continue;
    now = level[i];
    out.steps.push_back({std::max(0.0, month_start(months[i].month) - day0), now});
    out.step_months.push_back(month_label(months[i].month));
  }
  return out;
}

}  // namespace courtflow::analysis::eventlog

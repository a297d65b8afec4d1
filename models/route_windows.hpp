#pragma once
// Routes valid within a time window ([from_day, until_day), written by scenario overlays such
// as "from day 180, 30% of cases go to diversion"). The routes out of a stage are then
// piecewise constant in time, changing only at the days listed by route_change_days, so a
// check made at each of those days holds at every time.

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "models/model.hpp"

namespace courtflow::models {

/// Does route `r` apply to cases leaving its stage on day `day`?
inline bool route_active(const RouteDef& r, double day) {
  return r.from_day.value_or(0) <= day &&
         day < r.until_day.value_or(std::numeric_limits<double>::infinity());
}

/// Do two routes' windows overlap?
inline bool route_windows_overlap(const RouteDef& a, const RouteDef& b) {
  const double inf = std::numeric_limits<double>::infinity();
  return std::max(a.from_day.value_or(0), b.from_day.value_or(0)) <
         std::min(a.until_day.value_or(inf), b.until_day.value_or(inf));
}

/// Day 0 and every day on which a route out of stage `from` starts or stops applying, sorted,
/// each once.
inline std::vector<double> route_change_days(const Model& m, const std::string& from) {
  std::vector<double> days{0};
  for (const RouteDef& r : m.routes) {
    if (r.from != from) continue;
    if (r.from_day) days.push_back(*r.from_day);
    if (r.until_day) days.push_back(*r.until_day);
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

}  // namespace courtflow::models

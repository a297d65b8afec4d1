#pragma once
// A stage's capacity over time from the resources a log names (calibrate.hpp, "Capacity"):
// the number of distinct resources that started work at the stage in each calendar month,
// turned into the model's capacity schedule ("servers" then "capacity" steps, FORMATS.md).
//
// A month's count is a reading of that month's capacity only when the log covers the whole
// month: in the log's first and last months (partly outside the extract) fewer resources are
// seen because fewer days are seen, so those months take the level of the nearest whole month.
// A month in which nobody started work at the stage says nothing about its capacity (no demand
// is not no capacity) and keeps the level before it. Every other change of the monthly count
// is a step, from the first day of its month: the count is what the log shows, and a model
// that should ignore a dip (a month of leave) can be edited.

#include <cstdint>
#include <string>
#include <vector>

#include "models/model.hpp"

namespace courtflow::analysis::eventlog {

struct MonthlyResources {
  std::int64_t month = 0;      ///< year * 12 + month - 1
  std::int64_t resources = 0;  ///< distinct resources that started work in the month (> 0)
  bool whole = true;           ///< the log covers the whole month
};

struct CapacitySchedule {
  std::int64_t servers = 0;  ///< from day 0 until the first step
  /// Changes of servers, from_day counted from `day0`, strictly increasing, each differing
  /// from the level before it. Empty when the count never changes.
  std::vector<models::CapacityStepDef> steps;
  /// The month label ("YYYY-MM") of each step, in step with `steps` (for the report).
  std::vector<std::string> step_months;
};

/// `months` in increasing order, at least one. `day0`: days since 1970-01-01 of the model's
/// day 0 (steps before it are moved to it).
CapacitySchedule capacity_schedule(const std::vector<MonthlyResources>& months, double day0);

/// Month helpers shared with calibrate: the month of a day count (days since 1970-01-01),
/// the day its month begins, its "YYYY-MM" label, and its month of the year (0 = January,
/// 11 = December; also for months before 1970, whose index is negative).
std::int64_t month_of(double day);
double month_start(std::int64_t month);
std::string month_label(std::int64_t month);
int month_of_year(std::int64_t month_index);

}  // namespace courtflow::analysis::eventlog

#pragma once
// Reporting periods for the time series (sim::RunConfig::period_ends): calendar month,
// quarter or year ends when the model has a start_date, fixed blocks of days otherwise, or
// whatever a --period option asks for. Period ends are simulation times in days; a period
// that ends on a calendar day ends at the END of that day (the day's offset + 1), so that the
// period holds every case event on its last day. Pure: no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace courtflow::analysis {

/// How to cut the horizon into reporting periods.
struct PeriodSpec {
  enum class Kind { month, quarter, year, days };
  Kind kind = Kind::days;
  /// Period length for Kind::days (days, > 0); ignored otherwise.
  double days = 30;
};

/// Parses "month", "quarter", "year" or a positive number of days ("30", "7.5").
/// nullopt if the text is none of these.
std::optional<PeriodSpec> parse_period(std::string_view text);

/// The default for a model: with a start date, calendar quarters if the horizon is over two
/// years (730 days), else calendar months; without one, 91-day blocks if the horizon is over
/// 730 days, else 30-day blocks.
PeriodSpec default_period(double horizon_days, bool has_start_date);

/// Period ends in (warmup_days, horizon_days], increasing, the horizon always last.
/// `start_day` is the model's start_date as days since 1970-01-01, or nullopt. Calendar kinds
/// without a start date fall back to blocks of 30 (month), 91 (quarter) or 365 (year) days.
/// Blocks of days are counted from day 0 (not from the end of the warm-up).
/// Cost and size are O(number of periods); callers should bound it (see count_periods).
std::vector<double> period_ends(double horizon_days, double warmup_days, std::optional<std::int64_t> start_day,
                                const PeriodSpec& spec);

/// How many period ends period_ends would return, without building them (an upper bound
/// within one), so that callers can refuse absurd requests such as 0.001-day periods.
double count_periods(double horizon_days, double warmup_days, const PeriodSpec& spec);

/// The calendar date that labels a period ending at simulation time `end` (days): the last
/// whole day the period covers, i.e. start + ceil(end) - 1 (a period ending at the end of
/// 31 March is labelled 31 March). For end <= 0 it is the start date itself.
std::int64_t period_label_day(std::int64_t start_day, double end);

}  // namespace courtflow::analysis

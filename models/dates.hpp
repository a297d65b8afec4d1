#pragma once
// Calendar dates for models and reports. A model's optional "start_date" ties simulation day 0
// to a calendar date; reports label periods with dates. Dates are ISO 8601 calendar dates
// (YYYY-MM-DD) in the proleptic Gregorian calendar, held as a count of days since 1970-01-01
// (negative before). The conversions are Howard Hinnant's public-domain days_from_civil and
// civil_from_days algorithms (https://howardhinnant.github.io/date_algorithms.html). No time
// zones, no times of day.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace courtflow::models {

/// A calendar date: year (any, astronomical numbering), month 1..12, day 1..31.
struct CivilDate {
  std::int64_t year = 1970;
  unsigned month = 1;
  unsigned day = 1;
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

/// True for Gregorian leap years (divisible by 4, except centuries not divisible by 400).
bool is_leap_year(std::int64_t year);

/// Days in the given month (1..12) of the given year: 28..31.
unsigned days_in_month(std::int64_t year, unsigned month);

/// Days since 1970-01-01 of a valid civil date (negative before 1970).
std::int64_t days_from_civil(const CivilDate& date);

/// The civil date `days` days after 1970-01-01 (before it, if negative).
CivilDate civil_from_days(std::int64_t days);

/// Parses exactly `YYYY-MM-DD` (four-digit year 0000..9999, two-digit month and day, no
/// surrounding spaces, no time part) into days since 1970-01-01. Rejects dates that do not
/// exist, such as 2021-13-01 or 2023-02-29. Returns nullopt on any problem.
std::optional<std::int64_t> parse_iso_date(std::string_view text);

/// `YYYY-MM-DD` for a count of days since 1970-01-01. Years outside 0..9999 are written with
/// as many digits as needed and a leading '-' when negative (ISO 8601 expanded form without
/// '+'); such strings do not parse back with parse_iso_date.
std::string format_iso_date(std::int64_t days);

}  // namespace courtflow::models

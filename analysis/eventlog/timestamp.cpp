// ISO 8601 timestamps for event logs (timestamp.hpp). Dates go through models/dates so that
// the calendar arithmetic lives in one place.

#include "analysis/eventlog/timestamp.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "models/dates.hpp"

namespace courtflow::analysis::eventlog {
namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& value) {
  if (at + n > s.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<ParsedTime> parse_timestamp(std::string_view text) {
  text = trim(text);
  if (text.size() < 10) return std::nullopt;
  const std::optional<std::int64_t> day = models::parse_iso_date(text.substr(0, 10));
  if (!day) return std::nullopt;
  ParsedTime out;
  out.days = static_cast<double>(*day);
  std::string_view rest = text.substr(10);
  if (rest.empty()) return out;
  if (rest.front() != 'T' && rest.front() != ' ') return std::nullopt;
  rest.remove_prefix(1);
  int hour = 0, minute = 0, second = 0;
  if (!digits(rest, 0, 2, hour) || rest.size() < 5 || rest[2] != ':' || !digits(rest, 3, 2, minute)) {
    return std::nullopt;
  }
  std::size_t at = 5;
  double fraction = 0;
  if (at < rest.size() && rest[at] == ':') {
    if (!digits(rest, at + 1, 2, second)) return std::nullopt;
    at += 3;
    if (at < rest.size() && (rest[at] == '.' || rest[at] == ',')) {
      ++at;
      double scale = 0.1;
      const std::size_t first = at;
      while (at < rest.size() && rest[at] >= '0' && rest[at] <= '9') {
        fraction += scale * (rest[at] - '0');
        scale /= 10;
        ++at;
      }
      if (at == first) return std::nullopt;
    }
  }
  // 24:00:00 is the end of the day in ISO 8601; leap seconds are read as :59.
  if (hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute > 0 || second > 0 || fraction > 0))) {
    return std::nullopt;
  }
  if (second == 60) second = 59;
  double seconds = hour * 3600.0 + minute * 60.0 + second + fraction;
  out.has_time = true;
  if (at < rest.size()) {
    const char sign = rest[at];
    if (sign == 'Z' && at + 1 == rest.size()) {
      out.has_zone = true;
    } else if (sign == '+' || sign == '-') {
      int zh = 0, zm = 0;
      std::string_view zone = rest.substr(at + 1);
      if (!digits(zone, 0, 2, zh)) return std::nullopt;
      if (zone.size() == 5 && zone[2] == ':') {
        if (!digits(zone, 3, 2, zm)) return std::nullopt;
      } else if (zone.size() == 4) {
        if (!digits(zone, 2, 2, zm)) return std::nullopt;
      } else if (zone.size() != 2) {
        return std::nullopt;
      }
      if (zh > 18 || zm > 59) return std::nullopt;
      const double offset = zh * 3600.0 + zm * 60.0;
      seconds -= sign == '+' ? offset : -offset;  // local = UTC + offset
      out.has_zone = true;
    } else {
      return std::nullopt;
    }
  }
  out.days += seconds / 86400.0;
  return out;
}

std::string format_date_time(double days) {
  const auto total = static_cast<std::int64_t>(std::llround(days * 86400.0));
  std::int64_t day = total / 86400;
  std::int64_t sec = total % 86400;
  if (sec < 0) {
    sec += 86400;
    day -= 1;
  }
  char clock[16];
  std::snprintf(clock, sizeof clock, "T%02d:%02d:%02d", static_cast<int>(sec / 3600), static_cast<int>(sec / 60 % 60),
                static_cast<int>(sec % 60));
  return models::format_iso_date(day) + clock;
}

}  // namespace courtflow::analysis::eventlog

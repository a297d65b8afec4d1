#pragma once
// Event-log timestamps: ISO 8601 dates and date-times, read into days since 1970-01-01 as a
// double (the model's unit). A zone (Z, +HH:MM, +HHMM, +HH) converts the time to UTC; a time
// without a zone is taken as written (the extract's local time). Written back as
// YYYY-MM-DDTHH:MM:SS (whole seconds, no zone) or YYYY-MM-DD when the time is midnight and
// the caller asks for dates only.

#include <optional>
#include <string>
#include <string_view>

namespace courtflow::analysis::eventlog {

struct ParsedTime {
  double days = 0;        ///< days since 1970-01-01 00:00 (UTC when a zone was given)
  bool has_time = false;  ///< a time of day was written (not a bare date)
  bool has_zone = false;  ///< a zone designator was written
};

/// Accepts `YYYY-MM-DD`, optionally followed by `T` or one space and `HH:MM[:SS[.fraction]]`
/// and an optional zone (`Z`, `+HH:MM`, `-HHMM`, `+HH`). Surrounding spaces are ignored.
/// Returns nullopt for anything else, including dates that do not exist.
std::optional<ParsedTime> parse_timestamp(std::string_view text);

/// `YYYY-MM-DDTHH:MM:SS` for `days` since 1970-01-01, rounded to the nearest second.
std::string format_date_time(double days);

}  // namespace courtflow::analysis::eventlog

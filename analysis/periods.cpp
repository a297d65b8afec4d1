// Reporting periods: calendar ends from a start date (via models/dates), or fixed blocks of
// days, clipped to the observed window (warm-up, horizon] with the horizon always included.
#include "analysis/periods.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "models/dates.hpp"

namespace courtflow::analysis {
namespace {

double block_days(const PeriodSpec& spec) {
  switch (spec.kind) {
    case PeriodSpec::Kind::month: return 30;
    case PeriodSpec::Kind::quarter: return 91;
    case PeriodSpec::Kind::year: return 365;
    case PeriodSpec::Kind::days: return spec.days;
  }
  return spec.days;
}

void push_end(std::vector<double>& ends, double end, double warmup, double horizon) {
  if (end > warmup && end < horizon && (ends.empty() || end > ends.back())) ends.push_back(end);
}

}  // namespace

std::optional<PeriodSpec> parse_period(std::string_view text) {
  if (text == "month") return PeriodSpec{PeriodSpec::Kind::month, 0};
  if (text == "quarter") return PeriodSpec{PeriodSpec::Kind::quarter, 0};
  if (text == "year") return PeriodSpec{PeriodSpec::Kind::year, 0};
  double days = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, days);
  if (text.empty() || ec != std::errc() || ptr != last || !std::isfinite(days) || !(days > 0)) return std::nullopt;
  return PeriodSpec{PeriodSpec::Kind::days, days};
}

PeriodSpec default_period(double horizon_days, bool has_start_date) {
  const bool long_run = horizon_days > 730;
  if (has_start_date) return PeriodSpec{long_run ? PeriodSpec::Kind::quarter : PeriodSpec::Kind::month, 0};
  return PeriodSpec{PeriodSpec::Kind::days, long_run ? 91.0 : 30.0};
}

double count_periods(double horizon_days, double warmup_days, const PeriodSpec& spec) {
  const double window = horizon_days - std::max(0.0, warmup_days);
  if (!(window > 0)) return 0;
  // Calendar periods are at least 28, 90 and 365 days long.
  double length = block_days(spec);
  if (spec.kind == PeriodSpec::Kind::month) length = 28;
  if (spec.kind == PeriodSpec::Kind::quarter) length = 90;
  return std::floor(window / length) + 2;
}

std::vector<double> period_ends(double horizon_days, double warmup_days, std::optional<std::int64_t> start_day,
                                const PeriodSpec& spec) {
  std::vector<double> ends;
  if (!(horizon_days > 0) || !(warmup_days < horizon_days)) return ends;
  const bool calendar = spec.kind != PeriodSpec::Kind::days && start_day.has_value();
  if (calendar) {
    // Walk calendar months from the start date; a month (quarter, year) that ends on civil
    // day D ends at simulation time D - start + 1.
    const models::CivilDate start = models::civil_from_days(*start_day);
    std::int64_t year = start.year;
    unsigned month = start.month;
    for (;;) {
      const std::int64_t last_day = models::days_from_civil({year, month, models::days_in_month(year, month)});
      const double end = static_cast<double>(last_day - *start_day + 1);
      if (end >= horizon_days) break;
      const bool is_end = spec.kind == PeriodSpec::Kind::month ||
                          (spec.kind == PeriodSpec::Kind::quarter && month % 3 == 0) ||
                          (spec.kind == PeriodSpec::Kind::year && month == 12);
      if (is_end) push_end(ends, end, warmup_days, horizon_days);
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  } else {
    const double length = block_days(spec);
    for (double k = 1;; ++k) {
      const double end = k * length;
      if (end >= horizon_days) break;
      push_end(ends, end, warmup_days, horizon_days);
    }
  }
  ends.push_back(horizon_days);
  return ends;
}

std::int64_t period_label_day(std::int64_t start_day, double end) {
  if (!(end > 0)) return start_day;
  return start_day + static_cast<std::int64_t>(std::ceil(end)) - 1;
}

}  // namespace courtflow::analysis

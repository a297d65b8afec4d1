// Reporting periods: calendar month and quarter ends from a start date, fixed blocks without
// one, the warm-up cut and the horizon always last; --period parsing; date labels.
#include <gtest/gtest.h>

#include "analysis/periods.hpp"
#include "models/dates.hpp"

namespace courtflow::analysis {
namespace {

std::int64_t day(const char* iso) { return *models::parse_iso_date(iso); }

TEST(PeriodEnds, MonthEndsOfOneYearFromJanuary) {
  const auto ends = period_ends(365, 0, day("2025-01-01"), default_period(365, true));
  const std::vector<double> expected{31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
  EXPECT_EQ(ends, expected);
}

TEST(PeriodEnds, QuarterEndsWhenTheHorizonIsOverTwoYears) {
  const PeriodSpec spec = default_period(1000, true);
  EXPECT_EQ(spec.kind, PeriodSpec::Kind::quarter);
  // Start mid-February: 31 March is offset 44, so the first quarter ends at 45.
  const auto ends = period_ends(1000, 0, day("2025-02-15"), spec);
  ASSERT_GE(ends.size(), 3u);
  EXPECT_EQ(ends[0], 45);                                    // end of 2025-03-31
  EXPECT_EQ(ends[1], 45 + 30 + 31 + 30);                     // end of 2025-06-30
  EXPECT_EQ(ends[2], 45 + 30 + 31 + 30 + 31 + 31 + 30);      // end of 2025-09-30
  EXPECT_EQ(ends.back(), 1000);
  EXPECT_EQ(models::format_iso_date(period_label_day(day("2025-02-15"), ends[0])), "2025-03-31");
  EXPECT_EQ(models::format_iso_date(period_label_day(day("2025-02-15"), ends[1])), "2025-06-30");
}

TEST(PeriodEnds, YearEnds) {
  const auto ends = period_ends(800, 0, day("2024-07-01"), *parse_period("year"));
  EXPECT_EQ(ends, (std::vector<double>{184, 549, 800}));  // ends of 2024-12-31, 2025-12-31
}

TEST(PeriodEnds, LeapYearFebruary) {
  const auto ends = period_ends(70, 0, day("2024-01-01"), *parse_period("month"));
  EXPECT_EQ(ends, (std::vector<double>{31, 60, 70}));
}

TEST(PeriodEnds, BlocksOfDaysWithoutAStartDate) {
  EXPECT_EQ(period_ends(100, 0, std::nullopt, default_period(100, false)), (std::vector<double>{30, 60, 90, 100}));
  EXPECT_EQ(period_ends(90, 0, std::nullopt, default_period(90, false)), (std::vector<double>{30, 60, 90}));
  const auto long_run = period_ends(1000, 0, std::nullopt, default_period(1000, false));
  EXPECT_EQ(long_run.front(), 91);
  EXPECT_EQ(long_run.back(), 1000);
  EXPECT_EQ(long_run.size(), 11u);
}

TEST(PeriodEnds, CalendarKindsWithoutAStartDateUseFixedBlocks) {
  EXPECT_EQ(period_ends(100, 0, std::nullopt, *parse_period("month")), (std::vector<double>{30, 60, 90, 100}));
}

TEST(PeriodEnds, OnlyEndsAfterTheWarmUp) {
  EXPECT_EQ(period_ends(100, 45, std::nullopt, *parse_period("30")), (std::vector<double>{60, 90, 100}));
  EXPECT_EQ(period_ends(100, 60, std::nullopt, *parse_period("30")), (std::vector<double>{90, 100}));
  EXPECT_EQ(period_ends(100, 99.5, std::nullopt, *parse_period("30")), (std::vector<double>{100}));
}

TEST(PeriodEnds, FractionalHorizon) {
  EXPECT_EQ(period_ends(10.5, 0, std::nullopt, *parse_period("5")), (std::vector<double>{5, 10, 10.5}));
}

TEST(ParsePeriod, AcceptsNamesAndPositiveDays) {
  EXPECT_EQ(parse_period("month")->kind, PeriodSpec::Kind::month);
  EXPECT_EQ(parse_period("quarter")->kind, PeriodSpec::Kind::quarter);
  EXPECT_EQ(parse_period("year")->kind, PeriodSpec::Kind::year);
  EXPECT_EQ(parse_period("7")->days, 7);
  EXPECT_EQ(parse_period("7.5")->days, 7.5);
  EXPECT_FALSE(parse_period("").has_value());
  EXPECT_FALSE(parse_period("0").has_value());
  EXPECT_FALSE(parse_period("-3").has_value());
  EXPECT_FALSE(parse_period("weekly").has_value());
  EXPECT_FALSE(parse_period("7days").has_value());
  EXPECT_FALSE(parse_period("nan").has_value());
  EXPECT_FALSE(parse_period("inf").has_value());
}

TEST(CountPeriods, BoundsTheNumberOfEnds) {
  const PeriodSpec daily = *parse_period("1");
  EXPECT_GE(count_periods(1000, 0, daily), static_cast<double>(period_ends(1000, 0, std::nullopt, daily).size()));
  EXPECT_GT(count_periods(1e6, 0, *parse_period("0.001")), 1e8);
}

TEST(PeriodLabelDay, IsTheLastWholeDayCovered) {
  const std::int64_t start = day("2025-01-01");
  EXPECT_EQ(models::format_iso_date(period_label_day(start, 31)), "2025-01-31");
  EXPECT_EQ(models::format_iso_date(period_label_day(start, 365)), "2025-12-31");
  EXPECT_EQ(models::format_iso_date(period_label_day(start, 30.5)), "2025-01-31");
  EXPECT_EQ(models::format_iso_date(period_label_day(start, 0)), "2025-01-01");
}

}  // namespace
}  // namespace courtflow::analysis

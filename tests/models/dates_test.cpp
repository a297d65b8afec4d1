// ISO calendar dates: strict parsing and the day-count conversions.

#include <gtest/gtest.h>

#include "models/dates.hpp"

namespace courtflow::models {
namespace {

TEST(Dates, EpochIsDayZero) {
  EXPECT_EQ(parse_iso_date("1970-01-01"), 0);
  EXPECT_EQ(format_iso_date(0), "1970-01-01");
  EXPECT_EQ(parse_iso_date("1969-12-31"), -1);
}

TEST(Dates, KnownDates) {
  EXPECT_EQ(parse_iso_date("2000-03-01"), 11017);
  EXPECT_EQ(parse_iso_date("2022-04-06"), 19088);  // no-fault divorce in force
  EXPECT_EQ(format_iso_date(19088), "2022-04-06");
  EXPECT_EQ(*parse_iso_date("2025-04-01") - *parse_iso_date("2024-04-01"), 365);
  EXPECT_EQ(*parse_iso_date("2024-04-01") - *parse_iso_date("2023-04-01"), 366);
}

TEST(Dates, LeapYearsFollowTheGregorianRule) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_TRUE(parse_iso_date("2024-02-29").has_value());
  EXPECT_TRUE(parse_iso_date("2000-02-29").has_value());
  EXPECT_FALSE(parse_iso_date("1900-02-29").has_value());
  EXPECT_FALSE(parse_iso_date("2023-02-29").has_value());
}

TEST(Dates, RejectsMalformedOrNonexistentDates) {
  for (const char* bad : {"2021-13-01", "2021-00-10", "2021-04-31", "2021-01-00", "2021-1-01",
                          "21-01-01", "2021/01/01", "2021-01-01T00:00", " 2021-01-01",
                          "2021-01-01 ", "", "abcd-ef-gh", "+021-01-01", "2021-0a-01"}) {
    EXPECT_FALSE(parse_iso_date(bad).has_value()) << bad;
  }
}

TEST(Dates, ParseAndFormatRoundTripOverFourCenturies) {
  const std::int64_t first = *parse_iso_date("1800-01-01");
  const std::int64_t last = *parse_iso_date("2200-12-31");
  CivilDate previous = civil_from_days(first - 1);
  for (std::int64_t day = first; day <= last; ++day) {
    const std::string text = format_iso_date(day);
    ASSERT_EQ(parse_iso_date(text), day) << text;
    const CivilDate d = civil_from_days(day);
    ASSERT_EQ(days_from_civil(d), day);
    // Consecutive days: next day of the month, or the first of the next month or year.
    const bool next_in_month = d.year == previous.year && d.month == previous.month &&
                               d.day == previous.day + 1;
    const bool next_month = d.day == 1 && (d.month == previous.month + 1 ||
                                           (d.month == 1 && previous.month == 12 &&
                                            d.year == previous.year + 1));
    ASSERT_TRUE(next_in_month || next_month) << text;
    previous = d;
  }
}

TEST(Dates, DaysInMonth) {
  EXPECT_EQ(days_in_month(2023, 2), 28u);
  EXPECT_EQ(days_in_month(2024, 2), 29u);
  EXPECT_EQ(days_in_month(2024, 4), 30u);
  EXPECT_EQ(days_in_month(2024, 12), 31u);
  EXPECT_EQ(days_in_month(2024, 13), 0u);
}

}  // namespace
}  // namespace courtflow::models

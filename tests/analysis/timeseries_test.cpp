// timeseries.csv: header, row order and count, RFC 4180 quoting, dates, number formatting.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/timeseries.hpp"
#include "fixtures.hpp"
#include "models/dates.hpp"

namespace courtflow::analysis {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(FormatNumber, IntegersWithoutDecimalsOthersWithTenDigits) {
  EXPECT_EQ(format_number(3), "3");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(123456789012.0), "123456789012");
  EXPECT_EQ(format_number(2.5), "2.5");
  EXPECT_EQ(format_number(1.0 / 3.0), "0.3333333333");
  EXPECT_EQ(format_number(0.1 + 0.2), "0.3");
  EXPECT_EQ(format_number(1e20), "1e+20");
  EXPECT_EQ(format_number(std::nan("")), "");
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("intake"), "intake");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

TEST(TimeseriesCsv, HasHeaderAndOneRowPerPeriodStageAndMetric) {
  const auto set = testing::replication_set(3);
  std::ostringstream out;
  write_timeseries_csv(out, set, testing::two_stage_network(), std::nullopt);
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 1u + 2 * 3 * sim::PeriodSeries::metric_count);
  EXPECT_EQ(lines[0], "period_end_day,period_end_date,stage,metric,mean,p05,p50,p95");
  // Values are r + p + row + metric for r = 0, 1, 2: mean r-part 1, p05 0.1, p50 1, p95 1.9.
  EXPECT_EQ(lines[1], "30,,intake,wip,1,0.1,1,1.9");
  EXPECT_EQ(lines[2], "30,,intake,waiting,2,1.1,2,2.9");
  EXPECT_EQ(lines[5], "30,,intake,abandoned,5,4.1,5,5.9");
  EXPECT_EQ(lines[6], "30,,\"wait,list\",wip,2,1.1,2,2.9");
  EXPECT_EQ(lines[11], "30,,system,wip,3,2.1,3,3.9");
  EXPECT_EQ(lines[16], "60,,intake,wip,2,1.1,2,2.9");
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
  EXPECT_EQ(out.str().back(), '\n');
}

TEST(TimeseriesCsv, DatesAreTheLastDayOfEachPeriod) {
  const auto set = testing::replication_set(2);
  std::ostringstream out;
  write_timeseries_csv(out, set, testing::two_stage_network(), models::parse_iso_date("2025-01-01"));
  const auto lines = lines_of(out.str());
  EXPECT_EQ(lines[1].substr(0, 14), "30,2025-01-30,");
  EXPECT_EQ(lines.back().substr(0, 14), "60,2025-03-01,");
}

TEST(TimeseriesCsv, NoReplicationsGiveTheHeaderOnly) {
  std::ostringstream out;
  write_timeseries_csv(out, sim::ReplicationSet{}, testing::two_stage_network(), std::nullopt);
  EXPECT_EQ(out.str(), "period_end_day,period_end_date,stage,metric,mean,p05,p50,p95\n");
}

}  // namespace
}  // namespace courtflow::analysis

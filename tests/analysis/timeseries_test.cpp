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

// Line of (period, row, metric) in the file, after the header.
std::size_t line_of(std::size_t period, int row, int metric) {
  return 1 + (period * 3 + static_cast<std::size_t>(row)) * sim::PeriodSeries::metric_count +
         static_cast<std::size_t>(metric);
}

TEST(TimeseriesCsv, HasHeaderAndOneRowPerPeriodStageAndMetric) {
  const auto set = testing::replication_set(3);
  std::ostringstream out;
  write_timeseries_csv(out, set, testing::two_stage_network(), std::nullopt);
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 1u + 2 * 3 * sim::PeriodSeries::metric_count);
  EXPECT_EQ(lines[0], "period_end_day,period_end_date,stage,metric,mean,p05,p50,p95");
  // Values are r + p + row + metric for r = 0, 1, 2: mean r-part 1, p05 0.1, p50 1, p95 1.9.
  using M = sim::PeriodSeries;
  EXPECT_EQ(lines[line_of(0, 0, M::wip)], "30,,intake,wip,1,0.1,1,1.9");
  EXPECT_EQ(lines[line_of(0, 0, M::waiting)], "30,,intake,waiting,2,1.1,2,2.9");
  EXPECT_EQ(lines[line_of(0, 0, M::abandoned)], "30,,intake,abandoned,5,4.1,5,5.9");
  EXPECT_EQ(lines[line_of(0, 1, M::wip)], "30,,\"wait,list\",wip,2,1.1,2,2.9");
  EXPECT_EQ(lines[line_of(0, 2, M::wip)], "30,,system,wip,3,2.1,3,3.9");
  EXPECT_EQ(lines[line_of(1, 0, M::wip)], "60,,intake,wip,2,1.1,2,2.9");
  EXPECT_EQ(lines[line_of(1, 0, M::completions)], "60,,intake,completions,5,4.1,5,5.9");
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
  EXPECT_EQ(out.str().back(), '\n');
}

TEST(TimeseriesCsv, UndefinedValuesAreEmptyFields) {
  auto set = testing::replication_set(2);
  for (auto& r : set.replications) r.series.at(0, 1, sim::PeriodSeries::age_median) = std::nan("");
  set.replications[0].series.at(0, 0, sim::PeriodSeries::age_median) = std::nan("");
  std::ostringstream out;
  write_timeseries_csv(out, set, testing::two_stage_network(), std::nullopt);
  const auto lines = lines_of(out.str());
  const std::string all_missing = lines[line_of(0, 1, sim::PeriodSeries::age_median)];
  EXPECT_EQ(all_missing.substr(all_missing.size() - 4), ",,,,") << all_missing;
  // One replication left: its value is the mean and every quantile (5 + 0 + 0 + 1 = 6).
  const std::string one_left = lines[line_of(0, 0, sim::PeriodSeries::age_median)];
  EXPECT_EQ(one_left.substr(one_left.find(",age_median")), ",age_median_days,6,6,6,6") << one_left;
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

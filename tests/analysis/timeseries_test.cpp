// timeseries.csv: header, row order and count, RFC 4180 quoting, dates, number formatting.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/backlog.hpp"
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
  return 1 + (period * 3 + static_cast<std::size_t>(row)) * kTimeseriesMetricCount + static_cast<std::size_t>(metric);
}

TEST(TimeseriesCsv, HasHeaderAndOneRowPerPeriodStageAndMetric) {
  const auto set = testing::replication_set(3);
  std::ostringstream out;
  write_timeseries_csv(out, set, testing::two_stage_network(), std::nullopt);
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 1u + 2 * 3 * kTimeseriesMetricCount);
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

TEST(TimeseriesCsv, DerivedBacklogMetricsFollowTheEngineMetrics) {
  auto set = testing::replication_set(2);
  using M = sim::PeriodSeries;
  // Period 0, intake: replication 0 has 1 of 4 open cases over a year, 10 in and 6 + 2 out;
  // replication 1 has 2 of 2 over a year, 4 in and 4 + 2 out.
  const double rows[2][5] = {{4, 1, 10, 6, 2}, {2, 2, 4, 4, 2}};
  for (int r = 0; r < 2; ++r) {
    M& s = set.replications[static_cast<std::size_t>(r)].series;
    s.at(0, 0, M::wip) = rows[r][0];
    s.at(0, 0, M::over_threshold) = rows[r][1];
    s.at(0, 0, M::arrivals) = rows[r][2];
    s.at(0, 0, M::completions) = rows[r][3];
    s.at(0, 0, M::abandoned) = rows[r][4];
  }
  // Period 1, intake: nothing open and nothing arrived in replication 0 (undefined there).
  M& s0 = set.replications[0].series;
  s0.at(1, 0, M::wip) = 0;
  s0.at(1, 0, M::arrivals) = 0;
  std::ostringstream out;
  write_timeseries_csv(out, set, testing::two_stage_network(), std::nullopt);
  const auto lines = lines_of(out.str());
  const int share = timeseries_metric_index(share_over_threshold);
  const int clearance = timeseries_metric_index(clearance_ratio);
  // Means of the ratios (0.25 and 1; 0.8 and 1.5), not ratios of the means (0.5; 1.14).
  EXPECT_EQ(lines[line_of(0, 0, share)], "30,,intake,share_over_365_days,0.625,0.2875,0.625,0.9625");
  EXPECT_EQ(lines[line_of(0, 0, clearance)], "30,,intake,clearance_ratio,1.15,0.835,1.15,1.465");
  // Replication 1 alone in period 1: wip 1 + 1 + 0 = 2, over 1 + 1 + 7 = 9; in 4, out 5 + 6.
  EXPECT_EQ(lines[line_of(1, 0, share)], "60,,intake,share_over_365_days,4.5,4.5,4.5,4.5");
  EXPECT_EQ(lines[line_of(1, 0, clearance)], "60,,intake,clearance_ratio,2.75,2.75,2.75,2.75");
  // The last row of each period is the system's clearance ratio.
  EXPECT_EQ(lines[line_of(0, 2, clearance)].rfind("30,,system,clearance_ratio,", 0), 0u);
}

TEST(TimeseriesCsv, ShareNameFollowsTheAgeThreshold) {
  auto set = testing::replication_set(1);
  set.replications[0].series.age_threshold_days = 182.5;
  std::ostringstream out;
  write_timeseries_csv(out, set, testing::two_stage_network(), std::nullopt);
  EXPECT_NE(out.str().find(",intake,wip_over_182.5_days,"), std::string::npos);
  EXPECT_NE(out.str().find(",intake,share_over_182.5_days,"), std::string::npos);
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

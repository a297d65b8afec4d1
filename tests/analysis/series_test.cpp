// analysis/series on hand-made inputs: reading and checking series files (each kind of bad
// file gives its one-line message), the flow-balance arithmetic, the scores and baselines
// against a hand-worked example, least squares on exact data and the AICc choice of form.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "analysis/series/linear_fit.hpp"
#include "analysis/series/scoring.hpp"
#include "analysis/series/series.hpp"
#include "models/dates.hpp"
#include "models/diagnostic.hpp"

namespace courtflow::analysis::series {
namespace {

Series parse(const std::string& text) {
  std::istringstream in(text);
  return parse_series(in, "s.csv");
}

// The message of the InputError that parsing `text` throws ("" if none).
std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const models::InputError& e) {
    return e.diagnostic().to_string();
  }
  return "";
}

const char* kHeader = "period_end,stage,receipts,disposals,outstanding\n";

TEST(SeriesRead, QuarterlyStagesInFileOrderWithCapacityAndExtraColumns) {
  const Series s = parse(
      "stage,period_end,receipts,disposals,outstanding,capacity,source\n"
      "cc,2020-06-30,10,8,102,50,\"a, quoted source\"\n"
      "cc,2020-03-31,10,10,100,,x\n"
      "mc,2020-03-31,5,5,20,,x\n"
      "mc,2020-06-30,5,5,20,40.5,x\n"
      "cc,2020-09-30,10,12,100,,x\n");
  ASSERT_EQ(s.stages.size(), 2u);
  EXPECT_TRUE(s.has_capacity_column);
  const StageSeries& cc = s.stages[0];
  EXPECT_EQ(cc.stage, "cc");
  EXPECT_EQ(cc.months_per_period, 3);
  EXPECT_EQ(cc.seasons(), 4);
  ASSERT_EQ(cc.periods.size(), 3u);
  EXPECT_EQ(models::format_iso_date(cc.periods[0].end_day), "2020-03-31");  // sorted
  EXPECT_FALSE(cc.periods[0].capacity.has_value());
  EXPECT_DOUBLE_EQ(*cc.periods[1].capacity, 50);
  EXPECT_EQ(cc.season_of(cc.periods[1].end_day), 1);  // April-June
  EXPECT_DOUBLE_EQ(cc.days_in(1), 91);                // 1 April to 30 June
  EXPECT_DOUBLE_EQ(cc.days_in(0), 91);                // 2020 is a leap year: 1 January to 31 March
  EXPECT_EQ(models::format_iso_date(cc.end_after(cc.periods[2].end_day, 2)), "2021-03-31");
  EXPECT_DOUBLE_EQ(*s.stages[1].periods[1].capacity, 40.5);
}

TEST(SeriesRead, FixedLengthPeriodsThatAreNotMonthEnds) {
  const Series s = parse(std::string(kHeader) + "2020-01-07,a,1,1,1\n2020-01-14,a,1,1,1\n2020-01-21,a,1,1,1\n");
  EXPECT_EQ(s.stages[0].months_per_period, 0);
  EXPECT_EQ(s.stages[0].period_days, 7);
  EXPECT_EQ(s.stages[0].seasons(), 0);
}

TEST(SeriesRead, BadFilesGiveOneLineNamingTheLineAndTheProblem) {
  const std::string h = kHeader;
  EXPECT_EQ(error_of(""), "s.csv: empty file (expected a header: period_end,stage,receipts,disposals,outstanding)");
  EXPECT_EQ(error_of("period_end,stage,receipts,disposals\n"),
            "s.csv: line 1: missing column \"outstanding\" (needs period_end, stage, receipts, disposals, "
            "outstanding; optional capacity)");
  EXPECT_EQ(error_of(h + "2020-03-31,a,1,1,1\n2020-06-30,a,-4,1,1\n"),
            "s.csv: line 3, column receipts: must be a count >= 0 (got -4)");
  EXPECT_EQ(error_of(h + "2020-03-31,a,1,,1\n"),
            "s.csv: line 2, column disposals: missing (every row needs receipts, disposals and outstanding)");
  EXPECT_EQ(error_of(h + "2020-03-31,a,1,1,lots\n"), "s.csv: line 2, column outstanding: must be a number (got \"lots\")");
  EXPECT_EQ(error_of(h + "2020-02-30,a,1,1,1\n"),
            "s.csv: line 2, column period_end: must be a date YYYY-MM-DD (got \"2020-02-30\")");
  EXPECT_EQ(error_of(h + "2020-03-31,a,1,1,1\n2020-06-30,a,1,1,1\n2020-03-31,a,2,2,2\n"),
            "s.csv: line 4: duplicate period: stage \"a\" already has a row for 2020-03-31 (line 2)");
  EXPECT_EQ(error_of(h + "2020-03-31,a,1,1,1\n2020-06-30,a,1,1,1\n2020-12-31,a,1,1,1\n"),
            "s.csv: line 4: stage \"a\": gap: no period ending 2020-09-30 between 2020-06-30 and 2020-12-31 (1 missing)");
  EXPECT_EQ(error_of(h + "2020-03-31,a,1,1,1\n2020-06-30,a,1,1,1\n2020-11-30,a,1,1,1\n"),
            "s.csv: line 4: stage \"a\": period ending 2020-11-30 is 5 months after the previous one (2020-06-30), "
            "but periods are 3 months long elsewhere");
  EXPECT_EQ(error_of(h + "2020-03-31,a,1,1,1\n"), "s.csv: line 2: stage \"a\" has a single period; a series needs at least two");
  EXPECT_EQ(error_of(h + "2020-03-31,a,1,1\n"), "s.csv: line 2: has 4 fields, the header has 5");
  EXPECT_EQ(error_of(h + "2020-03-31,,1,1,1\n"), "s.csv: line 2, column stage: missing");
  EXPECT_EQ(error_of("period_end,stage,receipts,disposals,outstanding,capacity\n2020-03-31,a,1,1,1,0\n"),
            "s.csv: line 2, column capacity: must be > 0 when given (leave it empty if unknown)");
  for (const std::string& e : {error_of(h + "2020-03-31,a,1,1,1\n2020-06-30,a,1,1,1\n2020-12-31,a,1,1,1\n")}) {
    EXPECT_EQ(e.find('\n'), std::string::npos);
  }
}

TEST(SeriesBalance, MismatchIsStockChangeMinusReceiptsPlusDisposals) {
  // 100 -> 102 with 10 in and 8 out balances; 102 -> 100 with 10 in and 10 out is off by -2;
  // 100 -> 110 with 10 in and 5 out is off by +5.
  const Series s = parse(std::string(kHeader) +
                         "2020-03-31,a,10,10,100\n2020-06-30,a,10,8,102\n2020-09-30,a,10,10,100\n"
                         "2020-12-31,a,10,5,110\n");
  const std::vector<BalanceCheck> checks = flow_balance(s.stages[0]);
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_DOUBLE_EQ(checks[0].mismatch, 0);
  EXPECT_DOUBLE_EQ(checks[1].mismatch, -2);
  EXPECT_DOUBLE_EQ(checks[2].mismatch, 5);
  EXPECT_EQ(describe_balance(checks), "in 2 of 3 periods; largest +5 at 2020-12-31 (4.5% of outstanding); net +3");
  EXPECT_EQ(describe_balance({checks[0]}), "");
}

TEST(SeriesScoring, HandWorkedExample) {
  // Actual 100, 110, 120; projected 105, 100, 126: errors 5%, 9.0909%, 5%.
  const std::vector<double> actual{100, 110, 120};
  EXPECT_NEAR(mape(actual, {105, 100, 126}), (5.0 + 1000.0 / 110 + 5.0) / 3, 1e-12);
  // Naive from 100: errors 0%, 9.0909%, 16.6667%.
  const std::vector<double> naive = naive_baseline(100, 3);
  EXPECT_EQ(naive, (std::vector<double>{100, 100, 100}));
  EXPECT_NEAR(mape(actual, naive), (0 + 1000.0 / 110 + 2000.0 / 120) / 3, 1e-12);
  // Trend through 90, 94, 98, 100 (x = 0..3): slope = sum dx*dy / sum dx^2 = (-1.5*-5.5 -0.5*-1.5
  // + 0.5*2.5 + 1.5*4.5) / 5 = 17/5 = 3.4, mean 95.5 at x = 1.5; so x = 4, 5, 6 give 104, 107.4, 110.8.
  const std::vector<double> trend = trend_baseline({90, 94, 98, 100}, 3);
  ASSERT_EQ(trend.size(), 3u);
  EXPECT_NEAR(trend[0], 104.0, 1e-12);
  EXPECT_NEAR(trend[1], 107.4, 1e-12);
  EXPECT_NEAR(trend[2], 110.8, 1e-12);
  EXPECT_NEAR(mape(actual, trend), (4.0 + 100 * 2.6 / 110 + 100 * 9.2 / 120) / 3, 1e-12);
  // Coverage: 100 in [95, 105], 110 not in [111, 130], 120 in [120, 120].
  EXPECT_DOUBLE_EQ(coverage(actual, {95, 111, 120}, {105, 130, 120}), 2.0 / 3);
  // Periods with an actual of 0 are left out of the MAPE.
  EXPECT_NEAR(mape({0, 100}, {5, 110}), 10.0, 1e-12);
  EXPECT_TRUE(std::isnan(mape({0}, {1})));
}

TEST(SeriesLeastSquares, ExactDataGivesExactCoefficientsAndTightDraws) {
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (int i = 0; i < 8; ++i) {
    x.push_back({1.0, static_cast<double>(i)});
    y.push_back(3.0 + 0.5 * i);
  }
  sim::Rng rng(1, 2, 3, 4);
  const LeastSquares ls = least_squares(x, y, 50, rng);
  EXPECT_NEAR(ls.beta[0], 3.0, 1e-12);
  EXPECT_NEAR(ls.beta[1], 0.5, 1e-12);
  EXPECT_NEAR(ls.rss, 0, 1e-20);
  EXPECT_NEAR(ls.estimate(1).lo, 0.5, 1e-9);
  EXPECT_NEAR(ls.estimate(1).hi, 0.5, 1e-9);
  EXPECT_THROW(least_squares({{1.0, 1.0}, {1.0, 1.0}, {1.0, 1.0}}, {1, 2, 3}, 0, rng), std::invalid_argument);
}

TEST(SeriesRateModel, AiccPicksTheFormThatGeneratedTheData) {
  // 16 quarters of a rate with trend 1.5 per quarter and seasonal effects (4, -2, -6, 4), plus
  // small alternating noise; then the same without trend and seasons.
  const double effects[4] = {4, -2, -6, 4};
  std::vector<RatePoint> seasonal, flat;
  for (int i = 0; i < 16; ++i) {
    const double noise = (i % 2 == 0 ? 0.3 : -0.3) * ((i % 3) - 1);
    const double t = i - 15;
    seasonal.push_back({100 + 1.5 * t + effects[i % 4] + noise, t, i % 4, 91});
    flat.push_back({100 + noise, t, i % 4, 91});
  }
  sim::Rng rng(7, 0, 0, 0);
  const RateModel m = fit_rate_model(seasonal, 4, 100, rng);
  EXPECT_EQ(m.form(), "level+trend+season");
  EXPECT_EQ(m.criteria.size(), 4u);
  EXPECT_NEAR(m.level().value, 100, 0.5);
  EXPECT_NEAR(m.slope().value, 1.5, 0.1);
  for (int s = 0; s < 4; ++s) EXPECT_NEAR(m.effect(s).value, effects[s], 0.5);
  EXPECT_NEAR(m.rate(m.ls.beta, 1, 0), 100 + 1.5 + 4, 0.6);
  const RateModel f = fit_rate_model(flat, 4, 100, rng);
  EXPECT_EQ(f.form(), "level");
  // Too few points for a trend: level only, and no more than 3 points is refused.
  EXPECT_EQ(fit_rate_model({seasonal.begin(), seasonal.begin() + 3}, 4, 10, rng).form(), "level");
  EXPECT_THROW(fit_rate_model({seasonal.begin(), seasonal.begin() + 2}, 4, 10, rng), std::invalid_argument);
}

}  // namespace
}  // namespace courtflow::analysis::series

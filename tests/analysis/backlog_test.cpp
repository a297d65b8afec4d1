// analysis/backlog: derived per-period metrics (share over the age threshold, clearance
// ratio) and the time to clear to a target, on hand-built period series.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "analysis/backlog.hpp"
#include "fixtures.hpp"

namespace courtflow::analysis {
namespace {

using M = sim::PeriodSeries;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(DerivedMetrics, NamesFollowTheEngineThreshold) {
  M series;
  series.age_threshold_days = 365;
  EXPECT_EQ(derived_metric_name(series, share_over_threshold), "share_over_365_days");
  EXPECT_EQ(derived_metric_name(series, clearance_ratio), "clearance_ratio");
  series.age_threshold_days = 90;
  EXPECT_EQ(derived_metric_name(series, share_over_threshold), "share_over_90_days");
}

TEST(DerivedMetrics, RatiosAndUndefinedCases) {
  auto r = testing::replication(0);
  M& s = r.series;
  s.at(0, 0, M::wip) = 8;
  s.at(0, 0, M::over_threshold) = 2;
  s.at(0, 0, M::arrivals) = 5;
  s.at(0, 0, M::completions) = 4;
  s.at(0, 0, M::abandoned) = 1;
  EXPECT_DOUBLE_EQ(derived_value(s, 0, 0, share_over_threshold), 0.25);
  EXPECT_DOUBLE_EQ(derived_value(s, 0, 0, clearance_ratio), 1.0);
  s.at(0, 0, M::wip) = 0;
  s.at(0, 0, M::arrivals) = 0;
  EXPECT_TRUE(std::isnan(derived_value(s, 0, 0, share_over_threshold)));
  EXPECT_TRUE(std::isnan(derived_value(s, 0, 0, clearance_ratio)));
}

// Three replications with wip at the intake of (period 30, period 60): (9, 4), (3, 1), (9, 9).
sim::ReplicationSet falling_backlog() {
  auto set = testing::replication_set(3);
  const double wip[3][2] = {{9, 4}, {3, 1}, {9, 9}};
  for (std::size_t r = 0; r < 3; ++r) {
    for (std::size_t p = 0; p < 2; ++p) set.replications[r].series.at(p, 0, M::wip) = wip[r][p];
  }
  return set;
}

TEST(DaysToTarget, FirstPeriodEndAtOrBelowTheTarget) {
  const auto set = falling_backlog();
  const auto results = days_to_target(set, testing::two_stage_network(), {4, kNaN, kNaN});
  ASSERT_EQ(results.size(), 1u);
  const TargetResult& t = results[0];
  EXPECT_EQ(t.id, "intake");
  EXPECT_EQ(t.target_wip, 4);
  EXPECT_EQ(t.replications, 3u);
  EXPECT_EQ(t.reached, 2u);  // the third never gets to 4
  EXPECT_NEAR(t.reached_share(), 2.0 / 3.0, 1e-15);
  EXPECT_EQ(t.days.n, 2u);
  EXPECT_DOUBLE_EQ(t.days.mean, 45);  // 60 and 30
  EXPECT_LT(t.days.lo, 45);
  EXPECT_GT(t.days.hi, 45);
}

TEST(DaysToTarget, NeverReachedGivesNoInterval) {
  const auto set = falling_backlog();
  const auto results = days_to_target(set, testing::two_stage_network(), {0.5, kNaN, kNaN});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].reached, 0u);
  EXPECT_EQ(results[0].reached_share(), 0.0);
  EXPECT_FALSE(results[0].days.has_value());
}

TEST(DaysToTarget, SystemRowIsLastAndNamedSystem) {
  const auto set = falling_backlog();
  // System wip in the fixture is r + p + 2 + 0: 2..5, always at or below 100.
  const auto results = days_to_target(set, testing::two_stage_network(), {kNaN, 1000, 100});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].id, "wait,list");
  EXPECT_EQ(results[1].id, "system");
  EXPECT_EQ(results[1].reached, 3u);
  EXPECT_DOUBLE_EQ(results[1].days.mean, 30);
  EXPECT_EQ(results[1].days.lo, 30);  // no spread
}

TEST(DaysToTarget, AfterDaySkipsEarlierPeriodEnds) {
  const auto set = falling_backlog();
  // At or below 9 everywhere at day 30; after day 30 only day 60 counts: 4, 1 and 9 again.
  const auto all = days_to_target(set, testing::two_stage_network(), {9, kNaN, kNaN});
  EXPECT_DOUBLE_EQ(all[0].days.mean, 30);
  EXPECT_LT(all[0].after_day, 0);
  const auto later = days_to_target(set, testing::two_stage_network(), {9, kNaN, kNaN}, 30);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].after_day, 30);
  EXPECT_EQ(later[0].reached, 3u);
  EXPECT_DOUBLE_EQ(later[0].days.mean, 60);
  const auto none = days_to_target(set, testing::two_stage_network(), {9, kNaN, kNaN}, 60);
  EXPECT_EQ(none[0].reached, 0u);
}

}  // namespace
}  // namespace courtflow::analysis

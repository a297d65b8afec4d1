// Reporting groups: sums within each replication, then across replications (worked by hand
// from the fixture: wip at period p, row k of replication r is r + p + k + metric).

#include <gtest/gtest.h>

#include <sstream>

#include "analysis/stage_groups.hpp"
#include "models/dates.hpp"
#include "tests/analysis/fixtures.hpp"

namespace courtflow::analysis {
namespace {

using testing::replication_set;
using testing::two_stage_model;
using testing::two_stage_network;

models::Model model_with_group() {
  models::Model m = two_stage_model();
  m.groups = {models::StageGroupDef{"court", {"intake", "wait,list"}, "both stages"}};
  return m;
}

TEST(StageGroups, ResolveGroupsStagesAndTheSystem) {
  const models::Model m = model_with_group();
  const sim::Network n = two_stage_network();
  const std::vector<CaseloadSelection> groups = model_groups(m, n);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].rows, (std::vector<int>{0, 1}));
  EXPECT_EQ(groups[0].description, "both stages");
  EXPECT_EQ(find_selection("court", m, n)->rows, (std::vector<int>{0, 1}));
  EXPECT_EQ(find_selection("wait,list", m, n)->rows, std::vector<int>{1});
  EXPECT_EQ(find_selection("system", m, n)->rows, std::vector<int>{2});
  EXPECT_FALSE(find_selection("nowhere", m, n).has_value());
}

TEST(StageGroups, SumWithinEachReplicationBeforeReducing) {
  const sim::ReplicationSet set = replication_set(3);
  const CaseloadSelection court = model_groups(model_with_group(), two_stage_network())[0];
  // wip at period 0: replication r has r + 0 + (0 + 1) summed over rows 0 and 1 = 2r + 1,
  // i.e. 1, 3, 5: mean 3, sd 2, half-width t(0.975, 2) * 2 / sqrt(3) = 4.96828.
  const std::vector<CaseloadPoint> series = caseload_series(set, court);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].period_end, 30);
  EXPECT_DOUBLE_EQ(series[0].mean.mean, 3);
  EXPECT_NEAR(series[0].mean.hi - 3, 4.302653 * 2 / std::sqrt(3.0), 1e-5);
  EXPECT_DOUBLE_EQ(series[0].p05, 1.2);  // type 7: 1 + 0.1 * (3 - 1)
  EXPECT_DOUBLE_EQ(series[0].p50, 3);
  EXPECT_DOUBLE_EQ(series[0].p95, 4.8);
  EXPECT_DOUBLE_EQ(series[1].mean.mean, 5);  // 2r + 2 + 1
  // waiting (metric 1) adds one per row: 2r + 3.
  EXPECT_DOUBLE_EQ(caseload_series(set, court, sim::PeriodSeries::waiting)[0].mean.mean, 5);
  // At the horizon: intake holds 3 and the delay 0 in every replication.
  const Interval end = caseload_at_end(set, court);
  EXPECT_DOUBLE_EQ(end.mean, 3);
  EXPECT_DOUBLE_EQ(end.lo, 3);
}

TEST(StageGroups, GroupsCsvHasTheTimeSeriesShape) {
  const sim::ReplicationSet set = replication_set(3);
  const std::vector<CaseloadSelection> groups = model_groups(model_with_group(), two_stage_network());
  std::ostringstream out;
  write_groups_csv(out, set, groups, models::parse_iso_date("2025-01-01"));
  EXPECT_EQ(out.str(),
            "period_end_day,period_end_date,group,metric,mean,p05,p50,p95\n"
            "30,2025-01-30,court,wip,3,1.2,3,4.8\n"
            "30,2025-01-30,court,waiting,5,3.2,5,6.8\n"
            "60,2025-03-01,court,wip,5,3.2,5,6.8\n"
            "60,2025-03-01,court,waiting,7,5.2,7,8.8\n");
  std::ostringstream none;
  write_groups_csv(none, set, {}, std::nullopt);
  EXPECT_EQ(none.str(), "period_end_day,period_end_date,group,metric,mean,p05,p50,p95\n");
}

}  // namespace
}  // namespace courtflow::analysis

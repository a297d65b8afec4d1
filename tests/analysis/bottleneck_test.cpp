// Bottleneck choice: highest utilisation, near-ties broken by wait then queue, infinite and
// unmeasured stages skipped, a plain-words reason with numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "analysis/bottleneck.hpp"

namespace courtflow::analysis {
namespace {

StageMeasures stage(const std::string& id, double utilisation, double wait, double queue) {
  StageMeasures s;
  s.id = id;
  s.utilisation = interval({utilisation});
  s.mean_wait_days = interval({wait});
  s.mean_queue_length = interval({queue});
  return s;
}

StageMeasures delay(const std::string& id) {
  StageMeasures s;
  s.id = id;
  s.infinite = true;
  s.utilisation = interval({});
  s.mean_wait_days = interval({0});
  s.mean_queue_length = interval({0});
  return s;
}

TEST(Bottleneck, IsTheStageWithTheHighestUtilisation) {
  const auto b = find_bottleneck({stage("a", 0.5, 30, 3), stage("b", 0.9, 2, 1), delay("c")}, "");
  ASSERT_TRUE(b.stage);
  EXPECT_EQ(*b.stage, "b");
  EXPECT_EQ(b.reason, "highest utilisation (0.90) with a mean wait of 2.0 days and 1.0 cases waiting on average");
}

TEST(Bottleneck, NearTiesGoToTheLongerWait) {
  const auto b = find_bottleneck({stage("a", 0.97, 2, 50), stage("b", 0.965, 12.34, 41)}, "defendants");
  EXPECT_EQ(*b.stage, "b");
  EXPECT_EQ(b.reason,
            "utilisation within 0.01 of the highest (0.96) with a mean wait of 12.3 days and 41.0 defendants "
            "waiting on average");
}

TEST(Bottleneck, ShortWaitsKeepTwoDecimals) {
  const auto b = find_bottleneck({stage("a", 0.83, 0.043, 1.4)}, "applications");
  EXPECT_EQ(b.reason,
            "highest utilisation (0.83) with a mean wait of 0.04 days and 1.4 applications waiting on average");
}

TEST(Bottleneck, EqualWaitsGoToTheLongerQueue) {
  const auto b = find_bottleneck({stage("a", 0.9, 5, 10), stage("b", 0.9, 5, 20)}, "");
  EXPECT_EQ(*b.stage, "b");
}

TEST(Bottleneck, NoneWhenEveryStageIsInfinite) {
  const auto b = find_bottleneck({delay("x"), delay("y")}, "");
  EXPECT_FALSE(b.stage);
  EXPECT_EQ(b.reason, "no capacity-limited stage");
  EXPECT_EQ(to_json(b).dump(), R"({"stage":null,"reason":"no capacity-limited stage"})");
}

TEST(Bottleneck, ReasonShowsTheIntervalWhenThereIsOne) {
  StageMeasures s = stage("a", 0.97, 12.3, 41);
  s.utilisation = interval({0.96, 0.97, 0.98});
  const auto b = find_bottleneck({s}, "");
  EXPECT_NE(b.reason.find("highest utilisation (0.97, 95% CI 0.95-0.99)"), std::string::npos) << b.reason;
}

StageMeasures closed(const std::string& id, double queue) {
  StageMeasures s;
  s.id = id;
  s.utilisation = interval({});  // no server time after warm-up: utilisation 0/0 in every replication
  s.mean_wait_days = interval({});
  s.mean_queue_length = interval({queue});
  return s;
}

TEST(Bottleneck, AClosedStageWithCasesWaitingComesFirst) {
  const auto b = find_bottleneck({stage("a", 0.5, 30, 3), closed("shut", 120), stage("b", 0.9, 2, 1)}, "");
  ASSERT_TRUE(b.stage);
  EXPECT_EQ(*b.stage, "shut");
  EXPECT_EQ(b.reason, "closed: no server time after warm-up, with 120 cases waiting on average");
  const auto ranking = rank_stages({stage("a", 0.5, 30, 3), closed("shut", 120), stage("b", 0.9, 2, 1)}, "");
  ASSERT_EQ(ranking.size(), 3u);
  EXPECT_EQ(ranking[0].stage, "shut");
  EXPECT_EQ(ranking[1].stage, "b");
  EXPECT_EQ(ranking[1].reason.rfind("utilisation (0.90)", 0), 0u) << ranking[1].reason;
}

TEST(Bottleneck, RankingUtilisationIsInfiniteOnlyForAClosedStageWithCasesWaiting) {
  // The rule shared by the ranking and the per-period ranking of bottlenecks.json.
  EXPECT_EQ(ranking_utilisation(std::nan(""), 3.0), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(ranking_utilisation(std::nan(""), 0.0)));
  EXPECT_EQ(ranking_utilisation(0.7, 3.0), 0.7);
}

TEST(Bottleneck, AClosedStageNobodyWaitsAtIsLeftOut) {
  const auto b = find_bottleneck({closed("unused", 0), stage("a", 0.5, 30, 3)}, "");
  EXPECT_EQ(*b.stage, "a");
}

TEST(RankStages, OrdersWorstFirstAndSkipsInfiniteStages) {
  const auto ranking = rank_stages({stage("a", 0.5, 1, 1), delay("d"), stage("b", 0.9, 1, 1), stage("c", 0.7, 1, 1)}, "");
  ASSERT_EQ(ranking.size(), 3u);
  EXPECT_EQ(ranking[0].stage, "b");
  EXPECT_EQ(ranking[1].stage, "c");
  EXPECT_EQ(ranking[2].stage, "a");
  EXPECT_EQ(ranking[1].reason.rfind("utilisation (0.70)", 0), 0u);
}

}  // namespace
}  // namespace courtflow::analysis

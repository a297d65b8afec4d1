// Routing tables: which stage a case goes to next, and when the stage's routing stream is drawn
// from. A stage whose every table has one outcome whatever the draw takes no draw; a stage
// where any case type or epoch can go more than one way draws for every case, so that its
// stream stays aligned across case types and scenarios.

#include "sim/router.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace courtflow::sim {
namespace {

RouteSpec route(int from, int to, double p, int case_type = kAnyCaseType, SimTime from_day = 0) {
  RouteSpec r;
  r.from = from;
  r.to = to;
  r.p = p;
  r.case_type = case_type;
  r.from_day = from_day;
  return r;
}

/// `r`, valid only until `day`.
RouteSpec until(RouteSpec r, SimTime day) {
  r.until_day = day;
  return r;
}

Network network(int stages, int types, std::vector<RouteSpec> routes) {
  Network net;
  for (int t = 0; t < types; ++t) net.case_types.push_back({"type" + std::to_string(t), 0});
  for (int s = 0; s < stages; ++s) {
    StageSpec stage;
    stage.name = "s" + std::to_string(s);
    stage.capacity = {{0, 1}};
    stage.service = Distribution::fixed(1.0);
    net.stages.push_back(stage);
  }
  net.routes = std::move(routes);
  return net;
}

/// Whether next() took a draw from `rng`: a copy that was not used gives the same next output
/// only if it did not.
bool draws(const Router& router, int stage, int type, SimTime now, int* to = nullptr) {
  Rng used(3, 0, 3, 0);
  Rng unused = used;
  const int next = router.next(stage, type, now, used);
  if (to != nullptr) *to = next;
  return used() != unused();
}

TEST(Router, ACertainRouteTakesNoDraw) {
  const Router router(network(3, 1, {route(0, 1, 1.0)}));
  int to = -2;
  EXPECT_FALSE(draws(router, 0, 0, 0.0, &to));
  EXPECT_EQ(to, 1);
  EXPECT_FALSE(draws(router, 1, 0, 0.0, &to));  // no route: the exit
  EXPECT_EQ(to, kExit);
}

TEST(Router, AnUncertainRouteDraws) {
  const Router router(network(3, 1, {route(0, 1, 0.4), route(0, 2, 0.6)}));
  EXPECT_TRUE(draws(router, 0, 0, 0.0));
  // Some of the exit's share left: uncertain too.
  const Router leaky(network(2, 1, {route(0, 1, 0.999)}));
  EXPECT_TRUE(draws(leaky, 0, 0, 0.0));
}

TEST(Router, TheSameOutcomeAtBothEndsIsNotEnoughWhenTheMiddleDiffers) {
  // To 1, then 2, then 1 again: the smallest and the largest draw both go to 1.
  const Router router(network(3, 1, {route(0, 1, 0.3), route(0, 2, 0.3), route(0, 1, 0.4)}));
  EXPECT_TRUE(draws(router, 0, 0, 0.0));
  Rng rng(5, 0, 3, 0);
  int to_two = 0;
  for (int i = 0; i < 1000; ++i) to_two += router.next(0, 0, 0.0, rng) == 2 ? 1 : 0;
  EXPECT_GT(to_two, 0);
}

TEST(Router, AStageDrawsForEveryTypeWhenAnyTypeIsUncertain) {
  // Type 0 always goes to 1; type 1 may go to 2. Type 0's cases draw too, so that the stage's
  // stream is the same whichever types pass through.
  const Router router(network(3, 2, {route(0, 1, 1.0, 0), route(0, 2, 0.5, 1)}));
  int to = -2;
  EXPECT_TRUE(draws(router, 0, 0, 0.0, &to));
  EXPECT_EQ(to, 1);
  EXPECT_TRUE(draws(router, 0, 1, 0.0));
}

TEST(Router, AStageDrawsInEveryEpochWhenAnyEpochIsUncertain) {
  // To 1 until day 100, then to 2: certain in both epochs, no draw.
  const RouteSpec to_1_until_100 = until(route(0, 1, 1.0), 100.0);
  const Router router(network(3, 1, {to_1_until_100, route(0, 2, 1.0, kAnyCaseType, 100.0)}));
  int to = -2;
  EXPECT_FALSE(draws(router, 0, 0, 50.0, &to));
  EXPECT_EQ(to, 1);
  EXPECT_FALSE(draws(router, 0, 0, 150.0, &to));
  EXPECT_EQ(to, 2);
  // Certain until day 100, then a share of 0.3 leaves: the draw is taken before day 100 too.
  const Router changing(network(2, 1, {to_1_until_100, route(0, 1, 0.7, kAnyCaseType, 100.0)}));
  EXPECT_TRUE(draws(changing, 0, 0, 50.0, &to));
  EXPECT_EQ(to, 1);
  EXPECT_TRUE(draws(changing, 0, 0, 150.0));
}

TEST(Router, EpochsWithOneCertainOutcomeGiveItOnEveryDay) {
  // Two routes to 1, one until day 100 and one from it: a certain route in both epochs, to the
  // same stage, answered without the epochs (and without a draw) on either side of the change.
  const Router router(network(3, 1, {until(route(0, 1, 1.0), 100.0), route(0, 1, 1.0, kAnyCaseType, 100.0)}));
  for (SimTime day : {0.0, 99.5, 100.0, 1e6}) {
    int to = -2;
    EXPECT_FALSE(draws(router, 0, 0, day, &to)) << day;
    EXPECT_EQ(to, 1) << day;
  }
  // To 1 until day 100, to the exit until day 200, to 1 again: certain in each epoch, but not
  // the same in all of them, so the day decides.
  const Router gapped(network(2, 1, {until(route(0, 1, 1.0), 100.0), route(0, 1, 1.0, kAnyCaseType, 200.0)}));
  int to = -2;
  EXPECT_FALSE(draws(gapped, 0, 0, 50.0, &to));
  EXPECT_EQ(to, 1);
  EXPECT_FALSE(draws(gapped, 0, 0, 150.0, &to));
  EXPECT_EQ(to, kExit);
  EXPECT_FALSE(draws(gapped, 0, 0, 250.0, &to));
  EXPECT_EQ(to, 1);
}

}  // namespace
}  // namespace courtflow::sim

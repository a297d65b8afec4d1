// Traffic equations against hand-computed values: a three-stage feedback network (visit
// rates as exact fractions), per-type routing and service times, a singular routing matrix,
// capacity and rate schedules averaged over a window, and the caveats that mark a network
// as not stationary. Deterministic: no engine runs.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/traffic_equations.hpp"

namespace courtflow::analysis {
namespace {

sim::StageSpec finite(const std::string& name, std::int64_t servers, double mean) {
  sim::StageSpec s;
  s.name = name;
  s.capacity = {{0, servers}};
  s.service = sim::Distribution::exponential(mean);
  return s;
}

sim::StageSpec delay(const std::string& name, double value) {
  sim::StageSpec s;
  s.name = name;
  s.infinite = true;
  s.service = sim::Distribution::fixed(value);
  return s;
}

sim::RouteSpec route(int from, int to, double p, int type = sim::kAnyCaseType) {
  sim::RouteSpec r;
  r.from = from;
  r.to = to;
  r.p = p;
  r.case_type = type;
  return r;
}

// gamma_A = 2; A -> B (1); B -> A (0.25), B -> C (0.5), exit 0.25; C -> B (0.2), exit 0.8.
// lambda_A = 2 + lambda_B / 4, lambda_B = lambda_A + lambda_C / 5, lambda_C = lambda_B / 2
// => lambda = (36/13, 40/13, 20/13).
sim::Network feedback_network() {
  sim::Network n;
  n.stages = {finite("a", 4, 1.0), finite("b", 5, 1.5), delay("c", 3.0)};
  n.case_types = {{"default", 0}};
  n.arrivals = {{0, 0, {{0, 2.0}}}};
  n.routes = {route(0, 1, 1.0), route(1, 0, 0.25), route(1, 2, 0.5), route(2, 1, 0.2)};
  return n;
}

TEST(TrafficEquations, FeedbackNetworkMatchesHandComputedVisitRates) {
  const TrafficSolution t = solve_traffic(feedback_network(), 0, 100);
  ASSERT_TRUE(t.solved) << t.problem;
  EXPECT_TRUE(t.stationary);
  EXPECT_TRUE(t.caveats.empty());
  EXPECT_DOUBLE_EQ(t.external_arrivals_per_day, 2.0);
  EXPECT_NEAR(t.arrivals_per_day[0], 36.0 / 13, 1e-12);
  EXPECT_NEAR(t.arrivals_per_day[1], 40.0 / 13, 1e-12);
  EXPECT_NEAR(t.arrivals_per_day[2], 20.0 / 13, 1e-12);
  EXPECT_NEAR(t.visits_per_arrival[0], 18.0 / 13, 1e-12);
  EXPECT_NEAR(t.visits_per_arrival[1], 20.0 / 13, 1e-12);
  EXPECT_NEAR(t.visits_per_arrival[2], 10.0 / 13, 1e-12);
  // rho = lambda E[S] / c: a 36/13 / 4 = 9/13; b 40/13 * 1.5 / 5 = 12/13; c a pure delay.
  EXPECT_NEAR(t.offered_load[0], 9.0 / 13, 1e-12);
  EXPECT_NEAR(t.offered_load[1], 12.0 / 13, 1e-12);
  EXPECT_TRUE(std::isnan(t.offered_load[2]));
  // Bound: min over a, b of gamma / rho = min(26/9, 26/12) = 13/6 cases a day, at b.
  EXPECT_NEAR(t.stage_bound_per_day[0], 26.0 / 9, 1e-12);
  EXPECT_NEAR(t.stage_bound_per_day[1], 13.0 / 6, 1e-12);
  EXPECT_NEAR(t.throughput_bound_per_day, 13.0 / 6, 1e-12);
  ASSERT_TRUE(t.binding_stage);
  EXPECT_EQ(*t.binding_stage, 1u);
  EXPECT_DOUBLE_EQ(t.mean_service_days[1], 1.5);
}

// Two types share stage x but only "b" loops back through it (0.5), and "b" takes twice as
// long there: lambda_x = 1 (type a) + 2 (type b, 1 / (1 - 0.5)) = 3; mean service at x is
// visit-weighted (1 * 1 + 2 * 2) / 3 = 5/3; rho_x = (1 + 4) / 10 = 0.5.
TEST(TrafficEquations, RoutesAndServiceTimesPerCaseType) {
  sim::Network n;
  n.stages = {finite("x", 10, 1.0)};
  n.stages[0].service_by_type = {std::nullopt, sim::Distribution::exponential(2.0)};
  n.case_types = {{"a", 0}, {"b", 0}};
  n.arrivals = {{0, 0, {{0, 1.0}}}, {0, 1, {{0, 1.0}}}};
  n.routes = {route(0, 0, 0.5, 1)};
  const TrafficSolution t = solve_traffic(n, 0, 10);
  ASSERT_TRUE(t.solved) << t.problem;
  EXPECT_NEAR(t.arrivals_per_day[0], 3.0, 1e-12);
  EXPECT_NEAR(t.visits_per_arrival[0], 1.5, 1e-12);
  EXPECT_NEAR(t.mean_service_days[0], 5.0 / 3, 1e-12);
  EXPECT_NEAR(t.offered_load[0], 0.5, 1e-12);
  EXPECT_NEAR(t.throughput_bound_per_day, 4.0, 1e-12);
}

TEST(TrafficEquations, ALoopCasesCannotLeaveIsReportedNotDividedThrough) {
  sim::Network n = feedback_network();
  n.routes = {route(0, 1, 1.0), route(1, 0, 1.0)};  // a <-> b forever (validation would refuse it)
  const TrafficSolution t = solve_traffic(n, 0, 100);
  EXPECT_FALSE(t.solved);
  EXPECT_NE(t.problem.find("never leave"), std::string::npos) << t.problem;
  EXPECT_TRUE(std::isnan(t.arrivals_per_day[0]));
  EXPECT_TRUE(std::isnan(t.throughput_bound_per_day));
  EXPECT_FALSE(t.binding_stage);
}

TEST(TrafficEquations, RoutesInForceOnDayZeroOnly) {
  sim::Network n = feedback_network();
  sim::RouteSpec later = route(2, 1, 0.6);
  later.from_day = 50;
  n.routes[3].until_day = 50;
  n.routes.push_back(later);
  const TrafficSolution t = solve_traffic(n, 0, 100);
  ASSERT_TRUE(t.solved);
  EXPECT_NEAR(t.arrivals_per_day[1], 40.0 / 13, 1e-12);  // the day-0 route (0.2) is used
  EXPECT_FALSE(t.stationary);
  ASSERT_EQ(t.caveats.size(), 1u);
  EXPECT_NE(t.caveats[0].find("routing changes over time (from c)"), std::string::npos) << t.caveats[0];
}

TEST(TrafficEquations, SchedulesAreAveragedOverTheWindow) {
  // Servers 10 on [0, 50), 20 from 50; service factor 2 from day 25: effective servers 10,
  // 5, 10 on [0, 25), [25, 50), [50, 100): average (250 + 125 + 500) / 100 = 8.75.
  sim::StageSpec s = finite("s", 10, 1.0);
  s.capacity.push_back({50, 20});
  s.service_scale = {{25, 2.0}};
  const CapacityProfile p = capacity_profile(s, 0, 100);
  EXPECT_TRUE(p.varies);
  EXPECT_DOUBLE_EQ(p.mean_servers, 15.0);
  EXPECT_EQ(p.min_servers, 10);
  EXPECT_EQ(p.max_servers, 20);
  EXPECT_DOUBLE_EQ(p.mean_effective_servers, 8.75);
  EXPECT_DOUBLE_EQ(p.min_effective_servers, 5.0);
  EXPECT_DOUBLE_EQ(p.max_effective_servers, 10.0);
  // A window inside one step does not vary.
  const CapacityProfile late = capacity_profile(s, 60, 100);
  EXPECT_FALSE(late.varies);
  EXPECT_DOUBLE_EQ(late.mean_effective_servers, 10.0);
  EXPECT_TRUE(capacity_profile(delay("d", 1), 0, 100).infinite);

  const std::vector<sim::RateStep> rates{{0, 1.0}, {10, 3.0}};
  EXPECT_DOUBLE_EQ(mean_rate(rates, 0, 20), 2.0);
  EXPECT_DOUBLE_EQ(mean_rate(rates, 15, 20), 3.0);
  EXPECT_DOUBLE_EQ(mean_rate(rates, 5, 5), 1.0);  // an empty window: the rate in force
}

TEST(TrafficEquations, CaveatsNameWhatTheEquationsLeaveOut) {
  sim::Network n = feedback_network();
  n.stages[1].patience = sim::Distribution::exponential(30);
  n.stages[0].capacity.push_back({40, 6});
  n.arrivals[0].schedule.push_back({60, 3.0});
  n.initial_wip = {{1, 0, 25, std::nullopt}};
  const TrafficSolution t = solve_traffic(n, 0, 100);
  ASSERT_TRUE(t.solved);
  EXPECT_FALSE(t.stationary);
  ASSERT_EQ(t.caveats.size(), 4u);
  EXPECT_NE(t.caveats[0].find("arrival rates change over time (at a)"), std::string::npos) << t.caveats[0];
  EXPECT_NE(t.caveats[1].find("capacity changes over time (at a)"), std::string::npos) << t.caveats[1];
  EXPECT_NE(t.caveats[2].find("abandon the queue at b"), std::string::npos) << t.caveats[2];
  EXPECT_NE(t.caveats[3].find("25 cases in progress"), std::string::npos) << t.caveats[3];
  // gamma averaged over [0, 100]: 2 for 60 days, 3 for 40: 2.4.
  EXPECT_NEAR(t.external_arrivals_per_day, 2.4, 1e-12);
  EXPECT_NEAR(t.arrivals_per_day[0], 2.4 * 18 / 13, 1e-12);
}

}  // namespace
}  // namespace courtflow::analysis

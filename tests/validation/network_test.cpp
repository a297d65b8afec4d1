// Networks with product-form (Jackson) solutions: a tandem line of M/M/c stages, two stages
// with feedback (A -> B, B -> A with probability p), and a stage that routes back to itself
// (re-listing). Traffic equations give each stage's arrival rate; each stage is then an M/M/c
// queue, and the mean time in system follows from Little's law.

#include <gtest/gtest.h>

#include "tests/validation/validation_support.hpp"

namespace courtflow::validation {
namespace {

using sim::Distribution;
using sim::ReplicationResult;

sim::RouteSpec route(int from, int to, double p) {
  sim::RouteSpec r;
  r.from = from;
  r.to = to;
  r.p = p;
  return r;
}

TEST(TandemJackson, StageWaitsAndSystemTimeMatchMMc) {
  // Three stages at utilisation 0.8 each: M/M/2, M/M/3 and M/M/1 in series.
  const double lambda = 1.6;
  const int servers[] = {2, 3, 1};
  const double mean_service[] = {1.0, 1.5, 0.5};
  sim::Network net = network_of({finite_stage("charge", servers[0], Distribution::exponential(mean_service[0])),
                                 finite_stage("list", servers[1], Distribution::exponential(mean_service[1])),
                                 finite_stage("sentence", servers[2], Distribution::exponential(mean_service[2]))});
  net.arrivals = {poisson(0, lambda)};
  net.routes = {route(0, 1, 1.0), route(1, 2, 1.0)};
  sim::RunConfig config;
  config.warmup = 1'000;
  config.horizon = 51'000;
  const auto set = run(net, config, 30);

  double system_time = 0;
  for (int s = 0; s < 3; ++s) {
    const double wq = mmc_wait(servers[s], lambda, 1 / mean_service[s]);
    system_time += wq + mean_service[s];
    const auto idx = static_cast<std::size_t>(s);
    expect_covers("tandem stage " + std::to_string(s) + " mean wait (M/M/" + std::to_string(servers[s]) + ")",
                  interval_of(set, [idx](const ReplicationResult& r) { return r.stages[idx].mean_wait(); }), wq);
    expect_covers("tandem stage " + std::to_string(s) + " utilisation",
                  interval_of(set, [idx](const ReplicationResult& r) { return r.stages[idx].utilisation(); }), 0.8,
                  0.01);
  }
  expect_covers("tandem time in system (sum of stages)", interval_of(set, [](const ReplicationResult& r) {
                  return r.system.mean_time_in_system();
                }), system_time);
}

TEST(JacksonFeedback, TwoStagesWithFeedbackMatchTrafficEquations) {
  // External arrivals at A; A -> B always; B -> A with p = 0.3, else exit.
  const double lambda = 0.5, p = 0.3;
  const double mean_a = 1.0, mean_b = 1.1;
  sim::Network net = network_of({finite_stage("A", 1, Distribution::exponential(mean_a)),
                                 finite_stage("B", 1, Distribution::exponential(mean_b))});
  net.arrivals = {poisson(0, lambda)};
  net.routes = {route(0, 1, 1.0), route(1, 0, p)};
  sim::RunConfig config;
  config.warmup = 1'000;
  config.horizon = 61'000;
  const auto set = run(net, config, 30);

  const double rate = lambda / (1 - p);  // traffic equations: lambda_A = lambda_B
  const double rho_a = rate * mean_a, rho_b = rate * mean_b;
  const double wq_a = rho_a * mean_a / (1 - rho_a), wq_b = rho_b * mean_b / (1 - rho_b);
  const double l_total = rho_a / (1 - rho_a) + rho_b / (1 - rho_b);
  expect_covers("feedback stage A mean wait", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].mean_wait();
                }), wq_a);
  expect_covers("feedback stage B mean wait", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[1].mean_wait();
                }), wq_b);
  expect_covers("feedback stage A throughput (traffic equations)", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].throughput_per_day(r.observed_days);
                }), rate, 0.01);
  expect_covers("feedback stage B utilisation", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[1].utilisation();
                }), rho_b, 0.01);
  expect_covers("feedback time in system (Little)", interval_of(set, [](const ReplicationResult& r) {
                  return r.system.mean_time_in_system();
                }), l_total / lambda);
}

TEST(SelfLoop, RelistingMatchesEffectiveRate) {
  // A stage that re-lists a case (routes it back to itself) with p = 0.25.
  const double lambda = 0.6, p = 0.25, mean = 1.0;
  sim::Network net = network_of({finite_stage("trial", 1, Distribution::exponential(mean))});
  net.arrivals = {poisson(0, lambda)};
  net.routes = {route(0, 0, p)};
  sim::RunConfig config;
  config.warmup = 1'000;
  config.horizon = 61'000;
  const auto set = run(net, config, 30);

  const double rate = lambda / (1 - p);  // 0.8 visits a day
  const double rho = rate * mean;
  const double per_visit = mean / (1 - rho);
  expect_covers("self-loop mean wait per visit", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].mean_wait();
                }), rho * per_visit);
  expect_covers("self-loop throughput (visits a day)", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].throughput_per_day(r.observed_days);
                }), rate, 0.01);
  expect_covers("self-loop time in system (visits x per visit)", interval_of(set, [](const ReplicationResult& r) {
                  return r.system.mean_time_in_system();
                }), per_visit / (1 - p));
}

}  // namespace
}  // namespace courtflow::validation

// Single-stage queues with closed forms: M/M/1, M/M/c (Erlang C), M/D/1 and M/G/1 with
// lognormal service (Pollaczek-Khinchine). One model per test; each checks several measures
// against the truth with a 95% interval across replications (validation_support.hpp).

#include <gtest/gtest.h>

#include <cmath>

#include "tests/validation/validation_support.hpp"

namespace courtflow::validation {
namespace {

using sim::Distribution;
using sim::ReplicationResult;

TEST(MM1, MatchesClosedForm) {
  const double lambda = 0.8, mu = 1.0, rho = lambda / mu;
  sim::Network net = network_of({finite_stage("server", 1, Distribution::exponential(1 / mu))});
  net.arrivals = {poisson(0, lambda)};
  sim::RunConfig config;
  config.warmup = 1'000;
  config.horizon = 61'000;
  const auto set = run(net, config, 20);

  const double wq = rho / (mu - lambda);  // 4
  expect_covers("M/M/1 mean wait Wq", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].mean_wait();
                }), wq);
  expect_covers("M/M/1 mean queue length Lq", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].mean_queue_length(r.observed_days);
                }), lambda * wq);
  expect_covers("M/M/1 utilisation", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].utilisation();
                }), rho, 0.01);
  expect_covers("M/M/1 time in system W", interval_of(set, [](const ReplicationResult& r) {
                  return r.system.mean_time_in_system();
                }), 1 / (mu - lambda));
  expect_covers("M/M/1 throughput per day", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].throughput_per_day(r.observed_days);
                }), lambda, 0.01);
}

TEST(MMc, WaitMatchesErlangC) {
  const int c = 3;
  const double lambda = 2.4, mu = 1.0;  // rho = 0.8
  sim::Network net = network_of({finite_stage("bench", c, Distribution::exponential(1 / mu))});
  net.arrivals = {poisson(0, lambda)};
  sim::RunConfig config;
  config.warmup = 500;
  config.horizon = 25'500;
  const auto set = run(net, config, 20);

  const double wq = mmc_wait(c, lambda, mu);  // Erlang C: 1.0787...
  expect_covers("M/M/3 mean wait (Erlang C)", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].mean_wait();
                }), wq);
  expect_covers("M/M/3 mean queue length", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].mean_queue_length(r.observed_days);
                }), lambda * wq);
  expect_covers("M/M/3 utilisation", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].utilisation();
                }), lambda / (c * mu), 0.01);
  expect_covers("M/M/3 time in system", interval_of(set, [](const ReplicationResult& r) {
                  return r.system.mean_time_in_system();
                }), wq + 1 / mu);
}

TEST(MD1, WaitMatchesPollaczekKhinchine) {
  const double lambda = 0.8, d = 1.0, rho = lambda * d;
  sim::Network net = network_of({finite_stage("server", 1, Distribution::fixed(d))});
  net.arrivals = {poisson(0, lambda)};
  sim::RunConfig config;
  config.warmup = 1'000;
  config.horizon = 41'000;
  const auto set = run(net, config, 20);

  const double wq = rho * d / (2 * (1 - rho));  // 2
  expect_covers("M/D/1 mean wait (P-K)", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].mean_wait();
                }), wq);
  expect_covers("M/D/1 mean queue length", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].mean_queue_length(r.observed_days);
                }), lambda * wq);
  expect_covers("M/D/1 time in system", interval_of(set, [](const ReplicationResult& r) {
                  return r.system.mean_time_in_system();
                }), wq + d);
}

TEST(MG1, LognormalWaitMatchesPollaczekKhinchine) {
  const double lambda = 0.7, mean = 1.0, sd = 1.5;
  const double es2 = sd * sd + mean * mean, rho = lambda * mean;
  sim::Network net = network_of({finite_stage("server", 1, Distribution::lognormal(mean, sd))});
  net.arrivals = {poisson(0, lambda)};
  sim::RunConfig config;
  config.warmup = 1'000;
  config.horizon = 81'000;
  const auto set = run(net, config, 20);

  const double wq = lambda * es2 / (2 * (1 - rho));  // 3.7917
  expect_covers("M/G/1 lognormal(1, 1.5) mean wait (P-K)", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].mean_wait();
                }), wq);
  expect_covers("M/G/1 lognormal(1, 1.5) mean queue length", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].mean_queue_length(r.observed_days);
                }), lambda * wq);
  expect_covers("M/G/1 lognormal(1, 1.5) utilisation", interval_of(set, [](const ReplicationResult& r) {
                  return r.stages[0].utilisation();
                }), rho, 0.01);
}

}  // namespace
}  // namespace courtflow::validation

#include "tests/validation/validation_support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace courtflow::validation {

double t975(int df) {
  // t_{0.975, df} for df = 1..30 (checked against numerical integration of the t density).
  static constexpr std::array<double, 30> kTable = {
      12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252,
      2.306004135,  2.262157163, 2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688,
      2.131449546,  2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447, 2.079613845,
      2.073873068,  2.068657610, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142,
      2.045229642,  2.042272456};
  if (df < 1) throw std::invalid_argument("t975: df must be >= 1");
  if (df <= 30) return kTable[static_cast<std::size_t>(df - 1)];
  // Cornish-Fisher expansion around z = 1.959964 (error below 2e-9 in the CDF for df > 30).
  const double z = 1.959963984540054;
  const double v = df;
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v) +
         (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
}

Interval interval95(const std::vector<double>& values) {
  if (values.size() < 2) throw std::invalid_argument("interval95: need at least two values");
  const auto n = static_cast<double>(values.size());
  double sum = 0;
  for (double x : values) sum += x;
  const double mean = sum / n;
  double ss = 0;
  for (double x : values) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / (n - 1));
  Interval iv;
  iv.mean = mean;
  iv.n = values.size();
  iv.half = t975(static_cast<int>(values.size()) - 1) * sd / std::sqrt(n);
  return iv;
}

void expect_covers(const std::string& what, const Interval& iv, double truth, double max_rel_half) {
  const double rel = iv.half / std::abs(truth);
  std::ostringstream line;
  line << std::setprecision(5) << what << ": " << iv.mean << " ± " << iv.half << " [" << iv.lo() << ", "
       << iv.hi() << "], truth " << truth << ", half-width " << std::setprecision(2) << 100 * rel
       << "% of truth, n=" << iv.n;
  std::cout << "[ CI       ] " << line.str() << '\n';
  ::testing::Test::RecordProperty(what, line.str());
  EXPECT_TRUE(iv.lo() <= truth && truth <= iv.hi()) << line.str();
  EXPECT_LE(rel, max_rel_half) << "interval too wide to be a meaningful check: " << line.str();
}

std::vector<double> per_replication(const sim::ReplicationSet& set,
                                    const std::function<double(const sim::ReplicationResult&)>& measure) {
  std::vector<double> values;
  values.reserve(set.replications.size());
  for (const sim::ReplicationResult& r : set.replications) values.push_back(measure(r));
  return values;
}

Interval interval_of(const sim::ReplicationSet& set,
                     const std::function<double(const sim::ReplicationResult&)>& measure) {
  return interval95(per_replication(set, measure));
}

sim::ReplicationSet run(const sim::Network& network, const sim::RunConfig& config, int replications) {
  sim::ReplicationOptions options;
  options.replications = replications;
  options.seed = kSeed;
  options.threads = 0;
  return sim::run_replications(network, config, options);
}

sim::StageSpec finite_stage(const std::string& name, std::int64_t servers, const sim::Distribution& service) {
  sim::StageSpec s;
  s.name = name;
  s.capacity = {{0, servers}};
  s.service = service;
  return s;
}

sim::StageSpec infinite_stage(const std::string& name, const sim::Distribution& service) {
  sim::StageSpec s;
  s.name = name;
  s.infinite = true;
  s.service = service;
  return s;
}

sim::ArrivalSpec poisson(int stage, double rate_per_day, int case_type) {
  sim::ArrivalSpec a;
  a.stage = stage;
  a.case_type = case_type;
  a.schedule = {{0, rate_per_day}};
  return a;
}

sim::Network network_of(std::vector<sim::StageSpec> stages) {
  sim::Network n;
  n.stages = std::move(stages);
  n.case_types = {{"default", 0}};
  return n;
}

double erlang_c(int c, double a) {
  // Erlang B by the stable recursion, then C = B / (1 - (a/c)(1 - B)).
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double rho = a / c;
  return b / (1.0 - rho * (1.0 - b));
}

double mmc_wait(int c, double lambda, double mu) {
  return erlang_c(c, lambda / mu) / (c * mu - lambda);
}

std::vector<double> mm1_reneging_distribution(double lambda, double mu, double theta, int n_max) {
  // Birth-death balance: pi_n = pi_{n-1} lambda / (mu + (n-1) theta).
  std::vector<double> pi(static_cast<std::size_t>(n_max) + 1, 0.0);
  pi[0] = 1.0;
  double total = 1.0;
  for (int n = 1; n <= n_max; ++n) {
    pi[static_cast<std::size_t>(n)] = pi[static_cast<std::size_t>(n - 1)] * lambda / (mu + (n - 1) * theta);
    total += pi[static_cast<std::size_t>(n)];
  }
  for (double& p : pi) p /= total;
  return pi;
}

}  // namespace courtflow::validation

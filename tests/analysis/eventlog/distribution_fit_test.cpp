// Maximum-likelihood fits on samples drawn from known distributions: the right family wins
// and the parameters come back within a few standard errors; the empirical fallback and the
// special cases (empty, constant, few values) behave as documented.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "analysis/eventlog/distribution_fit.hpp"

namespace ev = courtflow::analysis::eventlog;

namespace {

template <class Dist>
std::vector<double> draw(Dist dist, std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> out(n);
  for (double& v : out) v = dist(rng);
  return out;
}

}  // namespace

// With n = 20,000, the standard error of a mean estimate is sd/sqrt(n) < 1% of the mean for
// these coefficients of variation (<= 1.3); 4% is more than four standard errors.
TEST(DistributionFit, RecoversGammaLognormalWeibullAndExponential) {
  const std::size_t n = 20000;
  {
    const ev::DistributionFit f = ev::fit_durations(draw(std::gamma_distribution<double>(3.0, 0.5), n, 1));
    EXPECT_EQ(f.chosen_family, "gamma");
    EXPECT_NEAR(f.chosen.params.at("mean"), 1.5, 0.04 * 1.5);
    EXPECT_NEAR(f.chosen.params.at("sd"), std::sqrt(3.0) * 0.5, 0.04 * std::sqrt(3.0) * 0.5);
  }
  {
    const ev::DistributionFit f = ev::fit_durations(draw(std::lognormal_distribution<double>(0.0, 0.8), n, 2));
    EXPECT_EQ(f.chosen_family, "lognormal");
    EXPECT_NEAR(f.chosen.params.at("mean"), std::exp(0.32), 0.04 * std::exp(0.32));
  }
  {
    const ev::DistributionFit f = ev::fit_durations(draw(std::weibull_distribution<double>(2.5, 4.0), n, 3));
    EXPECT_EQ(f.chosen_family, "weibull");
    EXPECT_NEAR(f.chosen.params.at("shape"), 2.5, 0.1);
    EXPECT_NEAR(f.chosen.params.at("scale"), 4.0, 0.04 * 4.0);
  }
  {
    const ev::DistributionFit f = ev::fit_durations(draw(std::exponential_distribution<double>(0.5), n, 4));
    // Exponential is also gamma and Weibull with shape 1: any of the three may win by a hair,
    // but the mean must be right and the fit good.
    EXPECT_NEAR(ev::mean_of(f.chosen), 2.0, 0.04 * 2.0);
    EXPECT_LT(f.chosen_ks_distance, 0.02);
  }
}

TEST(DistributionFit, KsDistanceAndQuantilesDescribeTheFit) {
  const ev::DistributionFit f = ev::fit_durations(draw(std::gamma_distribution<double>(2.0, 1.0), 5000, 5));
  // 1.36/sqrt(5000) = 0.019: the true family should be within it.
  EXPECT_LT(f.chosen_ks_distance, f.ks_critical_5pct);
  ASSERT_EQ(f.quantiles.size(), 6u);
  for (const ev::QuantileRow& q : f.quantiles) EXPECT_NEAR(q.fitted, q.empirical, 0.1 * q.empirical + 0.02);
  ASSERT_EQ(f.candidates.size(), 4u);
  for (std::size_t i = 1; i < f.candidates.size(); ++i) EXPECT_LE(f.candidates[i - 1].aic, f.candidates[i].aic);
}

TEST(DistributionFit, FallsBackToTheDataWhenNoFamilyFits) {
  // Two well-separated humps: no unimodal family is within 0.05 of it.
  std::vector<double> v = draw(std::normal_distribution<double>(1.0, 0.05), 3000, 6);
  const std::vector<double> w = draw(std::normal_distribution<double>(10.0, 0.5), 3000, 7);
  v.insert(v.end(), w.begin(), w.end());
  const ev::DistributionFit f = ev::fit_durations(v);
  EXPECT_EQ(f.chosen_family, "empirical");
  EXPECT_EQ(f.chosen.values.size(), ev::kMaxEmpiricalValues);
  EXPECT_NEAR(ev::mean_of(f.chosen), 5.5, 0.1);
  EXPECT_LT(f.chosen_ks_distance, 0.01);
}

TEST(DistributionFit, SpecialCases) {
  EXPECT_EQ(ev::fit_durations({}).chosen.dist, "fixed");
  const ev::DistributionFit constant = ev::fit_durations({2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
  EXPECT_EQ(constant.chosen.dist, "fixed");
  EXPECT_EQ(constant.chosen.params.at("value"), 2);
  const ev::DistributionFit few = ev::fit_durations({1, 2, 3});
  EXPECT_EQ(few.chosen.dist, "exponential");
  EXPECT_DOUBLE_EQ(few.chosen.params.at("mean"), 2);
}

TEST(DistributionFit, ChiSquareTail) {
  // Known values: P(chi2_1 > 3.841) = 0.05, P(chi2_10 > 18.307) = 0.05.
  EXPECT_NEAR(ev::chi_square_upper_tail(3.841459, 1), 0.05, 1e-5);
  EXPECT_NEAR(ev::chi_square_upper_tail(18.307038, 10), 0.05, 1e-5);
}

TEST(DistributionFit, EmpiricalValuesAreGroupMeansThatKeepTheMean) {
  // 105 values from two humps (no family fits): at most 105 / 10 = 10 values are written, each
  // the mean of 10 or 11 sorted durations, so no single case's duration appears in the model.
  std::vector<double> v = draw(std::normal_distribution<double>(2.0, 0.1), 60, 8);
  const std::vector<double> w = draw(std::normal_distribution<double>(50.0, 1.0), 45, 9);
  v.insert(v.end(), w.begin(), w.end());
  const ev::DistributionFit f = ev::fit_durations(v);
  ASSERT_EQ(f.chosen_family, "empirical");
  EXPECT_EQ(f.chosen.values.size(), 10u);
  for (double x : f.chosen.values) EXPECT_EQ(std::count(v.begin(), v.end(), x), 0) << x;
  // Groups of 10 or 11: the mean moves by at most the spread of one group's share.
  EXPECT_NEAR(ev::mean_of(f.chosen), f.mean, 0.02 * f.mean);
}

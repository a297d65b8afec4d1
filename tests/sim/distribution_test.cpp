// Duration distributions: for every kind, the mean and variance of 100,000 draws (fixed
// stream) lie within 4 standard errors of mean() and variance(); the moments match the
// contract's parameterisation; draws respect the support; bad parameters throw
// std::invalid_argument; scaled() multiplies every draw by the factor.

#include "sim/distribution.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace courtflow::sim {
namespace {

struct Case {
  std::string name;
  Distribution dist;
  double mean;      ///< what the parameters say the mean is
  double variance;  ///< what the parameters say the variance is
  double lo;        ///< support
  double hi;
};

std::vector<Case> cases() {
  const double inf = std::numeric_limits<double>::infinity();
  const double w1_mean = 2.0 * std::tgamma(1 + 1 / 1.5);
  const double w1_var = 4.0 * (std::tgamma(1 + 2 / 1.5) - std::pow(std::tgamma(1 + 1 / 1.5), 2));
  const double w2_mean = std::tgamma(1 + 1 / 0.7);
  const double w2_var = std::tgamma(1 + 2 / 0.7) - std::pow(std::tgamma(1 + 1 / 0.7), 2);
  return {
      {"Exponential", Distribution::exponential(2.0), 2.0, 4.0, 0, inf},
      {"Fixed", Distribution::fixed(3.0), 3.0, 0.0, 3.0, 3.0},
      {"FixedZero", Distribution::fixed(0.0), 0.0, 0.0, 0.0, 0.0},
      {"Lognormal", Distribution::lognormal(2.0, 1.5), 2.0, 2.25, 0, inf},
      {"LognormalNoSpread", Distribution::lognormal(2.0, 0.0), 2.0, 0.0, 2.0 - 1e-12, 2.0 + 1e-12},
      {"GammaShapeAboveOne", Distribution::gamma(2.0, 1.0), 2.0, 1.0, 0, inf},
      {"GammaShapeBelowOne", Distribution::gamma(1.0, 2.0), 1.0, 4.0, 0, inf},
      {"WeibullShapeAboveOne", Distribution::weibull(1.5, 2.0), w1_mean, w1_var, 0, inf},
      {"WeibullShapeBelowOne", Distribution::weibull(0.7, 1.0), w2_mean, w2_var, 0, inf},
      {"Uniform", Distribution::uniform(1.0, 3.0), 2.0, 4.0 / 12, 1.0, 3.0},
      {"Triangular", Distribution::triangular(1.0, 2.0, 6.0), 3.0, (1 + 4 + 36 - 2 - 6 - 12) / 18.0, 1.0, 6.0},
      {"TriangularModeAtMin", Distribution::triangular(0.0, 0.0, 3.0), 1.0, 9.0 / 18, 0.0, 3.0},
      {"Empirical", Distribution::empirical({1.0, 2.0, 2.0, 7.0}), 3.0, (4 + 1 + 1 + 16) / 4.0, 1.0, 7.0},
  };
}

class DistributionKind : public ::testing::TestWithParam<Case> {};

TEST_P(DistributionKind, MeanAndVarianceMatchParameters) {
  const Case& c = GetParam();
  EXPECT_NEAR(c.dist.mean(), c.mean, 1e-12 * (1 + c.mean));
  EXPECT_NEAR(c.dist.variance(), c.variance, 1e-9 * (1 + c.variance));
}

TEST_P(DistributionKind, SampleMomentsLieWithinFourStandardErrors) {
  const Case& c = GetParam();
  Rng rng(2024, 0, static_cast<std::uint64_t>(StreamPurpose::service), 0);
  constexpr int kDraws = 100'000;
  std::vector<double> x(kDraws);
  double sum = 0;
  for (double& v : x) {
    v = c.dist.sample(rng);
    sum += v;
  }
  const double n = kDraws;
  const double mean = sum / n;
  double m2 = 0, m4 = 0;
  for (double v : x) {
    const double d = (v - mean) * (v - mean);
    m2 += d;
    m4 += d * d;
  }
  const double var = m2 / (n - 1);
  m4 /= n;
  for (double v : x) {
    ASSERT_GE(v, c.lo);
    ASSERT_LE(v, c.hi);
  }
  if (c.variance == 0) {
    EXPECT_NEAR(mean, c.mean, 1e-12 * (1 + c.mean));
    EXPECT_NEAR(var, 0.0, 1e-20);
    return;
  }
  // Standard errors: of the mean, sqrt(var / n); of the sample variance, sqrt((m4 - var^2) / n).
  const double se_mean = std::sqrt(c.variance / n);
  const double se_var = std::sqrt(std::max(m4 - var * var, 0.0) / n);
  EXPECT_NEAR(mean, c.mean, 4 * se_mean) << "sample mean " << mean << ", se " << se_mean;
  EXPECT_NEAR(var, c.variance, 4 * se_var) << "sample variance " << var << ", se " << se_var;
}

TEST_P(DistributionKind, ScaledMultipliesMomentsAndKeepsKind) {
  const Case& c = GetParam();
  const Distribution s = c.dist.scaled(2.5);
  EXPECT_EQ(s.kind(), c.dist.kind());
  EXPECT_NEAR(s.mean(), 2.5 * c.mean, 1e-9 * (1 + c.mean));
  EXPECT_NEAR(s.variance(), 6.25 * c.variance, 1e-9 * (1 + c.variance));
  EXPECT_THROW(c.dist.scaled(0.0), std::invalid_argument);
  EXPECT_THROW(c.dist.scaled(-1.0), std::invalid_argument);
  EXPECT_THROW(c.dist.scaled(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Kinds, DistributionKind, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) { return param_info.param.name; });

TEST(Distribution, ScaledDrawsAreTheOriginalDrawsTimesTheFactor) {
  // For the inverse-CDF kinds, one uniform per draw: the same stream gives draws exactly
  // proportional (common random numbers across a "20% faster" scenario).
  const std::vector<Distribution> dists = {Distribution::exponential(2.0), Distribution::weibull(1.5, 2.0),
                                           Distribution::uniform(1.0, 3.0), Distribution::triangular(1.0, 2.0, 6.0),
                                           Distribution::lognormal(2.0, 1.5), Distribution::fixed(3.0),
                                           Distribution::empirical({1.0, 2.0, 7.0})};
  for (const Distribution& d : dists) {
    SCOPED_TRACE(Distribution::kind_name(d.kind()));
    const Distribution s = d.scaled(0.8);
    Rng a(1, 2, 3, 4), b(1, 2, 3, 4);
    for (int i = 0; i < 1000; ++i) {
      const double x = d.sample(a);
      EXPECT_NEAR(s.sample(b), 0.8 * x, 1e-12 * (1 + x));
    }
  }
}

TEST(Distribution, KindNamesFollowTheContract) {
  EXPECT_STREQ(Distribution::kind_name(Distribution::Kind::exponential), "exponential");
  EXPECT_STREQ(Distribution::kind_name(Distribution::Kind::fixed), "fixed");
  EXPECT_STREQ(Distribution::kind_name(Distribution::Kind::lognormal), "lognormal");
  EXPECT_STREQ(Distribution::kind_name(Distribution::Kind::gamma), "gamma");
  EXPECT_STREQ(Distribution::kind_name(Distribution::Kind::weibull), "weibull");
  EXPECT_STREQ(Distribution::kind_name(Distribution::Kind::uniform), "uniform");
  EXPECT_STREQ(Distribution::kind_name(Distribution::Kind::triangular), "triangular");
  EXPECT_STREQ(Distribution::kind_name(Distribution::Kind::empirical), "empirical");
}

TEST(Distribution, InvalidParametersThrowInvalidArgument) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(Distribution::exponential(0), std::invalid_argument);
  EXPECT_THROW(Distribution::exponential(-1), std::invalid_argument);
  EXPECT_THROW(Distribution::exponential(nan), std::invalid_argument);
  EXPECT_THROW(Distribution::exponential(inf), std::invalid_argument);
  EXPECT_THROW(Distribution::fixed(-0.5), std::invalid_argument);
  EXPECT_THROW(Distribution::fixed(nan), std::invalid_argument);
  EXPECT_THROW(Distribution::lognormal(0, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::lognormal(1, -1), std::invalid_argument);
  EXPECT_THROW(Distribution::lognormal(1, nan), std::invalid_argument);
  EXPECT_THROW(Distribution::gamma(0, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::gamma(1, 0), std::invalid_argument);
  EXPECT_THROW(Distribution::gamma(-1, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::weibull(0, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::weibull(1, 0), std::invalid_argument);
  EXPECT_THROW(Distribution::weibull(-2, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::uniform(-1, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::uniform(3, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::uniform(0, inf), std::invalid_argument);
  EXPECT_THROW(Distribution::triangular(1, 0.5, 2), std::invalid_argument);  // mode below min
  EXPECT_THROW(Distribution::triangular(1, 3, 2), std::invalid_argument);    // mode above max
  EXPECT_THROW(Distribution::triangular(1, 1, 1), std::invalid_argument);    // min == max
  EXPECT_THROW(Distribution::triangular(-1, 0, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({}), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({1.0, -1.0}), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({1.0, nan}), std::invalid_argument);
}

TEST(Distribution, ValidEdgeParametersAreAccepted) {
  EXPECT_NO_THROW(Distribution::fixed(0));
  EXPECT_NO_THROW(Distribution::uniform(0, 0));
  EXPECT_NO_THROW(Distribution::lognormal(1, 0));
  EXPECT_NO_THROW(Distribution::empirical({0.0}));
  EXPECT_NO_THROW(Distribution::triangular(0, 0, 1));
  EXPECT_NO_THROW(Distribution::triangular(0, 1, 1));
}

TEST(Distribution, StandardNormalHasZeroMeanAndUnitVariance) {
  Rng rng(5, 0, 0, 0);
  constexpr int kDraws = 100'000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double z = standard_normal(rng);
    sum += z;
    sum2 += z * z;
  }
  const double mean = sum / kDraws;
  const double var = sum2 / kDraws - mean * mean;
  EXPECT_NEAR(mean, 0.0, 4 / std::sqrt(double{kDraws}));
  EXPECT_NEAR(var, 1.0, 4 * std::sqrt(2.0 / kDraws));
}

}  // namespace
}  // namespace courtflow::sim

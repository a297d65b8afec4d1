// Intervals, Student t and normal quantiles, and type-7 sample quantiles against table values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "analysis/interval.hpp"

namespace courtflow::analysis {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(StudentTQuantile, MatchesTableValues) {
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.7062047361747, 1e-9);
  EXPECT_NEAR(student_t_quantile(0.975, 2), 4.30265272974946, 1e-9);
  EXPECT_NEAR(student_t_quantile(0.975, 9), 2.26215716279820, 1e-9);
  EXPECT_NEAR(student_t_quantile(0.975, 29), 2.04522964213270, 1e-9);
  EXPECT_NEAR(student_t_quantile(0.975, 1000), 1.96233908082641, 1e-9);
  EXPECT_NEAR(student_t_quantile(0.975, std::numeric_limits<double>::infinity()), 1.95996398454005, 1e-9);
  EXPECT_NEAR(student_t_quantile(0.9995, 1), 636.619249, 1e-5);
  EXPECT_NEAR(student_t_quantile(0.995, 5), 4.03214298355523, 1e-9);
}

TEST(StudentTQuantile, IsSymmetricAndZeroAtTheMedian) {
  EXPECT_EQ(student_t_quantile(0.5, 4), 0.0);
  EXPECT_DOUBLE_EQ(student_t_quantile(0.025, 9), -student_t_quantile(0.975, 9));
}

TEST(StudentTQuantile, RejectsImpossibleArguments) {
  EXPECT_TRUE(std::isnan(student_t_quantile(0, 3)));
  EXPECT_TRUE(std::isnan(student_t_quantile(1, 3)));
  EXPECT_TRUE(std::isnan(student_t_quantile(0.9, 0)));
}

TEST(NormalQuantile, MatchesTableValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.95996398454005, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.001), -3.09023230616781, 1e-11);
}

TEST(IncompleteBeta, MatchesClosedForms) {
  // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1 - x)^b.
  EXPECT_NEAR(incomplete_beta(0.3, 1, 1), 0.3, 1e-14);
  EXPECT_NEAR(incomplete_beta(0.3, 2.5, 1), std::pow(0.3, 2.5), 1e-14);
  EXPECT_NEAR(incomplete_beta(0.3, 1, 4), 1 - std::pow(0.7, 4), 1e-14);
  EXPECT_EQ(incomplete_beta(0, 2, 3), 0.0);
  EXPECT_EQ(incomplete_beta(1, 2, 3), 1.0);
}

TEST(Interval, IsMeanPlusMinusTTimesStandardError) {
  const Interval iv = interval({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  EXPECT_EQ(iv.n, 10u);
  EXPECT_DOUBLE_EQ(iv.mean, 5.5);
  const double half = 2.26215716279820 * std::sqrt(55.0 / 6.0) / std::sqrt(10.0);
  EXPECT_NEAR(iv.lo, 5.5 - half, 1e-9);
  EXPECT_NEAR(iv.hi, 5.5 + half, 1e-9);
}

TEST(Interval, OfOneValueIsThatValue) {
  const Interval iv = interval({4.25});
  EXPECT_EQ(iv.n, 1u);
  EXPECT_EQ(iv.mean, 4.25);
  EXPECT_EQ(iv.lo, 4.25);
  EXPECT_EQ(iv.hi, 4.25);
}

TEST(Interval, OfEqualValuesHasNoWidth) {
  const Interval iv = interval({2, 2, 2});
  EXPECT_EQ(iv.lo, 2.0);
  EXPECT_EQ(iv.hi, 2.0);
}

TEST(Interval, LeavesOutNaN) {
  const Interval iv = interval({kNaN, 1, 3, kNaN});
  EXPECT_EQ(iv.n, 2u);
  EXPECT_DOUBLE_EQ(iv.mean, 2.0);
  EXPECT_NEAR(iv.hi - iv.mean, 12.7062047361747 * std::sqrt(2.0) / std::sqrt(2.0), 1e-9);
}

TEST(Interval, OfNothingIsNullInJson) {
  const Interval iv = interval({kNaN, kNaN});
  EXPECT_FALSE(iv.has_value());
  const nlohmann::ordered_json j = to_json(iv);
  EXPECT_EQ(j.dump(), R"({"mean":null,"ci95":[null,null]})");
  EXPECT_EQ(to_json(interval({})).dump(), R"({"mean":null,"ci95":[null,null]})");
}

TEST(Interval, JsonHasMeanThenCi95) {
  EXPECT_EQ(to_json(interval({1.5})).dump(), R"({"mean":1.5,"ci95":[1.5,1.5]})");
}

TEST(Quantile, InterpolatesLinearlyLikeRType7) {
  EXPECT_NEAR(quantile({4, 1, 3, 2}, 0.05), 1.15, 1e-12);
  EXPECT_NEAR(quantile({4, 1, 3, 2}, 0.5), 2.5, 1e-12);
  EXPECT_NEAR(quantile({4, 1, 3, 2}, 0.95), 3.85, 1e-12);
  EXPECT_EQ(quantile({4, 1, 3, 2}, 0), 1.0);
  EXPECT_EQ(quantile({4, 1, 3, 2}, 1), 4.0);
  EXPECT_EQ(quantile({7}, 0.95), 7.0);
}

TEST(Quantile, LeavesOutNaNAndIsNaNOfNothing) {
  EXPECT_NEAR(quantile({kNaN, 4, 1, 3, 2, kNaN}, 0.5), 2.5, 1e-12);
  EXPECT_TRUE(std::isnan(quantile({kNaN}, 0.5)));
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
}

}  // namespace
}  // namespace courtflow::analysis

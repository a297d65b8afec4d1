// AgeQuantiles (sim/age_quantiles.hpp): the over-threshold count, median and 90th percentile
// of each row equal those computed from the fully sorted ages (type 7), on rows of every size
// from 0 up, with ties, ages far outside the group range, and spread and clustered ages; and
// over several periods, whether the quantiles stay near the last period's (one pass) or jump
// (a second pass).

#include "sim/age_quantiles.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace courtflow::sim {
namespace {

// Type 7 from a sorted copy: the definition the class must match bit for bit.
std::pair<double, double> reference(std::vector<double> ages) {
  std::sort(ages.begin(), ages.end());
  return median_and_p90(ages.size(), [&ages](std::size_t rank) { return ages[rank]; });
}

/// One period as the engine runs it: reset, the first pass, and the second when asked for.
/// Returns whether the second pass was needed.
bool period(AgeQuantiles& q, const std::vector<std::vector<double>>& ages, double threshold) {
  q.reset(ages.size(), threshold);
  for (std::size_t r = 0; r < ages.size(); ++r) {
    for (double a : ages[r]) q.add(r, a);
  }
  if (!q.finish_counting()) return false;
  for (std::size_t r = 0; r < ages.size(); ++r) {
    for (double a : ages[r]) q.gather(r, a);
  }
  return true;
}

void expect_same(double a, double b) {
  if (std::isnan(b)) {
    EXPECT_TRUE(std::isnan(a));
  } else {
    EXPECT_EQ(a, b);
  }
}

/// Row `r`'s count, over-threshold count, median and 90th percentile against `ages` sorted.
void expect_row_matches_reference(AgeQuantiles& q, std::size_t r, const std::vector<double>& ages, double threshold) {
  ASSERT_EQ(q.count(r), ages.size());
  EXPECT_EQ(q.over_threshold(r),
            static_cast<std::size_t>(std::count_if(ages.begin(), ages.end(), [&](double a) { return a > threshold; })));
  const auto [median, p90] = q.median_and_p90(r);
  const auto [ref_median, ref_p90] = reference(ages);
  expect_same(median, ref_median);
  expect_same(p90, ref_p90);
}

TEST(AgeQuantiles, GroupsAreOrderedIntervals) {
  std::mt19937_64 gen(3);
  std::uniform_real_distribution<double> log_age(-15.0, 25.0);
  std::vector<double> ages{0.0, -0.0, -5.0, 1e-300, 1e300, std::ldexp(1.0, -10), std::ldexp(1.0, 20),
                           std::nextafter(std::ldexp(1.0, 20), 0.0), 1.0, 365.25};
  for (int i = 0; i < 20'000; ++i) ages.push_back(std::exp2(log_age(gen)));
  std::sort(ages.begin(), ages.end());
  for (std::size_t i = 1; i < ages.size(); ++i) {
    ASSERT_LE(AgeQuantiles::group_of(ages[i - 1]), AgeQuantiles::group_of(ages[i])) << ages[i - 1] << " " << ages[i];
  }
  EXPECT_EQ(AgeQuantiles::group_of(-1.0), 0u);
  EXPECT_EQ(AgeQuantiles::group_of(1e300), AgeQuantiles::kGroups - 1);
  EXPECT_LT(AgeQuantiles::group_of(1.0), AgeQuantiles::group_of(1.02));  // about 1.6% wide
}

TEST(AgeQuantiles, EqualsSortedReferenceForEverySizeAndShape) {
  std::mt19937_64 gen(11);
  std::exponential_distribution<double> spread(1.0 / 200.0);
  std::uniform_int_distribution<int> clustered(0, 5);
  AgeQuantiles q;
  const std::size_t rows = 4;
  const double threshold = 365;
  for (std::size_t n : {0, 1, 2, 3, 4, 5, 9, 10, 11, 19, 20, 21, 100, 1'001, 65'537, 100'000}) {
    std::vector<std::vector<double>> ages(rows);
    for (std::size_t i = 0; i < n; ++i) {
      // Row 0 spread, row 1 in a few tied values, row 2 tiny and huge ages, row 3 a fraction.
      ages[0].push_back(spread(gen));
      ages[1].push_back(100.0 + clustered(gen) * 0.25);
      ages[2].push_back(i % 3 == 0 ? 1e-7 * static_cast<double>(i) : 1e7 + static_cast<double>(i % 7));
      if (i % 4 == 0) ages[3].push_back(spread(gen) * 10);
    }
    period(q, ages, threshold);
    for (std::size_t r = 0; r < rows; ++r) {
      SCOPED_TRACE(testing::Message() << "n " << n << " row " << r);
      expect_row_matches_reference(q, r, ages[r], threshold);
    }
  }
}

TEST(AgeQuantiles, ResetForgetsThePreviousPeriod) {
  AgeQuantiles q;
  std::vector<std::vector<double>> ages(1);
  for (int i = 0; i < 1000; ++i) ages[0].push_back(i);
  period(q, ages, 10);
  ages[0] = {4.0, 2.0};
  period(q, ages, 10);
  EXPECT_EQ(q.count(0), 2u);
  EXPECT_EQ(q.over_threshold(0), 0u);
  const auto [median, p90] = q.median_and_p90(0);
  EXPECT_EQ(median, 3.0);
  EXPECT_DOUBLE_EQ(p90, 3.8);
}

// Over the threshold means strictly over: ages at it, just under and just over it (all in the
// threshold's own age group) are compared one by one, the rest counted by group.
TEST(AgeQuantiles, OverThresholdIsStrictAtTheThresholdsOwnGroup) {
  AgeQuantiles q;
  const double t = 365;
  std::vector<std::vector<double>> ages{{t, std::nextafter(t, 0.0), std::nextafter(t, 1e9), t * 1.001, t * 0.999,
                                         t * 1.5, t * 0.5, 1e9, 0.0, -3.0}};
  period(q, ages, t);
  EXPECT_EQ(q.count(0), ages[0].size());
  EXPECT_EQ(q.over_threshold(0), 4u);  // nextafter up, x1.001, x1.5, 1e9
}

// Period after period as in a run: a caseload whose ages drift slowly (the same cases, a few
// percent older each period) needs one pass; a jump (the backlog cleared), the first period,
// and a row that comes back after an empty period need the second. Every period's quantiles
// equal the sorted reference, whichever way they were found.
TEST(AgeQuantiles, PeriodAfterPeriodOnePassWhileAgesDriftTwoWhenTheyJump) {
  std::mt19937_64 gen(29);
  std::exponential_distribution<double> spread(1.0 / 150.0);
  std::vector<std::vector<double>> caseload(3);
  for (int i = 0; i < 20'000; ++i) caseload[0].push_back(spread(gen));
  for (int i = 0; i < 3'000; ++i) caseload[1].push_back(30.0 + spread(gen) * 0.01);
  for (int i = 0; i < 500; ++i) caseload[2].push_back(spread(gen) * 3);
  AgeQuantiles q;
  const double threshold = 365;
  std::vector<bool> second_pass;
  double scale = 1.0;
  for (int p = 0; p < 12; ++p) {
    if (p == 6) scale = 0.2;  // the jump
    scale *= 1.03;            // the drift
    std::vector<std::vector<double>> ages(3);
    for (std::size_t r = 0; r < ages.size(); ++r) {
      if (r == 2 && p % 4 == 2) continue;  // row 2 empty every fourth period
      for (double a : caseload[r]) ages[r].push_back(a * scale);
    }
    second_pass.push_back(period(q, ages, threshold));
    for (std::size_t r = 0; r < ages.size(); ++r) {
      SCOPED_TRACE(testing::Message() << "period " << p << " row " << r);
      expect_row_matches_reference(q, r, ages[r], threshold);
    }
  }
  const std::vector<bool> expected{true, false, false, true, false, false, true, true, false, false, false, true};
  EXPECT_EQ(second_pass, expected);
}

}  // namespace
}  // namespace courtflow::sim

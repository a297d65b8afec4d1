// Random streams: a key (seed, replication, purpose, index) always gives the same stream;
// changing any one part of the key gives a different, uncorrelated-looking stream.

#include "sim/rng.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "sim/log_uniforms.hpp"

namespace courtflow::sim {
namespace {

std::vector<std::uint64_t> first(Rng rng, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(rng());
  return out;
}

TEST(Rng, SameKeyGivesSameStream) {
  EXPECT_EQ(first(Rng(42, 3, 2, 7), 1000), first(Rng(42, 3, 2, 7), 1000));
  Rng a(1, 2, 3, 4);
  Rng copy = a;
  EXPECT_EQ(first(a, 100), first(copy, 100));
}

TEST(Rng, ChangingAnyPartOfTheKeyGivesAnotherStream) {
  const auto base = first(Rng(42, 3, 2, 7), 64);
  EXPECT_NE(base, first(Rng(43, 3, 2, 7), 64));
  EXPECT_NE(base, first(Rng(42, 4, 2, 7), 64));
  EXPECT_NE(base, first(Rng(42, 3, 1, 7), 64));
  EXPECT_NE(base, first(Rng(42, 3, 2, 8), 64));
  // Swapping parts of the key is not the same key.
  EXPECT_NE(first(Rng(1, 2, 0, 0), 64), first(Rng(2, 1, 0, 0), 64));
  EXPECT_NE(first(Rng(0, 0, 1, 2), 64), first(Rng(0, 0, 2, 1), 64));
}

TEST(Rng, ManyKeysGiveDistinctFirstOutputs) {
  std::set<std::uint64_t> seen;
  int n = 0;
  for (std::uint64_t rep = 0; rep < 50; ++rep) {
    for (std::uint64_t purpose = 1; purpose <= 5; ++purpose) {
      for (std::uint64_t index = 0; index < 20; ++index) {
        seen.insert(Rng(7, rep, purpose, index)());
        ++n;
      }
    }
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(n));
}

TEST(Rng, Uniform01IsInOpenIntervalWithMeanOneHalf) {
  Rng rng(9, 0, 0, 0);
  constexpr int kDraws = 200'000;
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = rng.uniform01();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Var(U) = 1/12.
  EXPECT_NEAR(sum / kDraws, 0.5, 4 * std::sqrt(1.0 / 12 / kDraws));
}

TEST(Rng, Uniform01OfTheExtremeOutputsIsStrictlyInsideZeroOne) {
  // The largest output's (k + 0.5) / 2^53 rounds to exactly 1: held at the double below 1, so
  // a route of probability 1 is always taken and log() never gives 0 from it.
  EXPECT_EQ(Rng::uniform01_of(~std::uint64_t{0}), Rng::kLargestUniform);
  EXPECT_LT(Rng::uniform01_of(~std::uint64_t{0}), 1.0);
  EXPECT_EQ(Rng::uniform01_of(0), Rng::kSmallestUniform);
  EXPECT_GT(Rng::kSmallestUniform, 0.0);
  // Every other output keeps its value: the next largest k gives (k + 0.5) / 2^53 rounded.
  const std::uint64_t below_top = ~std::uint64_t{0} - (std::uint64_t{1} << 11);
  EXPECT_EQ(Rng::uniform01_of(below_top), (static_cast<double>(below_top >> 11) + 0.5) * 0x1.0p-53);
  EXPECT_EQ(Rng::uniform01_of(std::uint64_t{12345} << 11), 12345.5 * 0x1.0p-53);
}

TEST(Rng, NeighbouringReplicationStreamsAreUncorrelated) {
  // Correlation of uniforms from replications r and r + 1 (same purpose and index): within
  // 4 standard errors (1 / sqrt(n)) of zero, for a few neighbouring pairs.
  constexpr int kDraws = 100'000;
  for (std::uint64_t r = 0; r < 5; ++r) {
    Rng a(11, r, 2, 0), b(11, r + 1, 2, 0);
    double sab = 0, sa = 0, sb = 0, saa = 0, sbb = 0;
    for (int i = 0; i < kDraws; ++i) {
      const double x = a.uniform01(), y = b.uniform01();
      sab += x * y;
      sa += x;
      sb += y;
      saa += x * x;
      sbb += y * y;
    }
    const double n = kDraws;
    const double cov = sab / n - (sa / n) * (sb / n);
    const double corr = cov / std::sqrt((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n)));
    EXPECT_NEAR(corr, 0.0, 4 / std::sqrt(n)) << "replications " << r << " and " << r + 1;
  }
}

TEST(Rng, SatisfiesUniformRandomBitGeneratorBounds) {
  static_assert(Rng::min() == 0);
  static_assert(Rng::max() == ~std::uint64_t{0});
  Rng rng;
  EXPECT_NE(rng(), rng());
}

TEST(LogUniforms, GivesExactlyTheLogsOfTheStreamsUniformsInOrder) {
  // Batched ahead of use, but the same values in the same order as drawing one at a time:
  // over several batches, compared bit for bit.
  Rng one_at_a_time(11, 2, 2, 5);
  LogUniforms batched(Rng(11, 2, 2, 5));
  for (int i = 0; i < 1000; ++i) {
    const double expected = std::log(one_at_a_time.uniform01());
    const double got = batched.next();
    ASSERT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(expected)) << "draw " << i;
  }
}

}  // namespace
}  // namespace courtflow::sim

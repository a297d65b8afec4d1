#pragma once
// Ages of the open caseload at a period end, per row (each stage, then the system): how many
// are over a threshold, and the median and 90th percentile (type 7: linear interpolation
// between order statistics, as R's default and numpy's "linear").
//
// A national model has 860 thousand open cases, and the engine reports every period: selecting
// the order statistics with std::nth_element over all of a row's ages was most of the cost of
// a period end. Here each age is also counted in a histogram of "age groups" as it is added
// (the group is the age's binary exponent and its 6 leading mantissa bits, so groups are
// contiguous intervals in increasing order, about 1.6% of an age wide); the group holding a
// wanted rank is found from the counts, only that group's ages are gathered (one pass over the
// row's ages), and the rank is selected among them. The order statistics are exactly those a
// full sort would give, so the quantiles are identical to the whole-vector selection.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

namespace courtflow::sim {

/// Type-7 quantile between the order statistics at ranks lo and lo + 1.
inline double interpolate_quantile(double h, std::size_t lo, double at_lo, double at_hi) {
  return at_lo + (h - static_cast<double>(lo)) * (at_hi - at_lo);
}

/// The median and 90th percentile (type 7) of n values whose order statistic of rank r
/// (0-based, ascending) is `stat(r)`; NaN when n is 0. Only ranks lo50, lo50 + 1, lo90 and
/// lo90 + 1 (those below n) are asked for.
template <typename OrderStatistic>
std::pair<double, double> median_and_p90(std::size_t n, OrderStatistic&& stat) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (n == 0) return {kNaN, kNaN};
  const double h50 = 0.5 * static_cast<double>(n - 1);
  const double h90 = 0.9 * static_cast<double>(n - 1);
  const auto lo50 = static_cast<std::size_t>(h50);
  const auto lo90 = static_cast<std::size_t>(h90);
  const double at_lo50 = stat(lo50);
  if (lo50 + 1 >= n) return {at_lo50, at_lo50};  // n == 1
  if (lo90 == lo50) {
    const double next = stat(lo50 + 1);
    return {interpolate_quantile(h50, lo50, at_lo50, next), interpolate_quantile(h90, lo90, at_lo50, next)};
  }
  const double at_lo90 = stat(lo90);
  const double next50 = lo50 + 1 == lo90 ? at_lo90 : stat(lo50 + 1);
  const double p50 = interpolate_quantile(h50, lo50, at_lo50, next50);
  if (lo90 + 1 >= n) return {p50, at_lo90};
  return {p50, interpolate_quantile(h90, lo90, at_lo90, stat(lo90 + 1))};
}

class AgeQuantiles {
 public:
  /// Groups: [0] below 2^kLowExponent days (and anything negative), then 2^kMantissaBits per
  /// binary exponent up to 2^kHighExponent days, then one for all older.
  static constexpr int kLowExponent = -10;
  static constexpr int kHighExponent = 20;
  static constexpr int kMantissaBits = 6;
  static constexpr std::size_t kGroups =
      (static_cast<std::size_t>(kHighExponent - kLowExponent) << kMantissaBits) + 2;

  /// The group of an age: non-decreasing in the age, so every group is an interval of ages
  /// and groups are in increasing order. NaN is not an age.
  static std::size_t group_of(double age) {
    constexpr double kLow = 1.0 / (1 << -kLowExponent);
    if (!(age >= kLow)) return 0;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &age, sizeof bits);
    constexpr std::uint64_t kLowBits = std::uint64_t{1023 + kLowExponent} << 52;
    const std::uint64_t g = ((bits - kLowBits) >> (52 - kMantissaBits)) + 1;
    return g < kGroups - 1 ? static_cast<std::size_t>(g) : kGroups - 1;
  }

  /// Empties every row; `rows` rows, ages over `threshold` counted.
  void reset(std::size_t rows, double threshold) {
    threshold_ = threshold;
    values_.resize(rows);
    for (auto& v : values_) v.clear();
    counts_.assign(rows * kGroups, 0);
    over_.assign(rows, 0);
  }

  void add(std::size_t row, double age) {
    values_[row].push_back(age);
    ++counts_[row * kGroups + group_of(age)];
    over_[row] += age > threshold_ ? 1 : 0;
  }

  std::size_t count(std::size_t row) const { return values_[row].size(); }
  std::size_t over_threshold(std::size_t row) const { return over_[row]; }

  /// The row's median and 90th percentile (NaN, NaN when it is empty).
  std::pair<double, double> median_and_p90(std::size_t row) {
    const std::vector<double>& values = values_[row];
    const std::size_t n = values.size();
    if (n == 0) return sim::median_and_p90(0, [](std::size_t) { return 0.0; });
    // The ranks that can be asked for, ascending, and the group holding each.
    const double h50 = 0.5 * static_cast<double>(n - 1);
    const double h90 = 0.9 * static_cast<double>(n - 1);
    std::array<std::size_t, 4> ranks{static_cast<std::size_t>(h50), static_cast<std::size_t>(h50) + 1,
                                     static_cast<std::size_t>(h90), static_cast<std::size_t>(h90) + 1};
    std::sort(ranks.begin(), ranks.end());  // lo90 may equal lo50
    std::array<std::size_t, 4> group{};
    std::array<std::size_t, 4> below{};  // ages in groups before it
    const std::uint32_t* counts = &counts_[row * kGroups];
    std::size_t g = 0;
    std::size_t before_g = 0;
    for (std::size_t i = 0; i < ranks.size(); ++i) {
      const std::size_t r = std::min(ranks[i], n - 1);
      while (before_g + counts[g] <= r) before_g += counts[g++];
      group[i] = g;
      below[i] = before_g;
    }
    // Gather the wanted groups' ages in one pass (at most four distinct groups).
    std::array<std::size_t, 4> distinct{};
    std::size_t n_distinct = 0;
    for (std::size_t gi : group) {
      if (n_distinct == 0 || distinct[n_distinct - 1] != gi) distinct[n_distinct++] = gi;
    }
    for (std::size_t d = 0; d < n_distinct; ++d) {
      gathered_[d].clear();
      gathered_[d].reserve(counts[distinct[d]]);
    }
    for (double age : values) {
      const std::size_t ga = group_of(age);
      for (std::size_t d = 0; d < n_distinct; ++d) {
        if (ga == distinct[d]) {
          gathered_[d].push_back(age);
          break;
        }
      }
    }
    return sim::median_and_p90(n, [&](std::size_t rank) {
      std::size_t i = 0;
      while (ranks[i] != rank) ++i;
      std::size_t d = 0;
      while (distinct[d] != group[i]) ++d;
      std::vector<double>& in_group = gathered_[d];
      const auto at = in_group.begin() + static_cast<std::ptrdiff_t>(rank - below[i]);
      std::nth_element(in_group.begin(), at, in_group.end());
      return *at;
    });
  }

 private:
  double threshold_ = 0;
  std::vector<std::vector<double>> values_;  ///< per row; reused from period to period
  std::vector<std::uint32_t> counts_;        ///< row * kGroups + group
  std::vector<std::size_t> over_;
  std::array<std::vector<double>, 4> gathered_;
};

}  // namespace courtflow::sim

#pragma once
// Ages of the open caseload at a period end, per row (each stage, then the system): how many
// are over a threshold, and the median and 90th percentile (type 7: linear interpolation
// between order statistics, as R's default and numpy's "linear").
//
// A national model has 860 thousand open cases, and the engine reports every period: selecting
// the order statistics with std::nth_element over all of a row's ages was most of the cost of
// a period end, and so later was storing every age to look at it again. Here each age is
// counted in a histogram of "age groups" as it is added (the group is the age's binary
// exponent and its 6 leading mantissa bits, so groups are contiguous intervals in increasing
// order, about 1.6% of an age wide); the group holding a wanted rank is found from the counts,
// and the rank is selected among that group's ages only. Those are kept as they are added when
// their group is near (within kWindowGroups of) where the row's wanted groups were at the
// previous period end, since ages move little from one period to the next; only when a wanted
// group turns out to lie outside that window does the caller pass over the ages a second time
// (gather()). The order statistics are exactly those a full sort would give, so the quantiles
// are identical to a whole-vector selection.

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
  /// A row's kept ages: the first `size` of `ages` (which only grows, from period to period).
  struct KeptAges {
    std::vector<double> ages;
    std::size_t size = 0;
  };

 public:
  /// Groups: [0] below 2^kLowExponent days (and anything negative), then 2^kMantissaBits per
  /// binary exponent up to 2^kHighExponent days, then one for all older.
  static constexpr int kLowExponent = -10;
  static constexpr int kHighExponent = 20;
  static constexpr int kMantissaBits = 6;
  static constexpr std::size_t kGroups =
      (static_cast<std::size_t>(kHighExponent - kLowExponent) << kMantissaBits) + 2;
  /// Ages are kept on the first pass when their group is within this many groups (about 20%
  /// of an age) of a group wanted at the previous period end.
  static constexpr std::size_t kWindowGroups = 12;

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

  /// Starts a period: `rows` empty rows, ages over `threshold` counted. The ages kept on the
  /// first pass are those near the groups wanted at the previous period end (none the first
  /// time, or when the number of rows changes).
  void reset(std::size_t rows, double threshold) {
    threshold_ = threshold;
    threshold_group_ = group_of(threshold);
    if (targets_.size() != rows) targets_.assign(rows, Targets{});
    n_.assign(rows, 0);
    over_.assign(rows, 0);
    over_in_threshold_group_.assign(rows, 0);
    counts_.assign(rows * kGroups, 0);
    keep_.assign(rows * kGroups, 0);
    kept_.resize(rows);
    for (std::size_t row = 0; row < rows; ++row) {
      kept_[row].size = 0;
      Targets& t = targets_[row];
      t.gather = false;
      if (!t.known) continue;
      for (std::size_t g : t.group) {
        const std::size_t from = g > kWindowGroups ? g - kWindowGroups : 0;
        const std::size_t to = std::min(kGroups - 1, g + kWindowGroups);
        std::memset(&keep_[row * kGroups + from], 1, to - from + 1);
      }
    }
  }

  /// The first pass's adder, for a loop over every age: it holds the buffers' addresses itself,
  /// so that they stay in registers (the compiler cannot tell that keeping an age does not move
  /// the member vectors' buffers, and reloaded them all for every age). Only a group's count is
  /// kept per age: a row's size and how many are over the threshold follow from the counts
  /// (groups are ordered intervals of ages), except within the threshold's own group, whose
  /// ages are compared one by one.
  class Adder {
   public:
    void add(std::size_t row, double age) {
      const std::size_t g = group_of(age);
      const std::size_t at = row * kGroups + g;
      ++counts_[at];
      if (g == threshold_group_) [[unlikely]] over_in_threshold_group_[row] += age > threshold_ ? 1 : 0;
      // Written whether kept or not, and kept by counting it: whether an age is kept is a coin
      // toss to the branch predictor, and mispredicting it was most of this loop's time.
      // There is room: make_room() was called for the block.
      KeptAges& kept = kept_[row];
      kept.ages[kept.size] = age;
      kept.size += keep_[at];
    }

   private:
    friend class AgeQuantiles;
    std::uint32_t* counts_;
    const std::uint8_t* keep_;
    std::size_t* over_in_threshold_group_;
    KeptAges* kept_;
    std::size_t threshold_group_;
    double threshold_;
  };
  /// Room for `n` more ages in each row's kept ages. Adder::add does not check for room (it
  /// runs for every age), so the first pass calls this before each block of cases: a block of
  /// n adds at most n ages to a row.
  void make_room(std::size_t n) {
    for (KeptAges& kept : kept_) {
      if (kept.ages.size() < kept.size + n) kept.ages.resize(std::max(kept.size + n, 2 * kept.ages.size()));
    }
  }
  /// The first pass, after reset(): add() each age of each row (make_room() before each block
  /// of cases), then finish_counting().
  Adder adder() {
    Adder a;
    a.counts_ = counts_.data();
    a.keep_ = keep_.data();
    a.over_in_threshold_group_ = over_in_threshold_group_.data();
    a.kept_ = kept_.data();
    a.threshold_group_ = threshold_group_;
    a.threshold_ = threshold_;
    return a;
  }
  /// The first pass, one age at a time (adder() for a loop).
  void add(std::size_t row, double age) {
    make_room(1);
    adder().add(row, age);
  }

  /// After the first pass: finds each row's wanted groups. Returns true when some row's
  /// wanted group was not kept, and the caller must then pass over the same ages again with
  /// gather() (which keeps exactly the wanted groups of those rows).
  bool finish_counting() {
    bool second_pass = false;
    for (std::size_t row = 0; row < targets_.size(); ++row) {
      const std::uint32_t* row_counts = &counts_[row * kGroups];
      std::size_t n = 0;
      std::size_t over = over_in_threshold_group_[row];
      for (std::size_t g = 0; g < kGroups; ++g) {
        n += row_counts[g];
        if (g > threshold_group_) over += row_counts[g];
      }
      n_[row] = n;
      over_[row] = over;
      Targets& t = targets_[row];
      t.known = n > 0;
      if (n == 0) continue;
      // The ranks that can be asked for, ascending, and the group holding each.
      const double h50 = 0.5 * static_cast<double>(n - 1);
      const double h90 = 0.9 * static_cast<double>(n - 1);
      t.rank = {static_cast<std::size_t>(h50), static_cast<std::size_t>(h50) + 1, static_cast<std::size_t>(h90),
                static_cast<std::size_t>(h90) + 1};
      std::sort(t.rank.begin(), t.rank.end());  // lo90 may equal lo50
      const std::uint32_t* counts = &counts_[row * kGroups];
      std::size_t g = 0;
      std::size_t before_g = 0;
      bool all_kept = true;
      for (std::size_t i = 0; i < t.rank.size(); ++i) {
        const std::size_t r = std::min(t.rank[i], n - 1);
        while (before_g + counts[g] <= r) before_g += counts[g++];
        t.group[i] = g;
        t.below[i] = before_g;
        all_kept = all_kept && keep_[row * kGroups + g] != 0;
      }
      if (all_kept) continue;
      t.gather = true;
      second_pass = true;
      kept_[row].size = 0;
      std::memset(&keep_[row * kGroups], 0, kGroups);
      for (std::size_t wanted : t.group) keep_[row * kGroups + wanted] = 1;
    }
    return second_pass;
  }

  /// The second pass, when finish_counting() asked for it: the same ages as add() was given.
  void gather(std::size_t row, double age) {
    if (!targets_[row].gather || keep_[row * kGroups + group_of(age)] == 0) return;
    KeptAges& kept = kept_[row];
    if (kept.size == kept.ages.size()) kept.ages.resize(2 * kept.size + 64);
    kept.ages[kept.size++] = age;
  }

  /// After finish_counting().
  std::size_t count(std::size_t row) const { return n_[row]; }
  std::size_t over_threshold(std::size_t row) const { return over_[row]; }

  /// The row's median and 90th percentile (NaN, NaN when it is empty), after finish_counting()
  /// and, if it asked, the second pass.
  std::pair<double, double> median_and_p90(std::size_t row) {
    const std::size_t n = n_[row];
    if (n == 0) return sim::median_and_p90(0, [](std::size_t) { return 0.0; });
    const Targets& t = targets_[row];
    // The wanted groups' ages (at most four distinct groups) from those kept.
    std::array<std::size_t, 4> distinct{};
    std::size_t n_distinct = 0;
    for (std::size_t gi : t.group) {
      if (n_distinct == 0 || distinct[n_distinct - 1] != gi) distinct[n_distinct++] = gi;
    }
    const std::uint32_t* counts = &counts_[row * kGroups];
    for (std::size_t d = 0; d < n_distinct; ++d) {
      gathered_[d].clear();
      gathered_[d].reserve(counts[distinct[d]]);
    }
    for (std::size_t i = 0; i < kept_[row].size; ++i) {
      const double age = kept_[row].ages[i];
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
      while (t.rank[i] != rank) ++i;
      std::size_t d = 0;
      while (distinct[d] != t.group[i]) ++d;
      std::vector<double>& in_group = gathered_[d];
      const auto at = in_group.begin() + static_cast<std::ptrdiff_t>(rank - t.below[i]);
      std::nth_element(in_group.begin(), at, in_group.end());
      return *at;
    });
  }

 private:
  /// A row's wanted ranks at the last finish_counting(), the group holding each and how many
  /// ages are in the groups before it.
  struct Targets {
    bool known = false;   ///< the row had ages (so `group` says where to look next period)
    bool gather = false;  ///< the row needs the second pass this period
    std::array<std::size_t, 4> rank{};
    std::array<std::size_t, 4> group{};
    std::array<std::size_t, 4> below{};
  };

  double threshold_ = 0;
  std::size_t threshold_group_ = 0;  ///< group_of(threshold_)
  std::vector<Targets> targets_;
  std::vector<std::size_t> n_;     ///< per row: ages added (from the counts, by finish_counting)
  std::vector<std::size_t> over_;  ///< per row: ages over the threshold (likewise)
  std::vector<std::size_t> over_in_threshold_group_;  ///< per row: those of the threshold's group
  std::vector<std::uint32_t> counts_;        ///< row * kGroups + group
  std::vector<std::uint8_t> keep_;           ///< row * kGroups + group: 1 if its ages are kept
  std::vector<KeptAges> kept_;  ///< per row: the kept ages; reused from period to period
  std::array<std::vector<double>, 4> gathered_;
};

}  // namespace courtflow::sim

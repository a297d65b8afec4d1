#pragma once
// Across-replication summaries of one measure: the mean with a 95% Student-t confidence
// interval (the "M" of summary.json), sample quantiles for the time series, and the Student t
// and standard normal quantile functions they need. Pure numerics: no I/O, no engine types.
// Missing values (NaN, e.g. the mean wait at a stage no case reached in some replication) are
// left out; an Interval over no values has NaN mean and bounds, which to_json writes as nulls.

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

namespace courtflow::analysis {

/// Mean of n per-replication values and its 95% confidence interval [lo, hi].
/// n counts only the values that were not NaN. n == 0: mean, lo and hi are NaN.
/// n == 1: lo == hi == mean (no spread can be estimated from one replication).
struct Interval {
  double mean = 0;
  double lo = 0;
  double hi = 0;
  std::size_t n = 0;

  /// True when there was at least one value (mean is a number).
  bool has_value() const { return n > 0; }
};

/// mean ± t_{0.975, n-1} · s/√n over the non-NaN values. O(n).
Interval interval(const std::vector<double>& values);

/// `iv` with its bounds kept inside [floor, ceiling], the range the measure itself cannot leave
/// (a count or a wait is never below 0, a utilisation never above 1): the t-interval is
/// symmetric and, from few or skewed replications, can reach past them.
Interval within(Interval iv, double floor, double ceiling);

/// Mean of the non-NaN values; NaN if there are none. O(n).
double mean_of(const std::vector<double>& values);

/// The p-quantile (0 <= p <= 1) of the non-NaN values by linear interpolation between order
/// statistics (Hyndman & Fan type 7, the default of R and NumPy). NaN if there are no values.
/// O(n log n).
double quantile(std::vector<double> values, double p);

/// Quantile function of Student's t distribution with df > 0 degrees of freedom, for
/// 0 < p < 1 (df may be +infinity: the standard normal). Accurate to about 1e-12 relative.
double student_t_quantile(double p, double df);

/// Quantile function of the standard normal distribution, 0 < p < 1.
double normal_quantile(double p);

/// Regularized incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1.
double incomplete_beta(double x, double a, double b);

/// {"mean": x, "ci95": [lo, hi]} ([x, x] from one value: summary.json's numbers stay numbers);
/// {"mean": null, "ci95": [null, null]} when there were no values.
nlohmann::ordered_json to_json(const Interval& iv);

}  // namespace courtflow::analysis

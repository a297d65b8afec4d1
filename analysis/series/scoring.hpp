#pragma once
// Scoring a projection against what happened: the mean absolute percentage error (MAPE, in
// percent) of the projected open caseload, the two baselines it must beat (the last observed
// value carried forward, and a straight line fitted by least squares to the observed values
// up to the split and extended), and how often the actual value fell inside the projection's
// 90% band. Pure arithmetic, checked against a hand-worked example in the tests.

#include <vector>

namespace courtflow::analysis::series {

/// 100/n * sum |projected_i - actual_i| / actual_i over the periods with actual_i > 0;
/// NaN if there are none. The vectors must be equally long.
double mape(const std::vector<double>& actual, const std::vector<double>& projected);

/// The naive baseline: `last` for each of `count` periods.
std::vector<double> naive_baseline(double last, std::size_t count);

/// The linear-trend baseline: the least-squares line through `history` (equally spaced,
/// oldest first, the last at the split) extended `count` periods. One value: carried forward.
std::vector<double> trend_baseline(const std::vector<double>& history, std::size_t count);

/// Share of periods with lo_i <= actual_i <= hi_i; NaN when there are none.
double coverage(const std::vector<double>& actual, const std::vector<double>& lo, const std::vector<double>& hi);

}  // namespace courtflow::analysis::series

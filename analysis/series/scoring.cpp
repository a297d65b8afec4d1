// Projection scores and baselines (scoring.hpp).

#include "analysis/series/scoring.hpp"

#include <cmath>
#include <stdexcept>

namespace courtflow::analysis::series {

double mape(const std::vector<double>& actual, const std::vector<double>& projected) {
  if (actual.size() != projected.size()) throw std::invalid_argument("mape: vectors of different lengths");
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (!(actual[i] > 0)) continue;
    sum += std::abs(projected[i] - actual[i]) / actual[i];
    ++n;
  }
  return n == 0 ? std::nan("") : 100 * sum / static_cast<double>(n);
}

std::vector<double> naive_baseline(double last, std::size_t count) { return std::vector<double>(count, last); }

std::vector<double> trend_baseline(const std::vector<double>& history, std::size_t count) {
  if (history.empty()) throw std::invalid_argument("trend baseline: no history");
  const std::size_t n = history.size();
  if (n == 1) return naive_baseline(history.front(), count);
  // x = 0..n-1; the line through the means with the least-squares slope.
  const double xbar = static_cast<double>(n - 1) / 2;
  double ybar = 0;
  for (const double v : history) ybar += v;
  ybar /= static_cast<double>(n);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = static_cast<double>(i) - xbar;
    sxy += dx * (history[i] - ybar);
    sxx += dx * dx;
  }
  const double slope = sxy / sxx;
  std::vector<double> out;
  for (std::size_t k = 1; k <= count; ++k) {
    out.push_back(ybar + slope * (static_cast<double>(n - 1 + k) - xbar));
  }
  return out;
}

double coverage(const std::vector<double>& actual, const std::vector<double>& lo, const std::vector<double>& hi) {
  if (actual.empty()) return std::nan("");
  std::size_t inside = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) inside += lo[i] <= actual[i] && actual[i] <= hi[i] ? 1 : 0;
  return static_cast<double>(inside) / static_cast<double>(actual.size());
}

}  // namespace courtflow::analysis::series

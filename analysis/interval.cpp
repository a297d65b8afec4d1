// Across-replication means, 95% Student-t intervals and type-7 quantiles, with the special
// functions behind them (regularized incomplete beta by Lentz's continued fraction, quantiles
// by bisection on the distribution function, which is exact to the last bit and fast enough
// for the handful of calls a summary makes). Pure numerics; no I/O.
#include "analysis/interval.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace courtflow::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Continued fraction for I_x(a, b) (modified Lentz), valid for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double x, double a, double b) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-16;
  const double qab = a + b;
  const double qap = a + 1;
  const double qam = a - 1;
  double c = 1;
  double d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  // Convergence takes O(sqrt(max(a, b))) terms; large df (a = df/2) needs many.
  for (int m = 1; m <= 100000; ++m) {
    const double md = m;
    const double m2 = 2 * md;
    double aa = md * (b - md) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < kEps) break;
  }
  return h;
}

// Largest x in [lo, hi] with f(x) < target, for f increasing; bisects until the bracket
// cannot be split any further in double precision.
template <class F>
double bisect_increasing(F f, double target, double lo, double hi) {
  for (int i = 0; i < 2000; ++i) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (f(mid) < target) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo + (hi - lo) / 2;
}

}  // namespace

double incomplete_beta(double x, double a, double b) {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return kNaN;
  if (x == 0) return 0;
  if (x == 1) return 1;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(x, a, b) / a;
  return 1 - front * beta_continued_fraction(1 - x, b, a) / b;
}

double normal_quantile(double p) {
  if (!(p > 0) || !(p < 1)) return kNaN;
  if (p == 0.5) return 0;
  if (p < 0.5) return -normal_quantile(1 - p);
  // Upper tail: find z > 0 with Q(z) = 0.5 erfc(z / sqrt 2) = 1 - p; Q decreases in z, so
  // bisect the increasing function -Q.
  const double q = 1 - p;
  return bisect_increasing([](double z) { return -0.5 * std::erfc(z / std::sqrt(2.0)); }, -q, 0.0, 40.0);
}

double student_t_quantile(double p, double df) {
  if (!(p > 0) || !(p < 1) || !(df > 0)) return kNaN;
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  if (std::isinf(df) || df > 1e7) return normal_quantile(p);
  // For t > 0 the upper tail is 1 - F(t) = 0.5 I_x(df/2, 1/2) with x = df / (df + t^2).
  // Solve I_x(df/2, 1/2) = 2 (1 - p) for x (I increases in x), then t = sqrt(df (1 - x) / x).
  const double alpha = 2 * (1 - p);
  const double a = df / 2;
  const double x = bisect_increasing([a](double v) { return incomplete_beta(v, a, 0.5); }, alpha, 0.0, 1.0);
  if (!(x > 0)) return std::numeric_limits<double>::infinity();
  return std::sqrt(df * (1 - x) / x);
}

Interval within(Interval iv, double floor, double ceiling) {
  if (iv.n == 0) return iv;
  iv.lo = std::clamp(iv.lo, floor, ceiling);
  iv.hi = std::clamp(iv.hi, floor, ceiling);
  return iv;
}

double mean_of(const std::vector<double>& values) {
  double sum = 0;
  std::size_t n = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  return n == 0 ? kNaN : sum / static_cast<double>(n);
}

Interval interval(const std::vector<double>& values) {
  Interval result;
  double sum = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++result.n;
  }
  if (result.n == 0) {
    result.mean = result.lo = result.hi = kNaN;
    return result;
  }
  const double n = static_cast<double>(result.n);
  result.mean = sum / n;
  result.lo = result.hi = result.mean;
  if (result.n == 1) return result;
  double ss = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    ss += (v - result.mean) * (v - result.mean);
  }
  const double sd = std::sqrt(ss / (n - 1));
  if (sd == 0) return result;
  const double half = student_t_quantile(0.975, n - 1) * sd / std::sqrt(n);
  result.lo = result.mean - half;
  result.hi = result.mean + half;
  return result;
}

double quantile(std::vector<double> values, double p) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  if (values.empty() || !(p >= 0) || !(p <= 1)) return kNaN;
  std::sort(values.begin(), values.end());
  const double h = static_cast<double>(values.size() - 1) * p;
  const double lower = std::floor(h);
  const auto i = static_cast<std::size_t>(lower);
  if (i + 1 >= values.size()) return values.back();
  return values[i] + (h - lower) * (values[i + 1] - values[i]);
}

nlohmann::ordered_json to_json(const Interval& iv) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  const bool finite = iv.n > 0 && std::isfinite(iv.mean) && std::isfinite(iv.lo) && std::isfinite(iv.hi);
  if (!finite) {
    // The contract's shape, with nothing in it: a script reading ci95[0] gets a null, not an error.
    j["mean"] = nullptr;
    j["ci95"] = nlohmann::ordered_json::array({nullptr, nullptr});
    return j;
  }
  j["mean"] = iv.mean;
  j["ci95"] = nlohmann::ordered_json::array({iv.lo, iv.hi});
  return j;
}

}  // namespace courtflow::analysis

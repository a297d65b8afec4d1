// Maximum-likelihood fits, AIC choice and KS distances (distribution_fit.hpp). The gamma and
// Weibull shapes solve their one-dimensional likelihood equations by safeguarded Newton steps;
// the scale then follows in closed form.

#include "analysis/eventlog/distribution_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "models/model_json.hpp"

namespace courtflow::analysis::eventlog {
namespace {

constexpr double kPi = 3.14159265358979323846;

double digamma(double x) {
  double r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const double f = 1 / (x * x);
  return r + std::log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
}

double trigamma(double x) {
  double r = 0;
  while (x < 6) {
    r += 1 / (x * x);
    x += 1;
  }
  const double f = 1 / (x * x);
  return r + 1 / x + f / 2 + (1 / (x * x * x)) * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f / 30)));
}

/// Regularised lower incomplete gamma P(a, x) (series below a+1, continued fraction above).
double gamma_p(double a, double x) {
  if (x <= 0) return 0;
  const double log_prefix = a * std::log(x) - x - std::lgamma(a);
  if (x < a + 1) {
    double sum = 1 / a, term = sum;
    for (int n = 1; n < 1000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * 1e-15) break;
    }
    return std::min(1.0, sum * std::exp(log_prefix));
  }
  // Lentz's continued fraction for Q(a, x).
  const double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-15) break;
  }
  return std::max(0.0, 1 - std::exp(log_prefix) * h);
}

models::DistDef make(const std::string& kind, std::initializer_list<std::pair<const char*, double>> params) {
  models::DistDef d;
  d.dist = kind;
  for (const auto& [k, v] : params) d.params[k] = v;
  return d;
}

double quantile_sorted(const std::vector<double>& sorted, double p) {
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(h);
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

double quantile_of(const models::DistDef& d, double p, double hint_max) {
  if (d.dist == "fixed") return d.params.at("value");
  if (d.dist == "empirical") return quantile_sorted(d.values, p);
  double lo = 0, hi = std::max(hint_max, 1e-9);
  while (cdf(d, hi) < p && hi < 1e12) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * std::max(1.0, hi); ++i) {
    const double mid = (lo + hi) / 2;
    (cdf(d, mid) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

/// P(X < x): the CDF's left limit (equal to the CDF for continuous families).
double cdf_left(const models::DistDef& d, double x) {
  if (d.dist == "fixed") return x > d.params.at("value") ? 1 : 0;
  if (d.dist == "empirical") {
    const auto it = std::lower_bound(d.values.begin(), d.values.end(), x);
    return static_cast<double>(it - d.values.begin()) / static_cast<double>(d.values.size());
  }
  return cdf(d, x);
}

/// KS distance of `d` against the sorted sample (ties handled at each distinct value).
double ks_distance(const models::DistDef& d, const std::vector<double>& sorted) {
  const double n = static_cast<double>(sorted.size());
  double worst = 0;
  std::size_t i = 0;
  while (i < sorted.size()) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    // At a tie the sample's CDF jumps from i/n to j/n; compare the fitted CDF's left limit with
    // the value before the jump and its value at the point with the value after it (the two
    // coincide for continuous families; they differ for fixed and empirical distributions).
    worst = std::max({worst, std::fabs(cdf(d, sorted[i]) - static_cast<double>(j) / n),
                      std::fabs(cdf_left(d, sorted[i]) - static_cast<double>(i) / n)});
    i = j;
  }
  return worst;
}

struct LogStats {
  double n = 0, sum = 0, sum_log = 0;
};

void add_exponential(const std::vector<double>& x, const LogStats& s, std::vector<CandidateFit>& out) {
  const double m = s.sum / s.n;
  CandidateFit c{"exponential", make("exponential", {{"mean", m}}), -s.n * std::log(m) - s.sum / m, 0, 0};
  (void)x;
  out.push_back(c);
}

void add_lognormal(const std::vector<double>& x, const LogStats& s, std::vector<CandidateFit>& out) {
  const double mu = s.sum_log / s.n;
  double ss = 0;
  for (double v : x) ss += (std::log(v) - mu) * (std::log(v) - mu);
  const double sigma = std::sqrt(ss / s.n);
  if (!(sigma > 0)) return;
  const double ll = -s.sum_log - s.n * std::log(sigma) - s.n / 2 * std::log(2 * kPi) - s.n / 2;
  const double mean = std::exp(mu + sigma * sigma / 2);
  const double sd = mean * std::sqrt(std::expm1(sigma * sigma));
  if (!std::isfinite(mean) || !std::isfinite(sd) || sd > models::kMaxSdOverMean * mean) return;  // not a model's
  out.push_back({"lognormal", make("lognormal", {{"mean", mean}, {"sd", sd}}), ll, 0, 0});
}

void add_gamma(const std::vector<double>&, const LogStats& s, std::vector<CandidateFit>& out) {
  const double mean = s.sum / s.n;
  const double target = std::log(mean) - s.sum_log / s.n;  // ln k - digamma(k) = target > 0
  if (!(target > 0)) return;
  double k = (3 - target + std::sqrt((target - 3) * (target - 3) + 24 * target)) / (12 * target);
  for (int i = 0; i < 100; ++i) {
    const double g = std::log(k) - digamma(k) - target;
    const double dg = 1 / k - trigamma(k);
    double next = k - g / dg;
    if (!(next > 0)) next = k / 2;
    if (std::fabs(next - k) < 1e-12 * k) {
      k = next;
      break;
    }
    k = next;
  }
  const double theta = mean / k;
  const double ll = (k - 1) * s.sum_log - s.sum / theta - s.n * k * std::log(theta) - s.n * std::lgamma(k);
  if (!std::isfinite(ll) || std::sqrt(k) * theta > models::kMaxSdOverMean * mean) return;  // not a model's
  out.push_back({"gamma", make("gamma", {{"mean", mean}, {"sd", std::sqrt(k) * theta}}), ll, 0, 0});
}

void add_weibull(const std::vector<double>& x, const LogStats& s, std::vector<CandidateFit>& out) {
  // Work on x / max for stability; the shape does not depend on the unit.
  const double top = *std::max_element(x.begin(), x.end());
  std::vector<double> y(x.size()), ly(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    y[i] = x[i] / top;
    ly[i] = std::log(y[i]);
  }
  const double mean_ly = std::accumulate(ly.begin(), ly.end(), 0.0) / s.n;
  // g(k) = sum y^k ln y / sum y^k - 1/k - mean ln y, increasing in k.
  auto g = [&](double k, double* dg) {
    double a = 0, b = 0, c = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      const double p = std::pow(y[i], k);
      a += p;
      b += p * ly[i];
      c += p * ly[i] * ly[i];
    }
    if (dg) *dg = c / a - (b / a) * (b / a) + 1 / (k * k);
    return b / a - 1 / k - mean_ly;
  };
  double lo = 1e-3, hi = 1.0;
  while (g(hi, nullptr) < 0 && hi < 1e3) hi *= 2;
  if (g(lo, nullptr) > 0 || g(hi, nullptr) < 0) return;
  double k = 1;
  for (int i = 0; i < 200; ++i) {
    double dg = 0;
    const double v = g(k, &dg);
    (v < 0 ? lo : hi) = k;
    double next = k - v / dg;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (std::fabs(next - k) < 1e-12 * k) {
      k = next;
      break;
    }
    k = next;
  }
  double a = 0;
  for (double v : y) a += std::pow(v, k);
  const double scale = top * std::pow(a / s.n, 1 / k);
  double sum_pow = 0;
  for (double v : x) sum_pow += std::pow(v / scale, k);
  const double ll = s.n * std::log(k) - s.n * k * std::log(scale) + (k - 1) * s.sum_log - sum_pow;
  if (!std::isfinite(ll)) return;
  out.push_back({"weibull", make("weibull", {{"shape", k}, {"scale", scale}}), ll, 0, 0});
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

double cdf(const models::DistDef& d, double x) {
  if (x < 0) return 0;
  const auto p = [&](const char* k) { return d.params.at(k); };
  if (d.dist == "exponential") return -std::expm1(-x / p("mean"));
  if (d.dist == "fixed") return x >= p("value") ? 1 : 0;
  if (d.dist == "weibull") return -std::expm1(-std::pow(x / p("scale"), p("shape")));
  if (d.dist == "lognormal") {
    if (x <= 0) return 0;
    const double m = p("mean"), s = p("sd");
    const double sigma2 = std::log1p((s * s) / (m * m));
    const double mu = std::log(m) - sigma2 / 2;
    return 0.5 * std::erfc(-(std::log(x) - mu) / std::sqrt(2 * sigma2));
  }
  if (d.dist == "gamma") {
    const double m = p("mean"), s = p("sd");
    const double k = (m * m) / (s * s), theta = (s * s) / m;
    return gamma_p(k, x / theta);
  }
  if (d.dist == "empirical") {
    const auto it = std::upper_bound(d.values.begin(), d.values.end(), x);
    return static_cast<double>(it - d.values.begin()) / static_cast<double>(d.values.size());
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double mean_of(const models::DistDef& d) {
  if (d.dist == "exponential" || d.dist == "lognormal" || d.dist == "gamma") return d.params.at("mean");
  if (d.dist == "fixed") return d.params.at("value");
  if (d.dist == "weibull") return d.params.at("scale") * std::tgamma(1 + 1 / d.params.at("shape"));
  if (d.dist == "empirical") {
    return std::accumulate(d.values.begin(), d.values.end(), 0.0) / static_cast<double>(d.values.size());
  }
  return std::numeric_limits<double>::quiet_NaN();
}

DistributionFit fit_durations(std::vector<double> values) {
  DistributionFit fit;
  std::sort(values.begin(), values.end());
  fit.n = values.size();
  if (values.empty()) {
    fit.chosen = make("fixed", {{"value", 0.0}});
    fit.chosen_family = "fixed";
    fit.reason = "no durations observed: fixed 0";
    return fit;
  }
  const double n = static_cast<double>(values.size());
  fit.mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double ss = 0;
  for (double v : values) ss += (v - fit.mean) * (v - fit.mean);
  fit.sd = values.size() > 1 ? std::sqrt(ss / (n - 1)) : 0;
  const auto zeros = static_cast<std::size_t>(std::upper_bound(values.begin(), values.end(), 0.0) - values.begin());
  fit.zero_share = static_cast<double>(zeros) / n;
  fit.ks_critical_5pct = 1.358 / std::sqrt(n);

  std::vector<double> positive(values.begin() + static_cast<std::ptrdiff_t>(zeros), values.end());
  if (positive.empty() || values.front() == values.back()) {
    fit.chosen = make("fixed", {{"value", values.front()}});
    fit.chosen_family = "fixed";
    fit.reason = "every duration is " + format_number(values.front()) + " days: fixed";
  } else if (values.size() < kMinValuesForShape) {
    fit.chosen = make("exponential", {{"mean", fit.mean}});
    fit.chosen_family = "exponential";
    fit.chosen_ks_distance = ks_distance(fit.chosen, values);
    fit.reason = "fewer than " + std::to_string(kMinValuesForShape) + " durations: exponential with their mean";
  } else {
    LogStats s;
    s.n = static_cast<double>(positive.size());
    for (double v : positive) {
      s.sum += v;
      s.sum_log += std::log(v);
    }
    add_exponential(positive, s, fit.candidates);
    add_lognormal(positive, s, fit.candidates);
    add_gamma(positive, s, fit.candidates);
    add_weibull(positive, s, fit.candidates);
    for (CandidateFit& c : fit.candidates) {
      const int k = c.family == "exponential" ? 1 : 2;
      c.aic = 2 * k - 2 * c.log_likelihood;
      c.ks_distance = ks_distance(c.dist, values);
    }
    std::sort(fit.candidates.begin(), fit.candidates.end(),
              [](const CandidateFit& a, const CandidateFit& b) { return a.aic < b.aic; });
    const CandidateFit& best = fit.candidates.front();
    if (best.ks_distance <= std::max(fit.ks_critical_5pct, kPracticalKsDistance)) {
      fit.chosen = best.dist;
      fit.chosen_family = best.family;
      fit.chosen_ks_distance = best.ks_distance;
      fit.reason = best.family + " has the lowest AIC and its KS distance " + format_number(best.ks_distance) +
                   " is within max(1.36/sqrt(n), " + format_number(kPracticalKsDistance) + ")";
    } else {
      models::DistDef emp;
      emp.dist = "empirical";
      // The sorted values in k groups of (nearly) equal size, each represented by its mean:
      // the overall mean is kept, and no single case's duration is written (each value
      // stands for at least kMinValuesPerEmpiricalPoint cases).
      const std::size_t k = std::min(kMaxEmpiricalValues, values.size() / kMinValuesPerEmpiricalPoint);
      for (std::size_t g = 0; g < k; ++g) {
        const std::size_t from = g * values.size() / k, to = (g + 1) * values.size() / k;
        double sum = 0;
        for (std::size_t i = from; i < to; ++i) sum += values[i];
        emp.values.push_back(sum / static_cast<double>(to - from));
      }
      fit.chosen = emp;
      fit.chosen_family = "empirical";
      fit.chosen_ks_distance = ks_distance(emp, values);
      fit.reason = "no family fits (best, " + best.family + ", has KS distance " + format_number(best.ks_distance) +
                   (fit.zero_share > 0 ? "; " + format_number(100 * fit.zero_share) + "% of durations are 0" : "") +
                   "): the observed durations are used";
    }
  }
  for (double p : {0.1, 0.25, 0.5, 0.75, 0.9, 0.95}) {
    fit.quantiles.push_back({p, quantile_sorted(values, p), quantile_of(fit.chosen, p, values.back())});
  }
  return fit;
}

}  // namespace courtflow::analysis::eventlog

namespace courtflow::analysis::eventlog {
double chi_square_upper_tail(double x, int dof) {
  if (dof <= 0) return 1;
  return 1 - gamma_p(dof / 2.0, x / 2);
}
}  // namespace courtflow::analysis::eventlog

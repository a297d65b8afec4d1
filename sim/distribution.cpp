// Sampling and moments of the duration distributions. Each sampler uses the inverse CDF where
// one exists (one uniform per draw, which keeps common random numbers well synchronised across
// scenarios); lognormal uses Box-Muller and gamma Marsaglia-Tsang.

#include "sim/distribution.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

namespace courtflow::sim {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

bool finite_non_negative(double x) { return std::isfinite(x) && x >= 0; }
bool finite_positive(double x) { return std::isfinite(x) && x > 0; }

// Marsaglia & Tsang (2000), "A simple method for generating gamma variables"; shape < 1 uses
// the boost X * U^(1/shape) with X ~ Gamma(shape + 1).
double sample_gamma(Rng& rng, double shape) {
  if (shape < 1.0) {
    const double u = rng.uniform01();
    return sample_gamma(rng, shape + 1.0) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = 0;
    double v = 0;
    do {
      x = standard_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform01();
    if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

}  // namespace

double standard_normal(Rng& rng) {
  const double u1 = rng.uniform01();
  const double u2 = rng.uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

Distribution Distribution::exponential(double mean) {
  require(finite_positive(mean), "exponential: mean must be > 0");
  return Distribution(Kind::exponential, mean, 0, 0);
}

Distribution Distribution::fixed(double value) {
  require(finite_non_negative(value), "fixed: value must be >= 0");
  return Distribution(Kind::fixed, value, 0, 0);
}

Distribution Distribution::lognormal(double mean, double sd) {
  require(finite_positive(mean), "lognormal: mean must be > 0");
  require(finite_non_negative(sd), "lognormal: sd must be >= 0");
  // Moments of the variable -> parameters of the underlying normal.
  const double sigma2 = std::log1p((sd * sd) / (mean * mean));
  Distribution d(Kind::lognormal, std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2), mean);
  d.d_ = sd;
  return d;
}

Distribution Distribution::gamma(double mean, double sd) {
  require(finite_positive(mean), "gamma: mean must be > 0");
  require(finite_positive(sd), "gamma: sd must be > 0");
  const double shape = (mean * mean) / (sd * sd);
  const double scale = (sd * sd) / mean;
  return Distribution(Kind::gamma, shape, scale, 0);
}

Distribution Distribution::weibull(double shape, double scale) {
  require(finite_positive(shape), "weibull: shape must be > 0");
  require(finite_positive(scale), "weibull: scale must be > 0");
  return Distribution(Kind::weibull, shape, scale, 0);
}

Distribution Distribution::uniform(double min, double max) {
  require(finite_non_negative(min) && std::isfinite(max), "uniform: min must be >= 0");
  require(min <= max, "uniform: min must be <= max");
  return Distribution(Kind::uniform, min, max, 0);
}

Distribution Distribution::triangular(double min, double mode, double max) {
  require(finite_non_negative(min) && std::isfinite(mode) && std::isfinite(max),
          "triangular: parameters must be finite and >= 0");
  require(min <= mode && mode <= max && min < max, "triangular: need min <= mode <= max and min < max");
  return Distribution(Kind::triangular, min, mode, max);
}

Distribution Distribution::empirical(std::vector<double> values) {
  require(!values.empty(), "empirical: needs at least one value");
  for (double v : values) require(finite_non_negative(v), "empirical: values must be finite and >= 0");
  Distribution d(Kind::empirical, 0, 0, 0);
  d.values_ = std::move(values);
  return d;
}

double Distribution::sample_other_kinds(Rng& rng) const {
  switch (kind_) {
    case Kind::exponential:  // drawn by sample() inline; here for completeness
      return -a_ * std::log(rng.uniform01());
    case Kind::fixed:
      return a_;
    case Kind::lognormal:
      return std::exp(a_ + b_ * standard_normal(rng));
    case Kind::gamma:
      return b_ * sample_gamma(rng, a_);
    case Kind::weibull:
      return b_ * std::pow(-std::log(rng.uniform01()), 1.0 / a_);
    case Kind::uniform:
      return a_ + (b_ - a_) * rng.uniform01();
    case Kind::triangular: {
      const double u = rng.uniform01();
      const double split = (b_ - a_) / (c_ - a_);
      if (u < split) return a_ + std::sqrt(u * (c_ - a_) * (b_ - a_));
      return c_ - std::sqrt((1.0 - u) * (c_ - a_) * (c_ - b_));
    }
    case Kind::empirical: {
      const auto n = values_.size();
      auto i = static_cast<std::size_t>(rng.uniform01() * static_cast<double>(n));
      if (i >= n) i = n - 1;
      return values_[i];
    }
  }
  return 0;  // unreachable: every kind returns above
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::exponential:
    case Kind::fixed:
      return a_;
    case Kind::lognormal:
      return c_;
    case Kind::gamma:
      return a_ * b_;
    case Kind::weibull:
      return b_ * std::tgamma(1.0 + 1.0 / a_);
    case Kind::uniform:
      return 0.5 * (a_ + b_);
    case Kind::triangular:
      return (a_ + b_ + c_) / 3.0;
    case Kind::empirical: {
      double sum = 0;
      for (double v : values_) sum += v;
      return sum / static_cast<double>(values_.size());
    }
  }
  return 0;
}

double Distribution::variance() const {
  switch (kind_) {
    case Kind::exponential:
      return a_ * a_;
    case Kind::fixed:
      return 0;
    case Kind::lognormal:
      return d_ * d_;
    case Kind::gamma:
      return a_ * b_ * b_;
    case Kind::weibull: {
      const double g1 = std::tgamma(1.0 + 1.0 / a_);
      const double g2 = std::tgamma(1.0 + 2.0 / a_);
      return b_ * b_ * (g2 - g1 * g1);
    }
    case Kind::uniform:
      return (b_ - a_) * (b_ - a_) / 12.0;
    case Kind::triangular:
      return (a_ * a_ + b_ * b_ + c_ * c_ - a_ * b_ - a_ * c_ - b_ * c_) / 18.0;
    case Kind::empirical: {
      const double m = mean();
      double sum = 0;
      for (double v : values_) sum += (v - m) * (v - m);
      return sum / static_cast<double>(values_.size());
    }
  }
  return 0;
}

const char* Distribution::kind_name(Kind kind) {
  switch (kind) {
    case Kind::exponential: return "exponential";
    case Kind::fixed: return "fixed";
    case Kind::lognormal: return "lognormal";
    case Kind::gamma: return "gamma";
    case Kind::weibull: return "weibull";
    case Kind::uniform: return "uniform";
    case Kind::triangular: return "triangular";
    case Kind::empirical: return "empirical";
  }
  return "unknown";
}

Distribution Distribution::scaled(double factor) const {
  require(finite_positive(factor), "scaled: factor must be > 0");
  switch (kind_) {
    case Kind::exponential: return exponential(a_ * factor);
    case Kind::fixed: return fixed(a_ * factor);
    case Kind::lognormal: return lognormal(c_ * factor, d_ * factor);
    case Kind::gamma: return gamma(mean() * factor, std::sqrt(variance()) * factor);
    case Kind::weibull: return weibull(a_, b_ * factor);
    case Kind::uniform: return uniform(a_ * factor, b_ * factor);
    case Kind::triangular: return triangular(a_ * factor, b_ * factor, c_ * factor);
    case Kind::empirical: {
      std::vector<double> v = values_;
      for (double& x : v) x *= factor;
      return empirical(std::move(v));
    }
  }
  return *this;
}

}  // namespace courtflow::sim

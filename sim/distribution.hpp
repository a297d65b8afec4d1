#pragma once
// Probability distributions of durations (service times, patience, ages), in days.
// Parameterised as in the model-file contract: lognormal and gamma by mean and sd, Weibull by
// shape and scale, and so on. Construction checks parameters (std::invalid_argument); sampling
// is branch-on-kind, with no virtual dispatch, because it sits in the engine's hot loop.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/rng.hpp"

namespace courtflow::sim {

class Distribution {
 public:
  enum class Kind : std::uint8_t {
    exponential,
    fixed,
    lognormal,
    gamma,
    weibull,
    uniform,
    triangular,
    empirical,
  };

  /// Exponential with the given mean (> 0).
  static Distribution exponential(double mean);
  /// Always `value` (>= 0).
  static Distribution fixed(double value);
  /// Lognormal with the given mean (> 0) and standard deviation (>= 0) of the variable itself.
  static Distribution lognormal(double mean, double sd);
  /// Gamma with the given mean (> 0) and standard deviation (> 0).
  static Distribution gamma(double mean, double sd);
  /// Weibull with shape k (> 0) and scale lambda (> 0).
  static Distribution weibull(double shape, double scale);
  /// Uniform on [min, max], 0 <= min <= max.
  static Distribution uniform(double min, double max);
  /// Triangular on [min, max] with the given mode, 0 <= min <= mode <= max, min < max.
  static Distribution triangular(double min, double mode, double max);
  /// Resampling of observed values (each >= 0, at least one), each equally likely.
  static Distribution empirical(std::vector<double> values);

  /// A non-negative draw, in the distribution's unit (days). The exponential is drawn here,
  /// inline: it is most service times and the engine draws one an event (the call and the
  /// switch were a tenth of the tandem benchmark's instructions outside the log).
  double sample(Rng& rng) const {
    if (kind_ == Kind::exponential) [[likely]] return exponential_of_log_uniform(std::log(rng.uniform01()));
    return sample_other_kinds(rng);
  }
  /// An exponential's draw from log(u), u the uniform01() value sample() would have drawn:
  /// the same value sample() gives (for a caller that draws the logs a batch at a time,
  /// log_uniforms.hpp). Only for Kind::exponential.
  double exponential_of_log_uniform(double log_u) const { return -a_ * log_u; }

  double mean() const;
  double variance() const;
  Kind kind() const { return kind_; }
  /// The contract's name of the kind ("exponential", "fixed", ...).
  static const char* kind_name(Kind kind);

  /// A copy with every draw multiplied by `factor` (> 0): used by scenario levers that speed up
  /// or slow down a step.
  Distribution scaled(double factor) const;

 private:
  Distribution(Kind kind, double a, double b, double c) : kind_(kind), a_(a), b_(b), c_(c) {}
  /// sample() for every kind but the exponential.
  double sample_other_kinds(Rng& rng) const;

  Kind kind_;
  // Parameters, precomputed for sampling. Meaning by kind:
  //   exponential: a = mean            fixed: a = value
  //   lognormal:   a = mu, b = sigma   (of the underlying normal), c = mean, d = sd
  //   gamma:       a = shape, b = scale
  //   weibull:     a = shape, b = scale
  //   uniform:     a = min, b = max    triangular: a = min, b = mode, c = max
  //   empirical:   values_
  double a_ = 0, b_ = 0, c_ = 0, d_ = 0;
  std::vector<double> values_;
};

/// A standard normal draw (Box-Muller, no cached second value so streams stay simple).
double standard_normal(Rng& rng);

}  // namespace courtflow::sim

#pragma once
// Fitting a duration distribution to a sample by maximum likelihood: exponential, lognormal,
// gamma and Weibull, chosen by AIC, with the Kolmogorov-Smirnov distance of each fit and a
// fitted-vs-empirical quantile table. When the best fit is still far from the data (KS distance
// above both the 5% critical value 1.36/sqrt(n) and 0.05, i.e. the fitted CDF is more than five
// percentage points off somewhere) the sample itself is used: an `empirical` distribution of
// at most kMaxEmpiricalValues values, each the mean of an equal share of the sorted sample.

#include <cstddef>
#include <string>
#include <vector>

#include "models/model.hpp"

namespace courtflow::analysis::eventlog {

inline constexpr std::size_t kMaxEmpiricalValues = 500;
/// Each value of an empirical distribution is the mean of at least this many durations, so
/// that no case's own duration is written (the disclosure threshold of reports).
inline constexpr std::size_t kMinValuesPerEmpiricalPoint = 10;
/// Below this many values no shape is chosen: the mean is kept (exponential).
inline constexpr std::size_t kMinValuesForShape = 10;
/// A fit is kept when its KS distance is at most this, even if the KS test rejects it (with
/// many thousands of values any real sample rejects every family; 0.05 is what matters).
inline constexpr double kPracticalKsDistance = 0.05;

struct CandidateFit {
  std::string family;        ///< "exponential", "lognormal", "gamma", "weibull"
  models::DistDef dist;      ///< in the model format
  double log_likelihood = 0;
  double aic = 0;
  double ks_distance = 0;    ///< against every value, zeros included
};

struct QuantileRow {
  double p = 0;
  double empirical = 0;
  double fitted = 0;
};

struct DistributionFit {
  std::size_t n = 0;
  double mean = 0;
  double sd = 0;
  double zero_share = 0;                  ///< share of values that are exactly 0
  std::vector<CandidateFit> candidates;   ///< by AIC, best first (fitted on values > 0)
  models::DistDef chosen;
  std::string chosen_family;              ///< a family, "empirical", "fixed"
  double chosen_ks_distance = 0;
  double ks_critical_5pct = 0;            ///< 1.36 / sqrt(n)
  std::string reason;                     ///< why this one, in a sentence
  std::vector<QuantileRow> quantiles;     ///< of the chosen distribution
};

/// Fits `values` (durations in days, each finite and >= 0). An empty sample gives fixed 0.
DistributionFit fit_durations(std::vector<double> values);

/// CDF of a distribution in the model format at x (exponential, lognormal, gamma, weibull,
/// fixed, empirical).
double cdf(const models::DistDef& d, double x);
/// Its mean.
double mean_of(const models::DistDef& d);

}  // namespace courtflow::analysis::eventlog

namespace courtflow::analysis::eventlog {
/// Upper tail of the chi-square distribution: P(X > x) with `dof` degrees of freedom.
double chi_square_upper_tail(double x, int dof);
}  // namespace courtflow::analysis::eventlog

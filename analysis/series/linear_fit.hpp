#pragma once
// Least squares with a residual bootstrap, and the small family of per-day rate models fitted
// to series: a level, plus a linear trend, plus seasonal effects (one per quarter of the year
// for quarterly series), the form chosen by the small-sample Akaike information criterion
// (AICc), and the ratio models "disposals per capacity unit" and "disposals per open case"
// (least squares through the origin). Eigen does the algebra (in the .cpp only).
//
// Uncertainty: B bootstrap refits on y* = fitted + resampled residuals (rescaled by
// sqrt(n/(n-p)) so that their spread is unbiased); each refit is one parameter draw. The
// chosen form is held fixed across draws. Intervals are the 2.5% and 97.5% percentiles of
// the draws. Projections also add per-period noise: the residual scatter beyond what Poisson
// arrivals alone would give (the engine adds the Poisson part itself).

#include <cstdint>
#include <string>
#include <vector>

#include "sim/rng.hpp"

namespace courtflow::analysis::series {

/// An estimate with its 95% bootstrap percentile interval.
struct Estimate {
  double value = 0;
  double lo = 0;
  double hi = 0;
};

/// Ordinary least squares of y on the columns of x (rows = observations), with `draws`
/// residual-bootstrap refits drawn from `rng`.
struct LeastSquares {
  std::vector<double> beta;
  std::vector<double> fitted;
  std::vector<double> residuals;
  double rss = 0;
  std::vector<std::vector<double>> draws;  ///< one beta per bootstrap refit
  std::size_t n() const { return residuals.size(); }
  std::size_t p() const { return beta.size(); }
  /// sqrt(rss / (n - p)); 0 when n <= p.
  double residual_sd() const;
  /// Estimate of beta[k] with its percentile interval over the draws (value only if none).
  Estimate estimate(std::size_t k) const;
};

/// Throws std::invalid_argument when x is empty, ragged, has fewer rows than columns or is
/// rank deficient.
LeastSquares least_squares(const std::vector<std::vector<double>>& x, const std::vector<double>& y, int draws,
                           sim::Rng& rng);

/// AICc of a Gaussian linear model with `p` coefficients (+1 for the variance) on n points;
/// +infinity when n - p - 2 <= 0 (too few points to compare).
double aicc(double rss, std::size_t n, std::size_t p);

/// One observation of a per-day rate: y (per day) in period t (0 = the last fitted period,
/// negative before), of season `season`, covering `days` days.
struct RatePoint {
  double y = 0;
  double t = 0;
  int season = 0;
  double days = 1;
};

/// A fitted rate model: rate(t, season) = level + trend * t + effect[season], the seasonal
/// effects summing to zero over a year (so `level` is the deseasonalised rate at t = 0).
struct RateModel {
  bool trend = false;
  bool season = false;
  int seasons = 0;  ///< seasons per year of the data (4 for quarters; 0: no seasonality)
  LeastSquares ls;
  /// (form name, AICc) of every form tried, in the order tried.
  std::vector<std::pair<std::string, double>> criteria;
  /// Per-period noise sd (per day) beyond Poisson, added to projected rates.
  double extra_sd = 0;

  std::string form() const;
  /// The rate for a parameter vector (the estimate or one draw).
  double rate(const std::vector<double>& beta, double t, int season) const;
  Estimate level() const { return ls.estimate(0); }
  /// Only when `trend`.
  Estimate slope() const { return ls.estimate(1); }
  /// Seasonal effect of season j (0..seasons-1), only when `season`.
  Estimate effect(int j) const;
};

/// Fits the forms the data can support (a trend needs 4 points; seasons need every season
/// twice and 4 points more than coefficients), picks the smallest AICc, and bootstraps it.
/// Throws std::invalid_argument with fewer than 3 points.
RateModel fit_rate_model(const std::vector<RatePoint>& points, int seasons, int draws, sim::Rng& rng);

/// y = theta * x through the origin (x > 0), bootstrapped. extra_sd as for rate models.
struct RatioModel {
  LeastSquares ls;
  double extra_sd = 0;
  Estimate theta() const { return ls.estimate(0); }
};

RatioModel fit_ratio_model(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& days,
                           int draws, sim::Rng& rng);

/// A standard normal draw (Box-Muller on two uniforms of `rng`).
double normal_draw(sim::Rng& rng);

}  // namespace courtflow::analysis::series

// Least squares, residual bootstrap and the rate-model choice (linear_fit.hpp).

#include "analysis/series/linear_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include <Eigen/Dense>

#include "analysis/interval.hpp"

namespace courtflow::analysis::series {
namespace {

Eigen::Index idx(std::size_t i) { return static_cast<Eigen::Index>(i); }

// Poisson variance of a per-day rate, averaged over the points: var(count/days) = rate/days.
double poisson_part(const std::vector<double>& y, const std::vector<double>& days) {
  double sum = 0;
  for (std::size_t i = 0; i < y.size(); ++i) sum += std::max(0.0, y[i]) / days[i];
  return y.empty() ? 0 : sum / static_cast<double>(y.size());
}

double extra_noise_sd(const LeastSquares& ls, const std::vector<double>& y, const std::vector<double>& days) {
  const double sd = ls.residual_sd();
  return std::sqrt(std::max(0.0, sd * sd - poisson_part(y, days)));
}

}  // namespace

double LeastSquares::residual_sd() const {
  if (n() <= p()) return 0;
  return std::sqrt(rss / static_cast<double>(n() - p()));
}

Estimate LeastSquares::estimate(std::size_t k) const {
  Estimate e{beta.at(k), beta.at(k), beta.at(k)};
  if (draws.empty()) return e;
  std::vector<double> values;
  values.reserve(draws.size());
  for (const std::vector<double>& d : draws) values.push_back(d[k]);
  e.lo = quantile(values, 0.025);
  e.hi = quantile(values, 0.975);
  return e;
}

LeastSquares least_squares(const std::vector<std::vector<double>>& x, const std::vector<double>& y, int draws,
                           sim::Rng& rng) {
  const std::size_t n = x.size();
  if (n == 0 || y.size() != n) throw std::invalid_argument("least squares: no observations");
  const std::size_t p = x.front().size();
  if (p == 0 || n < p) throw std::invalid_argument("least squares: fewer observations than coefficients");
  Eigen::MatrixXd a(idx(n), idx(p));
  Eigen::VectorXd b(idx(n));
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i].size() != p) throw std::invalid_argument("least squares: ragged design");
    for (std::size_t j = 0; j < p; ++j) a(idx(i), idx(j)) = x[i][j];
    b(idx(i)) = y[i];
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(a);
  if (qr.rank() < idx(p)) throw std::invalid_argument("least squares: the design is rank deficient");
  const Eigen::VectorXd beta = qr.solve(b);
  const Eigen::VectorXd fitted = a * beta;
  const Eigen::VectorXd resid = b - fitted;

  LeastSquares ls;
  ls.beta.assign(beta.data(), beta.data() + beta.size());
  ls.fitted.assign(fitted.data(), fitted.data() + fitted.size());
  ls.residuals.assign(resid.data(), resid.data() + resid.size());
  ls.rss = resid.squaredNorm();
  // Residuals shrink by about sqrt((n-p)/n) in a fit; undo it so the bootstrap is not too tight.
  const double inflate = n > p ? std::sqrt(static_cast<double>(n) / static_cast<double>(n - p)) : 0.0;
  for (int d = 0; d < draws; ++d) {
    Eigen::VectorXd star = fitted;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t pick = std::min(n - 1, static_cast<std::size_t>(rng.uniform01() * static_cast<double>(n)));
      star(idx(i)) += inflate * resid(idx(pick));
    }
    const Eigen::VectorXd beta_star = qr.solve(star);
    ls.draws.emplace_back(beta_star.data(), beta_star.data() + beta_star.size());
  }
  return ls;
}

double aicc(double rss, std::size_t n, std::size_t p) {
  const double k = static_cast<double>(p) + 1;  // + the variance
  const double nn = static_cast<double>(n);
  if (nn - k - 1 <= 0) return std::numeric_limits<double>::infinity();
  // A perfect fit would give log(0); floor the residual variance at a tiny positive value.
  const double var = std::max(rss / nn, 1e-300);
  return nn * std::log(var) + 2 * k + 2 * k * (k + 1) / (nn - k - 1);
}

std::string RateModel::form() const {
  std::string f = "level";
  if (trend) f += "+trend";
  if (season) f += "+season";
  return f;
}

double RateModel::rate(const std::vector<double>& beta, double t, int s) const {
  double r = beta[0];
  std::size_t k = 1;
  if (trend) r += beta[k++] * t;
  if (season) {
    if (s < seasons - 1) {
      r += beta[k + static_cast<std::size_t>(s)];
    } else {
      for (int j = 0; j < seasons - 1; ++j) r -= beta[k + static_cast<std::size_t>(j)];
    }
  }
  return r;
}

Estimate RateModel::effect(int j) const {
  // Effect-coded: seasons 0..s-2 are coefficients, the last is minus their sum.
  const std::size_t first = trend ? 2 : 1;
  const auto value_of = [&](const std::vector<double>& beta) {
    if (j < seasons - 1) return beta[first + static_cast<std::size_t>(j)];
    double sum = 0;
    for (int i = 0; i < seasons - 1; ++i) sum += beta[first + static_cast<std::size_t>(i)];
    return -sum;
  };
  Estimate e;
  e.value = e.lo = e.hi = value_of(ls.beta);
  if (ls.draws.empty()) return e;
  std::vector<double> values;
  for (const std::vector<double>& d : ls.draws) values.push_back(value_of(d));
  e.lo = quantile(values, 0.025);
  e.hi = quantile(values, 0.975);
  return e;
}

RateModel fit_rate_model(const std::vector<RatePoint>& points, int seasons, int draws, sim::Rng& rng) {
  const std::size_t n = points.size();
  if (n < 3) throw std::invalid_argument("a rate model needs at least 3 periods");
  std::vector<double> y, days;
  for (const RatePoint& pt : points) {
    y.push_back(pt.y);
    days.push_back(pt.days);
  }
  // Seasons are estimable only if each is seen at least twice.
  bool seasons_ok = seasons >= 2;
  if (seasons_ok) {
    std::vector<int> seen(static_cast<std::size_t>(seasons), 0);
    for (const RatePoint& pt : points) ++seen[static_cast<std::size_t>(pt.season)];
    seasons_ok = *std::min_element(seen.begin(), seen.end()) >= 2;
  }
  const auto design = [&](bool trend, bool season) {
    std::vector<std::vector<double>> x;
    for (const RatePoint& pt : points) {
      std::vector<double> row{1.0};
      if (trend) row.push_back(pt.t);
      if (season) {
        for (int j = 0; j < seasons - 1; ++j) row.push_back(pt.season == j ? 1.0 : pt.season == seasons - 1 ? -1.0 : 0.0);
      }
      x.push_back(std::move(row));
    }
    return x;
  };

  RateModel best;
  best.seasons = seasons_ok ? seasons : 0;
  double best_score = std::numeric_limits<double>::infinity();
  sim::Rng no_draws;
  for (const bool season : {false, true}) {
    if (season && !seasons_ok) continue;
    for (const bool trend : {false, true}) {
      const std::size_t p = 1 + (trend ? 1 : 0) + (season ? static_cast<std::size_t>(seasons - 1) : 0);
      if (trend && n < 4) continue;
      if (season && n < p + 4) continue;
      RateModel m;
      m.trend = trend;
      m.season = season;
      m.seasons = best.seasons;
      const LeastSquares ls = least_squares(design(trend, season), y, 0, no_draws);
      const double score = aicc(ls.rss, n, p);
      best.criteria.emplace_back(m.form(), score);
      // The simplest form wins ties (including every score infinite: too few points).
      if (score < best_score || (best_score == std::numeric_limits<double>::infinity() && !trend && !season)) {
        best_score = score;
        best.trend = trend;
        best.season = season;
      }
    }
  }
  best.ls = least_squares(design(best.trend, best.season), y, draws, rng);
  best.extra_sd = extra_noise_sd(best.ls, y, days);
  return best;
}

RatioModel fit_ratio_model(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& days,
                           int draws, sim::Rng& rng) {
  std::vector<std::vector<double>> design;
  for (const double v : x) design.push_back({v});
  RatioModel m;
  m.ls = least_squares(design, y, draws, rng);
  m.extra_sd = extra_noise_sd(m.ls, y, days);
  return m;
}

double normal_draw(sim::Rng& rng) {
  const double u1 = rng.uniform01();
  const double u2 = rng.uniform01();
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

}  // namespace courtflow::analysis::series

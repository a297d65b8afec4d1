// Month-of-year seasonality of case starts (arrival_seasonality.hpp): two Poisson log-linear
// fits by iteratively reweighted least squares and the test between them.

#include "analysis/eventlog/arrival_seasonality.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>

#include "analysis/eventlog/capacity_schedule.hpp"
#include "analysis/eventlog/distribution_fit.hpp"
#include "analysis/interval.hpp"

namespace courtflow::analysis::eventlog {
namespace {

struct PoissonFit {
  Eigen::VectorXd beta;
  Eigen::VectorXd mu;
  Eigen::MatrixXd covariance;  ///< inverse Fisher information
  double deviance = 0;
  double pearson = 0;
  bool converged = false;
};

double deviance_of(const Eigen::VectorXd& y, const Eigen::VectorXd& mu) {
  double d = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    d += (y(i) > 0 ? y(i) * std::log(y(i) / mu(i)) : 0.0) - (y(i) - mu(i));
  }
  return 2 * d;
}

/// Maximum likelihood of log E[y] = offset + X beta, y Poisson, by IRLS from mu = y + 0.5
/// (the usual start), halving a step that would raise the deviance.
PoissonFit fit_poisson(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& offset) {
  PoissonFit f;
  Eigen::VectorXd eta = (y.array() + 0.5).log().matrix();
  Eigen::VectorXd mu = eta.array().exp().matrix();
  double deviance = deviance_of(y, mu);
  f.beta = Eigen::VectorXd::Zero(x.cols());
  bool first = true;
  for (int iteration = 0; iteration < 100; ++iteration) {
    const Eigen::VectorXd z = eta - offset + ((y - mu).array() / mu.array()).matrix();
    const Eigen::MatrixXd xtw = x.transpose() * mu.asDiagonal();
    const Eigen::VectorXd next = (xtw * x).ldlt().solve(xtw * z);
    Eigen::VectorXd step = next - f.beta;
    if (first) step = next;  // the start is not of the form X beta
    double new_deviance = 0;
    Eigen::VectorXd beta, new_eta, new_mu;
    for (int halving = 0; halving < 30; ++halving) {
      beta = (first ? Eigen::VectorXd::Zero(x.cols()) : f.beta) + step;
      new_eta = x * beta + offset;
      new_mu = new_eta.array().exp().matrix();
      new_deviance = deviance_of(y, new_mu);
      if (first || (std::isfinite(new_deviance) && new_deviance <= deviance + 1e-9 * (1 + deviance))) break;
      step /= 2;
    }
    const bool done = !first && std::fabs(deviance - new_deviance) < 1e-10 * (1 + new_deviance);
    first = false;
    f.beta = beta;
    eta = new_eta;
    mu = new_mu;
    deviance = new_deviance;
    if (!std::isfinite(deviance)) break;
    if (done) {
      f.converged = true;
      break;
    }
  }
  f.mu = mu;
  f.deviance = deviance;
  f.pearson = ((y - mu).array().square() / mu.array()).sum();
  const Eigen::MatrixXd information = x.transpose() * mu.asDiagonal() * x;
  f.covariance = information.ldlt().solve(Eigen::MatrixXd::Identity(x.cols(), x.cols()));
  return f;
}

/// P(F > f) for F(d1, d2).
double f_upper_tail(double f, double d1, double d2) {
  if (!(f > 0)) return 1;
  return incomplete_beta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

}  // namespace

std::array<double, 12> month_day_weights() {
  // 97 leap years in 400: February has 28 + 97/400 days on average.
  return {31, 28.2425, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
}

const char* month_abbreviation(int month) {
  static const char* const names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return names[month_of_year(month)];
}

SeasonalityTest test_arrival_seasonality(const std::vector<MonthCount>& whole_months) {
  SeasonalityTest out;
  out.factors.fill(1);
  out.lo.fill(1);
  out.hi.fill(1);
  const int n = static_cast<int>(whole_months.size());
  out.months = n;
  if (n < kMinSeasonalityMonths) {
    out.not_tested_reason = "fewer than " + std::to_string(kMinSeasonalityMonths) + " whole calendar months of case starts (" +
                            std::to_string(n) + ")";
    return out;
  }
  std::array<double, 12> per_month_of_year{};
  for (const MonthCount& m : whole_months) per_month_of_year[static_cast<std::size_t>(month_of_year(m.month))] += m.cases;
  for (int k = 0; k < 12; ++k) {
    if (per_month_of_year[static_cast<std::size_t>(k)] < kMinCasesPerCalendarMonth) {
      out.not_tested_reason = std::string("fewer than 10 case starts in ") + month_abbreviation(k) +
                              " over the log (a factor would describe a handful of cases)";
      return out;
    }
  }

  // The level: hat functions at knots spread evenly over the months, about a year apart.
  const int knots = std::max(2, n / 12 + 1);
  const double spacing = static_cast<double>(n - 1) / (knots - 1);
  out.level_knots = knots;
  const int p = knots + 11;
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, p);
  Eigen::VectorXd y(n), offset(n);
  for (int i = 0; i < n; ++i) {
    const MonthCount& m = whole_months[static_cast<std::size_t>(i)];
    y(i) = m.cases;
    offset(i) = std::log(m.exposure_days);
    for (int k = 0; k < knots; ++k) x(i, k) = std::max(0.0, 1 - std::fabs(i - k * spacing) / spacing);
    const int month = month_of_year(m.month);
    if (month > 0) x(i, knots + month - 1) = 1;  // January is the reference
  }
  const PoissonFit constant = fit_poisson(x.leftCols(knots), y, offset);
  const PoissonFit seasonal = fit_poisson(x, y, offset);
  if (!constant.converged || !seasonal.converged) {
    out.not_tested_reason = "the Poisson fit of the monthly counts did not converge";
    return out;
  }
  out.tested = true;
  out.deviance_constant = constant.deviance;
  out.deviance_seasonal = seasonal.deviance;
  out.statistic = std::max(0.0, constant.deviance - seasonal.deviance);
  out.residual_degrees_of_freedom = n - p;
  out.dispersion = out.residual_degrees_of_freedom > 0 ? seasonal.pearson / out.residual_degrees_of_freedom : 1;
  // Overdispersed when the Pearson statistic itself rejects Poisson scatter (p < 0.05): then a
  // season must stand out from the extra scatter. Switching on any dispersion above 1 would
  // make the test conservative for Poisson data, whose estimate is above 1 half the time.
  out.overdispersed = out.residual_degrees_of_freedom > 0 && out.dispersion > 1 &&
                      chi_square_upper_tail(seasonal.pearson, out.residual_degrees_of_freedom) < kOverdispersionP;
  const double inflation = out.overdispersed ? out.dispersion : 1.0;
  if (out.overdispersed) {
    out.method = "quasi-poisson F";
    out.p_value = f_upper_tail(out.statistic / out.degrees_of_freedom / out.dispersion, out.degrees_of_freedom,
                               out.residual_degrees_of_freedom);
  } else {
    out.method = "poisson likelihood ratio";
    out.p_value = chi_square_upper_tail(out.statistic, out.degrees_of_freedom);
  }
  out.seasonal = out.p_value < kSeasonalityP;

  // Factors: exp(season) over its day-weighted mean; intervals by the delta method on the log.
  const std::array<double, 12> w = month_day_weights();
  double total_weight = 0;
  for (const double d : w) total_weight += d;
  Eigen::VectorXd season = Eigen::VectorXd::Zero(12);
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(12, 12);
  season.tail(11) = seasonal.beta.tail(11);
  cov.bottomRightCorner(11, 11) = seasonal.covariance.bottomRightCorner(11, 11) * inflation;
  Eigen::VectorXd share(12);
  for (int k = 0; k < 12; ++k) share(k) = w[static_cast<std::size_t>(k)] * std::exp(season(k));
  const double mean = share.sum() / total_weight;
  share /= share.sum();
  const double z = normal_quantile(0.975);
  for (int k = 0; k < 12; ++k) {
    Eigen::VectorXd gradient = -share;
    gradient(k) += 1;
    const double se = std::sqrt(std::max(0.0, gradient.dot(cov * gradient)));
    const double log_factor = season(k) - std::log(mean);
    const auto i = static_cast<std::size_t>(k);
    out.factors[i] = std::exp(log_factor);
    out.lo[i] = std::exp(log_factor - z * se);
    out.hi[i] = std::exp(log_factor + z * se);
  }
  return out;
}

}  // namespace courtflow::analysis::eventlog

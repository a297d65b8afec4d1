#pragma once
// Is there a month-of-year pattern in case starts? (calibrate.hpp, "Arrivals"; issue 4.)
//
// The counts of case starts in whole calendar months are modelled as Poisson with the month's
// length as exposure:
//   seasonal:  log E[count] = log(days) + level(t) + season(month of year)
//   constant:  log E[count] = log(days) + level(t)
// where level(t) is piecewise linear in time with knots about a year apart (one more knot
// than whole years: a level per year, joined up), so that a trend is not read as a season.
// (Levels that step at each new year would turn a steady trend into a saw tooth that repeats
// every year, which is exactly a seasonal pattern; joined-up levels cannot repeat a pattern
// within the year.) Both are fitted by maximum likelihood (iteratively reweighted least
// squares, Eigen). The deviance difference is the likelihood-ratio statistic on 11 degrees of
// freedom. When the months scatter more than Poisson allows around the seasonal fit (the
// Pearson statistic rejects Poisson scatter at p < 0.05), the test is the quasi-Poisson F test
// (statistic / 11 / dispersion on 11 and months - parameters degrees of freedom) and the
// factors' intervals are widened by the square root of the dispersion; otherwise the
// chi-square test on 11 degrees of freedom. p < 0.001 decides.
//
// The factors are exp(season), normalised so that their average over a year, weighted by the
// days of each month, is 1: a rate times the factors then has the same yearly total as the
// rate alone. Their 95% intervals are on the log scale (delta method).
//
// Testing needs at least 24 whole months (every month of the year seen twice) and at least 10
// cases in each month of the year over the log (a factor from fewer would describe a handful
// of cases: the disclosure rule of the reports).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace courtflow::analysis::eventlog {

inline constexpr int kMinSeasonalityMonths = 24;
inline constexpr double kSeasonalityP = 0.001;
inline constexpr double kMinCasesPerCalendarMonth = 10;
inline constexpr double kOverdispersionP = 0.05;

struct MonthCount {
  std::int64_t month = 0;     ///< year * 12 + month - 1 (capacity_schedule.hpp month_of)
  double cases = 0;           ///< case starts in the month
  double exposure_days = 0;   ///< days of the month the log covers (its length for a whole month)
};

struct SeasonalityTest {
  bool tested = false;
  std::string not_tested_reason;  ///< why not, in a phrase, when !tested
  int months = 0;                 ///< whole months used
  int level_knots = 0;            ///< parameters of the level
  double deviance_constant = 0, deviance_seasonal = 0;
  double statistic = 0;           ///< deviance_constant - deviance_seasonal (likelihood ratio)
  int degrees_of_freedom = 11;
  int residual_degrees_of_freedom = 0;
  double dispersion = 1;          ///< Pearson chi-square / residual dof of the seasonal fit
  bool overdispersed = false;     ///< the Pearson chi-square rejects Poisson scatter (p < kOverdispersionP)
  std::string method;             ///< "poisson likelihood ratio" or "quasi-poisson F"
  double p_value = 1;
  bool seasonal = false;          ///< p < kSeasonalityP
  std::array<double, 12> factors{}, lo{}, hi{};  ///< January..December, mean 1 weighted by days
};

/// `whole_months`: consecutive whole calendar months of the log, in order.
SeasonalityTest test_arrival_seasonality(const std::vector<MonthCount>& whole_months);

/// Mean days of each calendar month over the 400-year Gregorian cycle (February 28.2425): the
/// weights under which month factors average 1.
std::array<double, 12> month_day_weights();

/// "Jan", "Feb", ... for month 0..11.
const char* month_abbreviation(int month);

}  // namespace courtflow::analysis::eventlog

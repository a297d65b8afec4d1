// Month-of-year seasonality of arrivals (issue 4): calibrate finds it in a log simulated from a
// model with known month factors, and not in a constant-rate log or a log with a trend; the
// fitted model carries the factors past the end of the log; the model field composes with a
// scenario's scale_arrivals and with the traffic equations.
//
// Logs: 3 years (2021-2023) at about 20 cases a day, one replication with a fixed seed, about
// 22,000 cases: a few hundred milliseconds each.
//
// Tolerances come from the fit's own intervals: each fitted factor must lie within
// z * se of the truth on the log scale, se taken from its 95% interval, with z the two-sided
// normal quantile for 95% over all 12 factors at once (Bonferroni, 0.05 / 12 each), so the
// check as a whole has a 5% false-alarm rate rather than 1 - 0.95^12 = 46%. Measured over 30
// seeds of the same model (courtflow run --event-log, then calibrate): each month's z-scores
// had mean -0.36 to 0.40 and sd 0.75 to 1.32 (the intervals are right), and one seed of the 30
// (seed 7, February at 3.0) went past the joint bound, as a 5% family-wise rate allows; seed
// 1 is used here. Over 40 seeds of the constant-rate model the test's p-value fell below 0.05
// once and below 0.001 never; over 30 seeds of the trend model, below 0.05 once, 0.001 never.
// The yearly rate:
// about 22,000 cases give a standard error near 0.7%, so 5% is over 7 standard errors.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/eventlog/arrival_seasonality.hpp"
#include "analysis/eventlog/calibrate.hpp"
#include "analysis/eventlog/calibration_report.hpp"
#include "analysis/eventlog/capacity_schedule.hpp"
#include "analysis/eventlog/distribution_fit.hpp"
#include "analysis/eventlog/simulated_log.hpp"
#include "analysis/interval.hpp"
#include "analysis/simulation.hpp"
#include "analysis/traffic_equations.hpp"
#include "models/compile.hpp"
#include "models/dates.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"
#include "scenarios/overlay.hpp"
#include "scenarios/scenario_json.hpp"

namespace ev = courtflow::analysis::eventlog;
namespace models = courtflow::models;
namespace analysis = courtflow::analysis;

namespace {

// Winter busy (December to February 1.3), summer quiet (June to August 0.7).
const std::array<double, 12> kTruthFactors = {1.3, 1.3, 1.0, 1.0, 1.0, 0.7, 0.7, 0.7, 1.0, 1.0, 1.0, 1.3};
constexpr double kRate = 20;

std::string factors_json(const std::array<double, 12>& f) {
  std::string out = "[";
  for (std::size_t k = 0; k < 12; ++k) out += (k ? ", " : "") + std::to_string(f[k]);
  return out + "]";
}

/// A one-stage model over 2021-2023 with the given arrival extras (a seasonality, a schedule).
models::Model model_with(const std::string& arrival_extra, std::uint64_t seed) {
  return models::parse_model_text(R"({"courtflow": 1, "name": "truth", "horizon_days": 1095,
    "start_date": "2021-01-01", "seed": )" + std::to_string(seed) + R"(,
    "stages": [{"id": "intake", "servers": "infinite", "service": {"dist": "exponential", "mean": 0.5}}],
    "arrivals": [{"to": "intake", "rate_per_day": )" + std::to_string(kRate) + arrival_extra + R"(}],
    "routes": []})",
                                  "truth.json");
}

ev::EventLog simulate(const models::Model& m) {
  analysis::RunSettings settings;
  settings.replications = 1;
  return ev::simulated_event_log(analysis::prepare_run(m, settings, "truth.json"), 1);
}

/// The truth's factors normalised as the fit's are (mean 1 over the year, weighted by days).
std::array<double, 12> normalised(const std::array<double, 12>& f) {
  const auto w = ev::month_day_weights();
  double sum = 0, weight = 0;
  for (std::size_t k = 0; k < 12; ++k) {
    sum += w[k] * f[k];
    weight += w[k];
  }
  std::array<double, 12> out{};
  for (std::size_t k = 0; k < 12; ++k) out[k] = f[k] * weight / sum;
  return out;
}

double total_rate(const models::Model& m) {
  double r = 0;
  for (const models::ArrivalDef& a : m.arrivals) r += a.rate_per_day;
  return r;
}

struct Seasonal {
  models::Model truth;
  ev::Calibration fit;
};

const Seasonal& seasonal() {
  static const Seasonal s = [] {
    Seasonal out;
    out.truth = model_with(R"(, "seasonality": {"month_factors": )" + factors_json(kTruthFactors) + "}", 1);
    out.fit = ev::calibrate(simulate(out.truth));
    return out;
  }();
  return s;
}

/// Case starts per calendar month ("YYYY-MM" as month_of), from each case's first event.
std::map<std::int64_t, double> starts_per_month(const ev::EventLog& log) {
  std::map<std::int64_t, double> out;
  for (std::size_t i = 0; i < log.events.size(); ++i) {
    if (i > 0 && log.events[i].case_index == log.events[i - 1].case_index) continue;
    const ev::Event& e = log.events[i];
    ++out[ev::month_of(std::isnan(e.start) ? e.complete : e.start)];
  }
  return out;
}

}  // namespace

TEST(ArrivalSeasonality, FoundInASeasonalLogWithEachFactorWithinItsInterval) {
  const Seasonal& s = seasonal();
  const ev::SeasonalityTest& st = s.fit.arrival_pattern.seasonality;
  ASSERT_TRUE(st.tested) << st.not_tested_reason;
  EXPECT_GE(st.months, 24);
  EXPECT_TRUE(st.seasonal);
  EXPECT_LT(st.p_value, ev::kSeasonalityP);
  EXPECT_EQ(st.degrees_of_freedom, 11);
  const std::array<double, 12> truth = normalised(kTruthFactors);
  const double z95 = analysis::normal_quantile(0.975);
  const double z_all = analysis::normal_quantile(1 - 0.05 / 24);
  for (std::size_t k = 0; k < 12; ++k) {
    const double se = (std::log(st.hi[k]) - std::log(st.lo[k])) / (2 * z95);
    ASSERT_GT(se, 0) << k;
    EXPECT_LT(se, 0.05) << "month " << k << ": the interval should be narrow with ~1,800 cases a month";
    EXPECT_NEAR(std::log(st.factors[k]), std::log(truth[k]), z_all * se) << "month " << ev::month_abbreviation(static_cast<int>(k));
  }
}

TEST(ArrivalSeasonality, TheModelCarriesTheFactorsAndOneDeseasonalisedRate) {
  const Seasonal& s = seasonal();
  const models::Model& m = s.fit.model;
  ASSERT_FALSE(m.arrivals.empty());
  for (const models::ArrivalDef& a : m.arrivals) {
    ASSERT_TRUE(a.seasonality);
    ASSERT_EQ(a.seasonality->month_factors.size(), 12u);
    // Seasonal but otherwise steady: a constant rate times the factors, not a monthly schedule.
    EXPECT_TRUE(a.schedule.empty());
  }
  EXPECT_FALSE(s.fit.arrival_pattern.schedule_used);
  // The rate is the yearly average: the truth's rate times its factors' day-weighted mean.
  const auto w = ev::month_day_weights();
  double sum = 0, weight = 0;
  for (std::size_t k = 0; k < 12; ++k) {
    sum += w[k] * kTruthFactors[k];
    weight += w[k];
  }
  const double yearly = kRate * sum / weight;
  EXPECT_NEAR(total_rate(m), yearly, 0.05 * yearly);
  EXPECT_TRUE(models::validate(m, "fitted.json").empty());
  // The report says so.
  const auto report = ev::report_json(s.fit);
  const auto& js = report["arrivals"]["seasonality"];
  EXPECT_TRUE(js["tested"].get<bool>());
  EXPECT_TRUE(js["seasonal"].get<bool>());
  EXPECT_EQ(js["degrees_of_freedom"].get<int>(), 11);
  ASSERT_EQ(js["month_factors"].size(), 12u);
  EXPECT_EQ(js["month_factors"][0]["month"], "Jan");
  EXPECT_EQ(js["month_factors"][0]["ci95"].size(), 2u);
}

TEST(ArrivalSeasonality, NotFoundInAConstantRateLog) {
  const ev::Calibration fit = ev::calibrate(simulate(model_with("", 8)));
  const ev::SeasonalityTest& st = fit.arrival_pattern.seasonality;
  ASSERT_TRUE(st.tested) << st.not_tested_reason;
  EXPECT_FALSE(st.seasonal) << "p " << st.p_value;
  for (const models::ArrivalDef& a : fit.model.arrivals) EXPECT_FALSE(a.seasonality);
  EXPECT_FALSE(fit.arrival_pattern.schedule_used);
  EXPECT_NEAR(total_rate(fit.model), kRate, 0.05 * kRate);
}

TEST(ArrivalSeasonality, NotFoundInALogWithATrend) {
  // From 15 to 25 cases a day in monthly steps over the three years: a steady rise, no season.
  std::string schedule = R"(, "schedule": [)";
  models::CivilDate month{2021, 1, 1};
  const std::int64_t day0 = models::days_from_civil(month);
  for (int k = 0; k < 36; ++k) {
    const double rate = 15 + 10.0 * k / 35;
    schedule += (k ? ", " : "") + std::string(R"({"from_day": )") +
                std::to_string(models::days_from_civil(month) - day0) + R"(, "rate_per_day": )" + std::to_string(rate) + "}";
    month = month.month == 12 ? models::CivilDate{month.year + 1, 1, 1} : models::CivilDate{month.year, month.month + 1, 1};
  }
  schedule += "]";
  const ev::Calibration fit = ev::calibrate(simulate(model_with(schedule, 9)));
  const ev::SeasonalityTest& st = fit.arrival_pattern.seasonality;
  ASSERT_TRUE(st.tested) << st.not_tested_reason;
  EXPECT_FALSE(st.seasonal) << "p " << st.p_value;
  for (const models::ArrivalDef& a : fit.model.arrivals) EXPECT_FALSE(a.seasonality);
  // The trend itself is still seen by the constant-rate test.
  EXPECT_TRUE(fit.arrival_pattern.schedule_used);
}

TEST(ArrivalSeasonality, NotTestedWithFewerThan24WholeMonths) {
  models::Model m = model_with(R"(, "seasonality": {"month_factors": )" + factors_json(kTruthFactors) + "}", 10);
  m.horizon_days = 500;
  const ev::Calibration fit = ev::calibrate(simulate(m));
  const ev::SeasonalityTest& st = fit.arrival_pattern.seasonality;
  EXPECT_FALSE(st.tested);
  EXPECT_NE(st.not_tested_reason.find("fewer than 24 whole calendar months"), std::string::npos) << st.not_tested_reason;
  EXPECT_FALSE(ev::report_json(fit)["arrivals"]["seasonality"]["tested"].get<bool>());
}

// The calibrated model run for two more years than the log: case starts per month beyond the
// log follow the fitted rate times the month factors (chi-square goodness of fit, p > 0.001),
// and not a flat rate (the same test rejects it, p < 0.001).
TEST(ArrivalSeasonality, ARunPastTheLogKeepsTheSeasonalPattern) {
  const Seasonal& s = seasonal();
  models::Model projected = s.fit.model;
  projected.horizon_days = 1095 + 731;  // to the end of 2025
  projected.seed = 99;
  const auto counts = starts_per_month(simulate(projected));
  const models::SeasonalityDef& season = *projected.arrivals[0].seasonality;
  const double rate = total_rate(projected);
  double chi_seasonal = 0, chi_flat = 0, observed_total = 0, days_total = 0;
  int months = 0;
  std::vector<std::pair<double, double>> flat;  // (observed, days)
  for (std::int64_t mo = 2024 * 12; mo < 2026 * 12; ++mo) {
    const double days = ev::month_start(mo + 1) - ev::month_start(mo);
    const double observed = counts.count(mo) ? counts.at(mo) : 0;
    const double expected = rate * days * season.month_factors[static_cast<std::size_t>(mo % 12)];
    chi_seasonal += (observed - expected) * (observed - expected) / expected;
    flat.emplace_back(observed, days);
    observed_total += observed;
    days_total += days;
    ++months;
  }
  for (const auto& [observed, days] : flat) {
    const double expected = observed_total * days / days_total;
    chi_flat += (observed - expected) * (observed - expected) / expected;
  }
  EXPECT_EQ(months, 24);
  EXPECT_GT(ev::chi_square_upper_tail(chi_seasonal, months), 0.001) << "chi-square " << chi_seasonal;
  EXPECT_LT(ev::chi_square_upper_tail(chi_flat, months - 1), 0.001) << "chi-square " << chi_flat;
}

TEST(ArrivalSeasonality, ComposesWithScaleArrivalsAndTheTrafficEquations) {
  // 2023 is not a leap year: day 0 is 1 January, day 59 is 1 March.
  const std::array<double, 12> f = {1.5, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  models::Model m = model_with(R"(, "seasonality": {"month_factors": )" + factors_json(f) + "}", 1);
  m.start_date = "2023-01-01";
  m.horizon_days = 365;
  const auto scenario = courtflow::scenarios::parse_scenario(
      nlohmann::json::parse(R"({"courtflow": 1, "scenario": "more", "base": "truth.json",
        "changes": [{"op": "scale_arrivals", "factor": 2, "from_day": 40}]})"),
      "more.json");
  const models::Model more = courtflow::scenarios::apply(m, scenario, "more.json");
  ASSERT_TRUE(more.arrivals[0].seasonality);
  const auto net = models::compile(more, "more.json");
  const auto& steps = net.arrivals[0].schedule;
  ASSERT_GE(steps.size(), 4u);
  EXPECT_DOUBLE_EQ(steps[0].from, 0);
  EXPECT_DOUBLE_EQ(steps[0].rate_per_day, kRate * 1.5);
  EXPECT_DOUBLE_EQ(steps[1].from, 31);
  EXPECT_DOUBLE_EQ(steps[1].rate_per_day, kRate * 0.5);
  EXPECT_DOUBLE_EQ(steps[2].from, 40);
  EXPECT_DOUBLE_EQ(steps[2].rate_per_day, 2 * kRate * 0.5);
  EXPECT_DOUBLE_EQ(steps[3].from, 59);
  EXPECT_DOUBLE_EQ(steps[3].rate_per_day, 2 * kRate * 1.0);
  // The traffic equations use the horizon average of rate times factor.
  const auto traffic = analysis::solve_traffic(models::compile(m, "m.json"), 0, 365);
  const double expected = kRate * (31 * 1.5 + 28 * 0.5 + 306 * 1.0) / 365;
  EXPECT_NEAR(traffic.arrivals_per_day[0], expected, 1e-9);
}

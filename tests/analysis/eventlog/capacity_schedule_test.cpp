// Capacity over time from the resources in a log (analysis/eventlog/capacity_schedule): the
// rules for partial and empty months, and recovery end to end: a model whose servers change
// twice (4, then 8 from 2024-07-01, then 5 from 2025-01-01) is simulated into an event log
// (the writer of `courtflow run --event-log`), calibrated, and the fitted stage must carry the
// same schedule exactly.
//
// Why exactly: arrivals change with the servers so that utilisation is 0.8 in every regime
// (16, 32 and 20 cases a day at 0.2 days each). An M/M/c queue at 0.8 has every one of its c
// servers busy at once a sizeable share of the time (Erlang C: P(wait) is 0.60 for c = 4, 0.45
// for c = 8), so every server index is used in every month, thousands of services a month.
// The trace gives a service the lowest free server index, and after a cut from 8 to 5 a new
// service starts only when fewer than 5 are busy, so a free index among 1-5 exists: no month
// after the cut shows more than 5.

#include <gtest/gtest.h>

#include <sstream>

#include "analysis/eventlog/calibrate.hpp"
#include "analysis/eventlog/calibration_report.hpp"
#include "analysis/eventlog/capacity_schedule.hpp"
#include "analysis/eventlog/log_reader.hpp"
#include "analysis/eventlog/simulated_log.hpp"
#include "analysis/simulation.hpp"
#include "models/dates.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"

namespace ev = courtflow::analysis::eventlog;
namespace models = courtflow::models;

namespace {

std::int64_t month(int year, int m) { return year * 12 + m - 1; }

double day(int year, unsigned m, unsigned d) {
  return static_cast<double>(models::days_from_civil({year, m, d}));
}

}  // namespace

TEST(CapacitySchedule, ConstantCountIsOneLevelWithoutSteps) {
  const ev::CapacitySchedule s =
      ev::capacity_schedule({{month(2024, 1), 6, true}, {month(2024, 2), 6, true}, {month(2024, 3), 6, true}},
                            day(2024, 1, 1));
  EXPECT_EQ(s.servers, 6);
  EXPECT_TRUE(s.steps.empty());
}

TEST(CapacitySchedule, EachChangeIsAStepFromTheFirstDayOfItsMonth) {
  const double day0 = day(2024, 1, 1);
  const ev::CapacitySchedule s = ev::capacity_schedule(
      {{month(2024, 1), 3, true}, {month(2024, 2), 3, true}, {month(2024, 3), 7, true}, {month(2024, 4), 2, true}},
      day0);
  EXPECT_EQ(s.servers, 3);
  ASSERT_EQ(s.steps.size(), 2u);
  EXPECT_EQ(s.steps[0].from_day, day(2024, 3, 1) - day0);
  EXPECT_EQ(s.steps[0].servers, 7);
  EXPECT_EQ(s.steps[1].from_day, day(2024, 4, 1) - day0);
  EXPECT_EQ(s.steps[1].servers, 2);
  EXPECT_EQ(s.step_months, (std::vector<std::string>{"2024-03", "2024-04"}));
}

TEST(CapacitySchedule, PartialMonthsTakeTheNearestWholeMonthAndEmptyMonthsKeepTheLevel) {
  // The log starts mid-January and ends mid-June: those months saw fewer resources because
  // fewer days. March has no events at all (not in the list): no reading, no step.
  const double day0 = day(2024, 1, 17);
  const ev::CapacitySchedule s = ev::capacity_schedule({{month(2024, 1), 2, false},
                                                        {month(2024, 2), 5, true},
                                                        {month(2024, 4), 5, true},
                                                        {month(2024, 5), 9, true},
                                                        {month(2024, 6), 4, false}},
                                                       day0);
  EXPECT_EQ(s.servers, 5);
  ASSERT_EQ(s.steps.size(), 1u);
  EXPECT_EQ(s.steps[0].from_day, day(2024, 5, 1) - day0);
  EXPECT_EQ(s.steps[0].servers, 9);
}

TEST(CapacitySchedule, UnderTwoMonthsOfLogTakesTheMostSeen) {
  const ev::CapacitySchedule s =
      ev::capacity_schedule({{month(2024, 1), 4, false}, {month(2024, 2), 6, false}}, day(2024, 1, 20));
  EXPECT_EQ(s.servers, 6);
  EXPECT_TRUE(s.steps.empty());
}

namespace {

// Day 182 is 2024-07-01 and day 366 is 2025-01-01 (2024 is a leap year).
constexpr const char* kChangingCapacity = R"({
  "courtflow": 1, "name": "changing capacity", "horizon_days": 540, "start_date": "2024-01-01", "seed": 21,
  "stages": [
    {"id": "hearing", "servers": 4, "service": {"dist": "exponential", "mean": 0.2},
     "capacity": [{"from_day": 182, "servers": 8}, {"from_day": 366, "servers": 5}]},
    {"id": "appeal", "servers": 2, "service": {"dist": "exponential", "mean": 0.5}}
  ],
  "arrivals": [{"to": "hearing", "rate_per_day": 16,
                "schedule": [{"from_day": 182, "rate_per_day": 32}, {"from_day": 366, "rate_per_day": 20}]}],
  "routes": [{"from": "hearing", "to": "appeal", "p": 0.1}]
})";

const ev::Calibration& fitted_changing_capacity() {
  static const ev::Calibration fit = [] {
    const models::Model truth = models::parse_model_text(kChangingCapacity, "truth.json");
    courtflow::analysis::RunSettings settings;
    settings.replications = 1;
    const courtflow::analysis::PreparedRun prepared = courtflow::analysis::prepare_run(truth, settings, "truth");
    std::stringstream csv;
    ev::write_simulated_event_log(csv, prepared, 0);
    const ev::EventLog log = ev::read_csv_log(csv, "changing.csv");
    ev::Calibration c = ev::calibrate(log);
    ev::validate_calibration(c, log);
    return c;
  }();
  return fit;
}

}  // namespace

TEST(CapacityScheduleRecovery, FittedStageCarriesTheTrueScheduleExactly) {
  const ev::Calibration& fit = fitted_changing_capacity();
  ASSERT_EQ(fit.start_date, "2024-01-01");
  const models::StageDef& hearing = fit.model.stages.at(0);
  ASSERT_EQ(hearing.id, "hearing");
  EXPECT_FALSE(hearing.infinite);
  EXPECT_EQ(hearing.servers, 4);
  ASSERT_EQ(hearing.capacity.size(), 2u);
  EXPECT_EQ(hearing.capacity[0].from_day, 182);
  EXPECT_EQ(hearing.capacity[0].servers, 8);
  EXPECT_EQ(hearing.capacity[1].from_day, 366);
  EXPECT_EQ(hearing.capacity[1].servers, 5);
  // A stage whose capacity never changed has none.
  const models::StageDef& appeal = fit.model.stages.at(1);
  EXPECT_EQ(appeal.servers, 2);
  EXPECT_TRUE(appeal.capacity.empty());
  // The schedule is in the report too, by month.
  const nlohmann::ordered_json report = ev::report_json(fit);
  const auto& steps = report["stages"][0]["capacity"];
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0]["month"], "2024-07");
  EXPECT_EQ(steps[1]["month"], "2025-01");
  EXPECT_EQ(steps[1]["servers"], 5);
}

TEST(CapacityScheduleRecovery, TheScheduleSurvivesTheModelFileAndValidates) {
  const ev::Calibration& fit = fitted_changing_capacity();
  const models::Model reread = models::parse_model_text(models::to_json(fit.model).dump(), "fitted.json");
  for (const models::Diagnostic& d : models::validate(reread, "fitted.json")) EXPECT_TRUE(d.warning) << d.to_string();
  ASSERT_EQ(reread.stages.at(0).capacity.size(), 2u);
  EXPECT_EQ(reread.stages.at(0).capacity[1].servers, 5);
  // The readable report shows it too.
  std::ostringstream md;
  ev::write_report_markdown(md, fit);
  EXPECT_NE(md.str().find("| 4; 8 from 2024-07; 5 from 2025-01 |"), std::string::npos) << md.str();
  // The validation simulates the model with its schedule.
  EXPECT_TRUE(fit.validation.has_value());
}

// analysis/sweep: --vary specs, setting a number by its path (schedules giving way, whole
// numbers, every kind of bad path refused with a message naming it), the grid of points, and
// runs: a point at the base's value reproduces the plain run exactly (same seed, common
// random numbers), and the output does not depend on the thread count; a failing sweep reports
// the first failing run in run order whatever the thread count; a cancelled one stops.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <sstream>
#include <string>

#include "analysis/simulation.hpp"
#include "analysis/sweep.hpp"
#include "analysis/measures.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"
#include "sim/errors.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {
namespace {

models::Model small_model() {
  return models::parse_model_text(R"({
    "courtflow": 1, "name": "list", "horizon_days": 300, "warmup_days": 50,
    "stages": [
      {"id": "intake", "servers": "infinite", "service": {"dist": "exponential", "mean": 5}},
      {"id": "trial", "servers": 4, "service": {"dist": "exponential", "mean": 2},
       "capacity": [{"from_day": 0, "servers": 4}, {"from_day": 100, "servers": 5}]},
      {"id": "sentence", "servers": 2, "service": {"dist": "fixed", "value": 0.5}}
    ],
    "arrivals": [{"to": "intake", "schedule": [{"from_day": 0, "rate_per_day": 1.5},
                                               {"from_day": 150, "rate_per_day": 1.8}]}],
    "routes": [{"from": "intake", "to": "trial", "p": 1},
               {"from": "trial", "to": "sentence", "p": 0.6}]
  })", "small.json");
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const SweepSpecError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(SweepVary, ParsesARangeIncludingItsEnd) {
  const SweepAxis a = parse_vary("stages.cc_trial.servers=400:600:50");
  EXPECT_EQ(a.path, "stages.cc_trial.servers");
  EXPECT_EQ(a.values, (std::vector<double>{400, 450, 500, 550, 600}));
  // 0.1 + 2 * 0.1 is 0.30000000000000004 > 0.3: the end still counts.
  EXPECT_EQ(parse_vary("routes[0].p=0.1:0.3:0.1").values.size(), 3U);
  EXPECT_EQ(parse_vary("arrivals[0].rate_per_day=2:2:1").values, (std::vector<double>{2}));
}

TEST(SweepVary, RefusesBadSpecsNamingThem) {
  for (const std::string spec : {"stages.a.servers", "=1:2:1", "x=1:2", "x=1:2:3:4", "x=a:2:1", "x=1::1", "x=2:1:1",
                                 "x=1:2:0", "x=1:2:-1", "x=0:1e9:1", "x=1:2:nan", "a[b].c=1:2:1", "a..b=1:2:1",
                                 "a.=1:2:1", "a[1=1:2:1"}) {
    const std::string message = message_of([&] { parse_vary(spec); });
    EXPECT_EQ(message.rfind(spec, 0), 0U) << spec << " -> " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_NE(message_of([] { parse_vary("x=2:1:1"); }).find("below START"), std::string::npos);
  EXPECT_NE(message_of([] { parse_vary("x=0:1e9:1"); }).find("more than 10000"), std::string::npos);
}

TEST(SweepParameter, StageServersReplaceTheCapacitySchedule) {
  const models::Model m = with_parameter(small_model(), "stages.trial.servers", 7);
  EXPECT_EQ(m.stages[1].servers, 7);
  ASSERT_LE(m.stages[1].capacity.size(), 1U);
  if (!m.stages[1].capacity.empty()) {
    EXPECT_EQ(m.stages[1].capacity[0].servers, 7);
  }
  EXPECT_TRUE(models::validate(m, "small.json").empty());
  // One step of the schedule, by number.
  const models::Model step = with_parameter(small_model(), "stages.trial.capacity[1].servers", 9);
  ASSERT_EQ(step.stages[1].capacity.size(), 2U);
  EXPECT_EQ(step.stages[1].capacity[0].servers, 4);
  EXPECT_EQ(step.stages[1].capacity[1].servers, 9);
  // By index as well as by id.
  EXPECT_EQ(with_parameter(small_model(), "stages[2].servers", 3).stages[2].servers, 3);
}

TEST(SweepParameter, ArrivalRateReplacesTheScheduleAndOtherNumbersAreSetAlone) {
  const models::Model m = with_parameter(small_model(), "arrivals[0].rate_per_day", 2.25);
  EXPECT_TRUE(m.arrivals[0].schedule.empty());
  EXPECT_DOUBLE_EQ(m.arrivals[0].rate_per_day, 2.25);
  const models::Model r = with_parameter(small_model(), "routes[1].p", 0.35);
  EXPECT_DOUBLE_EQ(r.routes[1].p, 0.35);
  EXPECT_DOUBLE_EQ(r.routes[0].p, 1.0);
  EXPECT_DOUBLE_EQ(with_parameter(small_model(), "stages.trial.service.mean", 2.5).stages[1].service.params.at("mean"),
                   2.5);
  EXPECT_DOUBLE_EQ(with_parameter(small_model(), "horizon_days", 400).horizon_days, 400);
}

TEST(SweepParameter, SaysWhichSchedulesTheAxesReplace) {
  const std::vector<SweepAxis> axes{parse_vary("stages.trial.servers=4:6:1"), parse_vary("arrivals[0].rate_per_day=1:2:1"),
                                    parse_vary("stages.sentence.servers=2:3:1")};
  EXPECT_EQ(schedules_replaced(small_model(), axes),
            (std::vector<std::string>{
                "--vary stages.trial.servers replaces the capacity schedule of stages.trial for the whole run",
                "--vary arrivals[0].rate_per_day replaces the rate schedule of arrivals[0] for the whole run"}));
}

TEST(SweepParameter, RefusesPathsThatNameNoNumber) {
  const models::Model base = small_model();
  const auto problem = [&](const std::string& path, double value) {
    return message_of([&] { with_parameter(base, path, value); });
  };
  EXPECT_NE(problem("stages.nope.servers", 3).find("no item with id \"nope\" in stages (ids: intake, trial, sentence)"),
            std::string::npos);
  EXPECT_NE(problem("stages.intake.servers", 3).find("pure delay"), std::string::npos);
  EXPECT_NE(problem("stages.trial.servers", 4.5).find("whole numbers"), std::string::npos);
  EXPECT_NE(problem("stages.trial.sevrers", 4).find("no \"sevrers\" in stages.trial (keys:"), std::string::npos);
  EXPECT_NE(problem("stages.trial.service.dist", 1).find("not a number"), std::string::npos);
  EXPECT_NE(problem("routes[5].p", 0.5).find("has 2 items"), std::string::npos);
  EXPECT_NE(problem("routes.a.p", 0.5).find("use [N]"), std::string::npos);
  EXPECT_NE(problem("seed", 3).find("run setting"), std::string::npos);
  // The file format's own checks still apply to the value.
  EXPECT_NE(problem("stages.trial.servers", 0).find("servers"), std::string::npos);
  for (const std::string path : {"stages.nope.servers", "routes[5].p", "seed"}) {
    EXPECT_EQ(problem(path, 1).rfind(path, 0), 0U) << problem(path, 1);
  }
}

TEST(SweepPoints, EveryCombinationFirstAxisSlowest) {
  const std::vector<SweepAxis> axes{parse_vary("stages.trial.servers=4:5:1"), parse_vary("routes[1].p=0.2:0.6:0.2")};
  const std::vector<SweepPoint> points = sweep_points(small_model(), axes);
  ASSERT_EQ(points.size(), 6U);
  EXPECT_EQ(points[0].values, (std::vector<double>{4, 0.2}));
  EXPECT_EQ(points[1].values[1], 0.4);
  EXPECT_EQ(points[3].values[0], 5);
  EXPECT_EQ(points[3].values[1], 0.2);
  EXPECT_EQ(points[5].model.stages[1].servers, 5);
  EXPECT_DOUBLE_EQ(points[5].model.routes[1].p, 0.6);
  EXPECT_EQ(points[4].model.name, "list [stages.trial.servers=5, routes[1].p=0.4]");
  EXPECT_NE(message_of([&] { sweep_points(small_model(), {axes[0], axes[0]}); }).find("varied twice"),
            std::string::npos);
}

TEST(SweepRun, PointAtTheBaseValueIsThePlainRunAndThreadsDoNotMatter) {
  // The base with its trial schedule flattened to 4 servers, so that servers=4 is the base.
  const models::Model base = with_parameter(small_model(), "stages.trial.servers", 4);
  RunSettings settings;
  settings.replications = 4;
  settings.seed = 99;
  settings.threads = 1;
  const std::vector<SweepAxis> axes{parse_vary("stages.trial.servers=3:5:1")};
  const Sweep one = run_sweep(base, sweep_points(base, axes), axes, settings, "small.json");
  settings.threads = 3;
  const Sweep three = run_sweep(base, sweep_points(base, axes), axes, settings, "small.json");
  std::ostringstream csv_one;
  std::ostringstream csv_three;
  write_sweep_csv(csv_one, one);
  write_sweep_csv(csv_three, three);
  EXPECT_EQ(csv_one.str(), csv_three.str());
  EXPECT_EQ(sweep_json(one).dump(), sweep_json(three).dump());

  const PreparedRun plain = prepare_run(base, settings, "small.json");
  const sim::ReplicationSet set = run_prepared(plain, settings);
  const std::vector<StageMeasures> expected = measure_stages(set, plain.network);
  const SweepPoint& at_base = one.points[1];
  ASSERT_EQ(at_base.values[0], 4);
  for (std::size_t s = 0; s < expected.size(); ++s) {
    EXPECT_EQ(at_base.stages[s].wip_end.mean, expected[s].wip_end.mean) << expected[s].id;
    EXPECT_EQ(at_base.stages[s].mean_wait_days.mean, expected[s].mean_wait_days.mean) << expected[s].id;
  }
  EXPECT_EQ(at_base.events, set.total_events);
  // Common random numbers: the intake stage, upstream of the change, sees the same cases.
  EXPECT_EQ(one.points[0].stages[0].completed.mean, one.points[2].stages[0].completed.mean);

  std::istringstream lines(csv_one.str());
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header, "point,stages.trial.servers,stage,measure,mean,ci_lo,ci_hi");
  std::size_t rows = 0;
  for (std::string line; std::getline(lines, line);) ++rows;
  EXPECT_EQ(rows, 3U * (3 * 7 + 4));
}

// Points past the trial's capacity (50 a day) fill the system until the case budget stops them:
// the higher the arrival rate, the sooner. Point 1 fails late, points 2 and 3 early, so with
// several threads the later points fail first in time; the error must still be point 1's first
// replication's, the one a single thread meets, whatever the thread count.
TEST(SweepRun, TheErrorIsTheFirstFailingRunInOrderWhateverTheThreadCount) {
  const models::Model base = models::parse_model_text(R"({
    "courtflow": 1, "name": "overload", "horizon_days": 3000,
    "stages": [{"id": "trial", "servers": 50, "service": {"dist": "exponential", "mean": 1}}],
    "arrivals": [{"to": "trial", "rate_per_day": 31}],
    "routes": []
  })", "overload.json");
  const std::vector<SweepAxis> axes{parse_vary("arrivals[0].rate_per_day=31:91:20")};
  RunSettings settings;
  settings.replications = 3;
  settings.seed = 7;
  settings.max_cases = 1000;
  const auto error_with = [&](int threads) -> std::string {
    settings.threads = threads;
    try {
      run_sweep(base, sweep_points(base, axes), axes, settings, "overload.json");
    } catch (const sim::BudgetExceeded& e) {
      return e.what();
    }
    return "(no error)";
  };
  // What point 1's replication 0 meets when run alone.
  const std::vector<SweepPoint> points = sweep_points(base, axes);
  const PreparedRun point1 = prepare_run(points[1].model, settings, "overload.json");
  std::string expected = "(no error)";
  try {
    sim::run_replication(point1.network, point1.config, point1.seed, 0);
  } catch (const sim::BudgetExceeded& e) {
    expected = e.what();
  }
  ASSERT_NE(expected.find("of replication 0"), std::string::npos) << expected;
  EXPECT_EQ(error_with(1), expected);
  EXPECT_EQ(error_with(2), expected);
  EXPECT_EQ(error_with(4), expected);
}

TEST(SweepRun, ACancelledSweepStopsWithCancelled) {
  const models::Model base = small_model();
  const std::vector<SweepAxis> axes{parse_vary("stages.trial.servers=3:5:1")};
  const std::atomic<bool> cancel{true};
  RunSettings settings;
  settings.replications = 2;
  settings.threads = 2;
  settings.cancel = &cancel;
  std::atomic<int> progress_calls{0};
  settings.on_progress = [&](int, int) { ++progress_calls; };
  EXPECT_THROW(run_sweep(base, sweep_points(base, axes), axes, settings, "small.json"), sim::Cancelled);
  EXPECT_EQ(progress_calls, 0);
}

}  // namespace
}  // namespace courtflow::analysis

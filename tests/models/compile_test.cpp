// Compiling a Model into the engine's sim::Network: indices, the implicit "default" case
// type, explicit schedules from day 0, exits and "any type" routes, per-type services.

#include <cmath>

#include <gtest/gtest.h>

#include "models/compile.hpp"
#include "models/distribution_def.hpp"
#include "models/model_json.hpp"
#include "tests/models/test_models.hpp"

namespace courtflow::models {
namespace {

using nlohmann::json;
using testing::full_json;
using testing::parse;
using testing::two_stage_json;

TEST(Compile, KeepsStagesInFileOrder) {
  const sim::Network net = compile(parse(two_stage_json()));
  ASSERT_EQ(net.stages.size(), 2u);
  EXPECT_EQ(net.stages[0].name, "intake");
  EXPECT_EQ(net.stages[1].name, "hearing");
  ASSERT_EQ(net.routes.size(), 1u);
  EXPECT_EQ(net.routes[0].from, 0);
  EXPECT_EQ(net.routes[0].to, 1);
  EXPECT_EQ(net.routes[0].case_type, sim::kAnyCaseType);
  EXPECT_EQ(net.routes[0].p, 0.8);
  EXPECT_EQ(net.routes[0].from_day, 0);
  EXPECT_TRUE(std::isinf(net.routes[0].until_day));
  ASSERT_EQ(net.arrivals.size(), 1u);
  EXPECT_EQ(net.arrivals[0].stage, 0);
}

TEST(Compile, AddsAnImplicitDefaultTypeWhenNoneIsDeclared) {
  const sim::Network net = compile(parse(two_stage_json()));
  ASSERT_EQ(net.case_types.size(), 1u);
  EXPECT_EQ(net.case_types[0].name, "default");
  EXPECT_EQ(net.case_types[0].priority, 0);
  EXPECT_EQ(net.arrivals[0].case_type, 0);
}

TEST(Compile, UntypedArrivalsGetADefaultTypeServedLast) {
  json j = two_stage_json();
  j["case_types"] = json::parse(R"([{"id": "custody", "priority": 0}, {"id": "bail", "priority": 4}])");
  j["arrivals"].push_back({{"to", "intake"}, {"rate_per_day", 2}, {"case_type", "bail"}});
  const sim::Network net = compile(parse(j));
  ASSERT_EQ(net.case_types.size(), 3u);
  EXPECT_EQ(net.case_types[2].name, "default");
  EXPECT_EQ(net.case_types[2].priority, 5);
  EXPECT_EQ(net.arrivals[0].case_type, 2);
  EXPECT_EQ(net.arrivals[1].case_type, 1);
}

TEST(Compile, UsesADeclaredDefaultTypeForUntypedArrivals) {
  json j = two_stage_json();
  j["case_types"] = json::parse(R"([{"id": "default", "priority": 3}, {"id": "bail", "priority": 4}])");
  const sim::Network net = compile(parse(j));
  ASSERT_EQ(net.case_types.size(), 2u);
  EXPECT_EQ(net.arrivals[0].case_type, 0);
}

TEST(Compile, NoDefaultTypeWhenEveryEntryIsTyped) {
  const sim::Network net = compile(parse(full_json()));
  ASSERT_EQ(net.case_types.size(), 2u);
  EXPECT_EQ(net.case_types[0].name, "custody");
  EXPECT_EQ(net.case_types[1].priority, 1);
}

TEST(Compile, MakesCapacitySchedulesStartAtDayZero) {
  const sim::Network net = compile(parse(full_json()));
  // ptph: schedule from day 0 kept as is.
  ASSERT_EQ(net.stages[1].capacity.size(), 2u);
  EXPECT_EQ(net.stages[1].capacity[0].from, 0);
  EXPECT_EQ(net.stages[1].capacity[0].servers, 30);
  EXPECT_EQ(net.stages[1].capacity[1].from, 365);
  EXPECT_EQ(net.stages[1].capacity[1].servers, 35);
  // crown_trial: 420 servers until the first step at day 90.
  ASSERT_EQ(net.stages[2].capacity.size(), 2u);
  EXPECT_EQ(net.stages[2].capacity[0].from, 0);
  EXPECT_EQ(net.stages[2].capacity[0].servers, 420);
  EXPECT_EQ(net.stages[2].capacity[1].from, 90);
  EXPECT_EQ(net.stages[2].capacity[1].servers, 480);
  // sentence: no schedule, one step.
  ASSERT_EQ(net.stages[3].capacity.size(), 1u);
  EXPECT_EQ(net.stages[3].capacity[0].servers, 10);
  // police: a pure delay.
  EXPECT_TRUE(net.stages[0].infinite);
  EXPECT_TRUE(net.stages[0].capacity.empty());
}

TEST(Compile, MakesArrivalSchedulesStartAtDayZero) {
  const sim::Network net = compile(parse(full_json()));
  ASSERT_EQ(net.arrivals[0].schedule.size(), 1u);
  EXPECT_EQ(net.arrivals[0].schedule[0].rate_per_day, 300);
  ASSERT_EQ(net.arrivals[1].schedule.size(), 3u);
  EXPECT_EQ(net.arrivals[1].schedule[0].from, 0);
  EXPECT_EQ(net.arrivals[1].schedule[0].rate_per_day, 50);
  EXPECT_EQ(net.arrivals[1].schedule[1].from, 100);
  EXPECT_EQ(net.arrivals[1].schedule[2].rate_per_day, 55);
  ASSERT_EQ(net.arrivals[2].schedule.size(), 1u);
  EXPECT_EQ(net.arrivals[2].schedule[0].from, 0);
  EXPECT_EQ(net.arrivals[2].schedule[0].rate_per_day, 2);
}

TEST(Compile, MapsRoutesExitsTypesAndWindows) {
  const sim::Network net = compile(parse(full_json()));
  EXPECT_EQ(net.routes[4].case_type, 1);  // bail
  EXPECT_EQ(net.routes[5].case_type, 0);  // custody
  EXPECT_EQ(net.routes[7].to, sim::kExit);
  EXPECT_EQ(net.routes[8].from_day, 10);
  EXPECT_EQ(net.routes[8].until_day, 400);
}

TEST(Compile, MapsPerTypeServicePatienceAndScale) {
  const sim::Network net = compile(parse(full_json()));
  const sim::StageSpec& trial = net.stages[2];
  EXPECT_EQ(trial.discipline, sim::Discipline::priority);
  EXPECT_EQ(trial.service.kind(), sim::Distribution::Kind::weibull);
  ASSERT_EQ(trial.service_by_type.size(), 2u);
  ASSERT_TRUE(trial.service_by_type[0].has_value());
  EXPECT_EQ(trial.service_by_type[0]->kind(), sim::Distribution::Kind::triangular);
  EXPECT_NEAR(trial.service_by_type[0]->mean(), 8.0 / 3.0, 1e-12);
  EXPECT_FALSE(trial.service_by_type[1].has_value());
  ASSERT_TRUE(trial.patience.has_value());
  EXPECT_EQ(trial.on_timeout, sim::kExit);
  ASSERT_EQ(trial.service_scale.size(), 1u);
  EXPECT_EQ(trial.service_scale[0].from, 180);
  EXPECT_EQ(trial.service_scale[0].factor, 0.9);
  EXPECT_TRUE(net.stages[3].service_by_type.empty());
  EXPECT_EQ(net.stages[0].discipline, sim::Discipline::fifo);
}

TEST(Compile, MapsOnTimeoutToAStageIndex) {
  json j = two_stage_json();
  j["stages"][0]["patience"] = json::parse(R"({"dist": "exponential", "mean": 30})");
  j["stages"][0]["on_timeout"] = "hearing";
  EXPECT_EQ(compile(parse(j)).stages[0].on_timeout, 1);
}

TEST(Compile, MapsInitialWork) {
  const sim::Network net = compile(parse(full_json()));
  ASSERT_EQ(net.initial_wip.size(), 2u);
  EXPECT_EQ(net.initial_wip[0].stage, 2);
  EXPECT_EQ(net.initial_wip[0].case_type, 0);
  EXPECT_EQ(net.initial_wip[0].count, 1200);
  ASSERT_TRUE(net.initial_wip[0].age.has_value());
  EXPECT_EQ(net.initial_wip[0].age->mean(), 200);
  EXPECT_FALSE(net.initial_wip[1].age.has_value());
}

TEST(Compile, RefusesAnInvalidModelWithAnInputError) {
  Model m = parse(two_stage_json());
  m.routes[0].to = "nowhere";
  try {
    compile(m, "m.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "m.json: routes[0].to: unknown stage \"nowhere\"");
  }
  m = parse(two_stage_json());
  m.stages[0].service.params.erase("mean");
  try {
    compile(m, "m.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "m.json: stages[0].service: a exponential distribution needs \"mean\"");
  }
}

TEST(Compile, CarriesHorizonAndWarmup) {
  const sim::RunConfig config = run_config(parse(full_json()));
  EXPECT_EQ(config.horizon, 730);
  EXPECT_EQ(config.warmup, 30);
}

TEST(DistributionDef, ConvertsEveryKindWithItsMean) {
  const json dists = json::parse(R"([
    {"dist": "exponential", "mean": 2},
    {"dist": "fixed", "value": 3},
    {"dist": "lognormal", "mean": 4, "sd": 1},
    {"dist": "gamma", "mean": 5, "sd": 2},
    {"dist": "weibull", "shape": 1, "scale": 6},
    {"dist": "uniform", "min": 1, "max": 3},
    {"dist": "triangular", "min": 0, "mode": 3, "max": 6},
    {"dist": "empirical", "values": [1, 2, 6]}
  ])");
  const double means[] = {2, 3, 4, 5, 6, 2, 3, 3};
  for (std::size_t i = 0; i < dists.size(); ++i) {
    json j = two_stage_json();
    j["stages"][0]["service"] = dists[i];
    const DistDef d = parse(j).stages[0].service;
    const sim::Distribution engine = to_distribution(d);
    EXPECT_STREQ(sim::Distribution::kind_name(engine.kind()), d.dist.c_str());
    EXPECT_NEAR(engine.mean(), means[i], 1e-9) << d.dist;
    EXPECT_NEAR(mean_days(d), means[i], 1e-9) << d.dist;
  }
}

}  // namespace
}  // namespace courtflow::models

// Applying scenario changes to a model: each op, from a day, with ramps, and the errors.
#include <gtest/gtest.h>

#include "models/diagnostic.hpp"
#include "models/validate.hpp"
#include "scenarios/overlay.hpp"

namespace courtflow::scenarios {
namespace {

models::Model two_stage_model() {
  models::Model m;
  m.name = "base";
  m.horizon_days = 1000;
  models::StageDef a;
  a.id = "a";
  a.servers = 10;
  a.service = {"exponential", {{"mean", 1.0}}, {}};
  models::StageDef b = a;
  b.id = "b";
  models::StageDef d = a;
  d.id = "d";
  d.infinite = true;
  m.stages = {a, b, d};
  m.arrivals = {{"a", 5.0, std::nullopt, {}}};
  m.routes = {{"a", "b", 0.6, std::nullopt, std::nullopt, std::nullopt},
              {"a", "d", 0.2, std::nullopt, std::nullopt, std::nullopt}};
  return m;
}

Scenario with(Change change) {
  Scenario s;
  s.name = "scn";
  s.base = "base.json";
  s.changes.push_back(std::move(change));
  return s;
}

TEST(Overlay, ScaleServersFromADayAddsACapacityStep) {
  Change c;
  c.op = ScaleServers{"a", 1.5};
  c.from_day = 100;
  const models::Model m = apply(two_stage_model(), with(c), "s.json");
  ASSERT_EQ(m.stages[0].capacity.size(), 2u);
  EXPECT_EQ(m.stages[0].capacity[0].from_day, 0);
  EXPECT_EQ(m.stages[0].capacity[0].servers, 10);
  EXPECT_EQ(m.stages[0].capacity[1].from_day, 100);
  EXPECT_EQ(m.stages[0].capacity[1].servers, 15);
  EXPECT_EQ(m.name, "scn");
}

TEST(Overlay, ScaleServersKeepsAnExistingScheduleShape) {
  models::Model base = two_stage_model();
  base.stages[0].capacity = {{0, 10}, {50, 20}, {200, 4}};
  Change c;
  c.op = ScaleServers{"a", 2.0};
  c.from_day = 100;
  const models::Model m = apply(base, with(c), "s.json");
  const auto& cap = m.stages[0].capacity;
  ASSERT_EQ(cap.size(), 4u);
  EXPECT_EQ(cap[1].from_day, 50);
  EXPECT_EQ(cap[1].servers, 20);
  EXPECT_EQ(cap[2].from_day, 100);
  EXPECT_EQ(cap[2].servers, 40);
  EXPECT_EQ(cap[3].from_day, 200);
  EXPECT_EQ(cap[3].servers, 8);
}

TEST(Overlay, RampPhasesAChangeInLinearly) {
  Change c;
  c.op = SetServers{"a", 20};
  c.from_day = 100;
  c.ramp_until_day = 200;
  c.ramp_step_days = 25;
  const models::Model m = apply(two_stage_model(), with(c), "s.json");
  const auto& cap = m.stages[0].capacity;
  ASSERT_EQ(cap.size(), 5u);  // day 0 and four steps
  EXPECT_EQ(cap[1].from_day, 100);
  EXPECT_EQ(cap[1].servers, 13);  // 10 + 1/4 * 10, rounded
  EXPECT_EQ(cap[2].servers, 15);
  EXPECT_EQ(cap[3].servers, 18);  // 17.5 rounds away from zero
  EXPECT_EQ(cap[4].from_day, 175);
  EXPECT_EQ(cap[4].servers, 20);
}

TEST(Overlay, ScaleArrivalsAddsARateStep) {
  Change c;
  c.op = ScaleArrivals{std::nullopt, 0.5};
  c.from_day = 30;
  const models::Model m = apply(two_stage_model(), with(c), "s.json");
  EXPECT_EQ(m.arrivals[0].rate_per_day, 5.0);
  ASSERT_EQ(m.arrivals[0].schedule.size(), 2u);
  EXPECT_EQ(m.arrivals[0].schedule[1].from_day, 30);
  EXPECT_EQ(m.arrivals[0].schedule[1].rate_per_day, 2.5);
}

TEST(Overlay, ScaleServiceFromDayZeroIsOneStep) {
  Change c;
  c.op = ScaleService{"b", 0.8};
  const models::Model m = apply(two_stage_model(), with(c), "s.json");
  ASSERT_EQ(m.stages[1].service_scale.size(), 1u);
  EXPECT_EQ(m.stages[1].service_scale[0].from_day, 0);
  EXPECT_DOUBLE_EQ(m.stages[1].service_scale[0].factor, 0.8);
}

TEST(Overlay, SetRouteRescalesTheOtherRoutesAndKeepsTheirShares) {
  Change c;
  c.op = SetRoute{"a", "b", 0.8};
  c.from_day = 10;
  const models::Model m = apply(two_stage_model(), with(c), "s.json");
  // Before day 10: a->b 0.6, a->d 0.2 (0.2 exits). From day 10: a->b 0.8; the other 0.4 of the
  // old remainder (d 0.2, exit 0.2) shrinks to 0.2, keeping its 50:50 split.
  double before_b = 0, after_b = 0, after_d = 0;
  for (const auto& r : m.routes) {
    const bool early = !r.from_day;
    if (r.to == "b") (early ? before_b : after_b) = r.p;
    if (r.to == "d" && !early) after_d = r.p;
  }
  EXPECT_DOUBLE_EQ(before_b, 0.6);
  EXPECT_DOUBLE_EQ(after_b, 0.8);
  EXPECT_NEAR(after_d, 0.1, 1e-12);
  EXPECT_FALSE(models::has_errors(models::validate(m, "s.json")));
}

TEST(Overlay, SetRouteToANewTargetTakesItsShareFromEveryRoute) {
  Change c;
  c.op = SetRoute{"b", "d", 0.25};
  const models::Model m = apply(two_stage_model(), with(c), "s.json");
  int found = 0;
  for (const auto& r : m.routes) {
    if (r.from == "b" && r.to == "d") {
      EXPECT_DOUBLE_EQ(r.p, 0.25);
      ++found;
    }
  }
  EXPECT_EQ(found, 1);
}

// The share leaving from `from` at `day` for a case of `type` (routes valid then; untyped ones apply to every type).
double exit_share(const models::Model& m, const std::string& from, double day, const std::optional<std::string>& type = {}) {
  double onward = 0;
  for (const auto& r : m.routes) {
    if (r.from != from || r.to == "exit" || day < r.from_day.value_or(0) || day >= r.until_day.value_or(1e300)) continue;
    if (r.case_type && r.case_type != type) continue;
    onward += r.p;
  }
  return 1 - onward;
}

TEST(Overlay, SetRouteToExitSetsTheShareThatLeaves) {
  // a: b 0.6, d 0.2, the remainder 0.2 leaves. Exit 0.5 from day 10: b and d keep their 3:1
  // split of the other 0.5.
  Change c;
  c.op = SetRoute{"a", "exit", 0.5};
  c.from_day = 10;
  const models::Model m = apply(two_stage_model(), with(c), "s.json");
  EXPECT_NEAR(exit_share(m, "a", 0), 0.2, 1e-12);
  EXPECT_NEAR(exit_share(m, "a", 10), 0.5, 1e-12);
  for (const auto& r : m.routes) {
    if (r.from_day && r.to == "b") {
      EXPECT_NEAR(r.p, 0.375, 1e-12);
    }
    if (r.from_day && r.to == "d") {
      EXPECT_NEAR(r.p, 0.125, 1e-12);
    }
  }
  EXPECT_FALSE(models::has_errors(models::validate(m, "s.json")));

  // Setting the share it already has changes nothing; an explicit route to exit is part of it.
  c.op = SetRoute{"a", "exit", 0.2};
  c.from_day = 0;
  EXPECT_NEAR(exit_share(apply(two_stage_model(), with(c), "s.json"), "a", 0), 0.2, 1e-12);
  models::Model explicit_exit = two_stage_model();
  explicit_exit.routes.push_back({"a", "exit", 0.1, std::nullopt, std::nullopt, std::nullopt});
  c.op = SetRoute{"a", "exit", 0.6};
  const models::Model m2 = apply(explicit_exit, with(c), "s.json");
  EXPECT_NEAR(exit_share(m2, "a", 0), 0.6, 1e-12);
  for (const auto& r : m2.routes) EXPECT_NE(r.to, "exit");

  // Everything leaves: the routes onward are closed (p 0), which validates with a warning.
  c.op = SetRoute{"a", "exit", 1.0};
  const models::Model all = apply(two_stage_model(), with(c), "s.json");
  EXPECT_NEAR(exit_share(all, "a", 0), 1.0, 1e-12);
  EXPECT_FALSE(models::has_errors(models::validate(all, "s.json")));
}

TEST(Overlay, SetRouteToExitFromAStageEveryCaseLeavesCannotGoBelowOne) {
  Change c;
  c.op = SetRoute{"b", "exit", 0.5};  // b has no route onward
  try {
    apply(two_stage_model(), with(c), "s.json");
    FAIL() << "expected InputError";
  } catch (const models::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("changes[0].p"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot be set below 1"), std::string::npos) << e.what();
  }
}

TEST(Overlay, AFactorThatRoundsAStageToNoServersIsAWarning) {
  Change c;
  c.op = ScaleServers{"a", 0.04};  // 10 servers x 0.04 = 0.4, rounded to 0
  c.from_day = 50;
  std::vector<models::Diagnostic> warnings;
  const models::Model m = apply(two_stage_model(), with(c), "s.json", &warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].to_string(), "s.json: changes[0].factor: rounds stage \"a\" down to 0 servers: it is closed "
                                     "while the change applies (set_servers 0 says so outright)");
  EXPECT_EQ(m.stages[0].capacity.back().servers, 0);
  warnings.clear();
  c.op = ScaleServers{"a", 0.5};
  apply(two_stage_model(), with(c), "s.json", &warnings);
  EXPECT_TRUE(warnings.empty());
}

TEST(Overlay, UnknownStageIsAnInputErrorNamingTheChange) {
  Change c;
  c.op = ScaleServers{"nope", 2};
  try {
    apply(two_stage_model(), with(c), "s.json");
    FAIL() << "expected InputError";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.diagnostic().to_string(), "s.json: changes[0].stage: no stage \"nope\" in the base model \"base\"");
  }
}

TEST(Overlay, CompoundedServerFactorsPastTheLimitAreAnInputError) {
  Scenario s;
  s.name = "scn";
  for (int i = 0; i < 4; ++i) {
    Change c;
    c.op = ScaleServers{"a", 1e6};  // 10 servers x 10^24
    s.changes.push_back(c);
  }
  try {
    apply(two_stage_model(), s, "s.json");
    FAIL() << "expected InputError";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.diagnostic().where, "changes[1].factor");  // 10^13 servers after the second
    EXPECT_NE(e.diagnostic().message.find("more than 10000000"), std::string::npos) << e.what();
  }
}

TEST(Overlay, ServersOfAPureDelayCannotChange) {
  Change c;
  c.op = SetServers{"d", 3};
  EXPECT_THROW(apply(two_stage_model(), with(c), "s.json"), models::InputError);
}

TEST(Overlay, ChangeAfterTheHorizonIsAnError) {
  Change c;
  c.op = ScaleService{"a", 2};
  c.from_day = 1000;
  EXPECT_THROW(apply(two_stage_model(), with(c), "s.json"), models::InputError);
}

// A ramp may end far past the horizon (the reader bounds neither): only the steps that start
// inside the horizon are made, each with the weight it has on the full ramp. The fuzzer found
// ramp_until_day 1e90 overflowing the step count.
TEST(Overlay, RampPastTheHorizonMakesOnlyTheStepsInside) {
  Change c;
  c.op = ScaleService{"b", 2};
  c.from_day = 100;
  c.ramp_until_day = 100 + 100 * 1000;  // 1,000 steps of 100 days; the horizon is day 1000
  c.ramp_step_days = 100;
  const models::Model m = apply(two_stage_model(), with(c), "s.json");
  const auto& scale = m.stages[1].service_scale;
  ASSERT_EQ(scale.size(), 10u);  // day 0, then days 100, 200, ..., 900
  EXPECT_EQ(scale[0].from_day, 0);
  EXPECT_EQ(scale[0].factor, 1.0);
  EXPECT_EQ(scale[1].from_day, 100);
  EXPECT_DOUBLE_EQ(scale[1].factor, 1.001);  // one thousandth of the way to 2
  EXPECT_EQ(scale.back().from_day, 900);
  EXPECT_DOUBLE_EQ(scale.back().factor, 1.009);
}

TEST(Overlay, RampToAnAstronomicalDayStaysInsideTheHorizon) {
  for (const ChangeOp& op : {ChangeOp{SetServers{"a", 20}}, ChangeOp{ScaleArrivals{std::nullopt, 2}},
                             ChangeOp{ScaleService{"b", 0.5}}, ChangeOp{SetRoute{"a", "b", 0.9}}}) {
    Change c;
    c.op = op;
    c.from_day = 10;
    c.ramp_until_day = 9.95e89;
    c.ramp_step_days = 1;
    const models::Model m = apply(two_stage_model(), with(c), "s.json");
    for (const auto& d : models::validate(m, "s.json")) EXPECT_TRUE(d.warning) << d.to_string();
    for (const auto& step : m.stages[0].capacity) EXPECT_LT(step.from_day, m.horizon_days);
    for (const auto& step : m.arrivals[0].schedule) EXPECT_LT(step.from_day, m.horizon_days);
    for (const auto& step : m.stages[1].service_scale) EXPECT_LT(step.from_day, m.horizon_days);
    for (const auto& route : m.routes) EXPECT_LT(route.from_day.value_or(0), m.horizon_days);
  }
}

// A long ramp of one-day steps over a long horizon: every op stays linear in the steps (the
// route merge and the weight lookups were quadratic: minutes for these 200,000 steps).
TEST(Overlay, DailyRampOverALongHorizonIsApplied) {
  models::Model base = two_stage_model();
  base.horizon_days = 2e5;
  Change c;
  c.op = SetRoute{"a", "b", 0.9};
  c.from_day = 0;
  c.ramp_until_day = 2e5;
  c.ramp_step_days = 1;
  const models::Model m = apply(base, with(c), "s.json");
  std::size_t to_b = 0;
  double last_p = 0;
  for (const auto& route : m.routes) {
    if (route.to != "b") continue;
    ++to_b;
    if (!route.until_day) last_p = route.p;
  }
  EXPECT_EQ(to_b, 200'000u);  // p changes every day
  EXPECT_NEAR(last_p, 0.9, 1e-12);
}

}  // namespace
}  // namespace courtflow::scenarios

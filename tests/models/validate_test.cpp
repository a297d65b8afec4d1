// Semantic validation: references, ids, route probabilities per case type and over time, and
// the reachability checks (every stage reachable; every stage can reach the exit).

#include <gtest/gtest.h>

#include "models/model_json.hpp"
#include "models/validate.hpp"
#include "tests/models/test_models.hpp"

namespace courtflow::models {
namespace {

using nlohmann::json;
using testing::full_json;
using testing::parse;
using testing::two_stage_json;

/// validate() of the parsed model, as `WHERE: MESSAGE` lines (warnings marked).
std::vector<std::string> problems(const json& j) {
  std::vector<std::string> out;
  for (const Diagnostic& d : validate(parse(j), "")) {
    out.push_back((d.warning ? "warning: " : "") + d.to_string());
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(Validate, AcceptsGoodModels) {
  EXPECT_EQ(problems(two_stage_json()), Lines{});
  EXPECT_EQ(problems(full_json()), Lines{});
}

TEST(Validate, CollectsEveryProblem) {
  json j = two_stage_json();
  j["arrivals"][0]["to"] = "intak";
  j["routes"].push_back({{"from", "hearing"}, {"to", "appeal"}, {"p", 0.1}});
  j["stages"][1]["id"] = "2nd hearing";
  EXPECT_EQ(problems(j), (Lines{
      "stages[1].id: \"2nd hearing\" is not a valid stage id (letters, digits, '_', '.', '-'; not starting with a digit, '.' or '-')",
      "arrivals[0].to: unknown stage \"intak\"; did you mean \"intake\"?",
      "routes[0].to: unknown stage \"hearing\"",
      "routes[1].from: unknown stage \"hearing\"",
      "routes[1].to: unknown stage \"appeal\"",
  })) << "no reachability messages while references are broken";
}

TEST(Validate, NeedsAStageAndAWayIn) {
  json j = two_stage_json();
  j["stages"] = json::array();
  j["arrivals"] = json::array();
  j["routes"] = json::array();
  EXPECT_EQ(problems(j), (Lines{
      "stages: must contain at least one stage",
      "no \"arrivals\" and no \"initial_wip\": no case ever enters the model",
  }));
}

TEST(Validate, InitialWorkAloneIsAWayIn) {
  json j = two_stage_json();
  j["arrivals"] = json::array();
  j["initial_wip"] = json::parse(R"([{"stage": "intake", "count": 50}])");
  EXPECT_EQ(problems(j), Lines{});
}

TEST(Validate, ReservesExitAndRejectsDuplicateIds) {
  json j = two_stage_json();
  j["stages"].push_back(j["stages"][0]);
  j["stages"].push_back(j["stages"][0]);
  j["stages"][3]["id"] = "exit";
  EXPECT_EQ(problems(j), (Lines{
      "stages[2].id: duplicate stage id \"intake\" (first used at stages[0])",
      "stages[3].id: \"exit\" is reserved: it means leaving the system",
  }));
}

TEST(Validate, AcceptsIdsWithDotsAndDashes) {
  EXPECT_TRUE(is_valid_id("crown_court.trial-2"));
  EXPECT_TRUE(is_valid_id("_x"));
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("-x"));
  EXPECT_FALSE(is_valid_id("9x"));
  EXPECT_FALSE(is_valid_id("a b"));
  EXPECT_FALSE(is_valid_id("caf\xC3\xA9"));
}

TEST(Validate, CaseTypeReferencesNeedDeclarations) {
  json j = two_stage_json();
  j["routes"][0]["case_type"] = "custody";
  j["stages"][0]["service_by_type"] = json::parse(R"({"bail": {"dist": "fixed", "value": 1}})");
  EXPECT_EQ(problems(j), (Lines{
      "stages[0].service_by_type.bail: unknown case type \"bail\": the model declares no \"case_types\"",
      "routes[0].case_type: unknown case type \"custody\": the model declares no \"case_types\"",
  }));
  j["case_types"] = json::parse(R"([{"id": "custody"}, {"id": "custody"}, {"id": "bale"}])");
  EXPECT_EQ(problems(j), (Lines{
      "stages[0].service_by_type.bail: unknown case type \"bail\"; did you mean \"bale\"?",
      "case_types[1].id: duplicate case type id \"custody\" (first used at case_types[0])",
  }));
}

TEST(Validate, PriorityWithoutCaseTypesIsOnlyAWarning) {
  json j = two_stage_json();
  j["stages"][1]["discipline"] = "priority";
  EXPECT_EQ(problems(j), Lines{"warning: stages[1].discipline: \"priority\" has no effect: the model declares no \"case_types\""});
}

TEST(Validate, RouteProbabilitiesAddUpPerStage) {
  json j = two_stage_json();
  j["routes"].push_back({{"from", "intake"}, {"to", "exit"}, {"p", 0.4}});
  EXPECT_EQ(problems(j), Lines{"routes[0]: probabilities of the routes from \"intake\" sum to 1.2 (must be at most 1)"});
  j["routes"][1]["p"] = 0.2 + 1e-12;  // rounding is tolerated
  EXPECT_EQ(problems(j), Lines{});
}

TEST(Validate, UntypedRoutesCountTowardsEveryCaseType) {
  json j = two_stage_json();
  j["case_types"] = json::parse(R"([{"id": "custody", "priority": 0}, {"id": "bail", "priority": 1}])");
  j["routes"].push_back({{"from", "intake"}, {"to", "exit"}, {"p", 0.1}, {"case_type", "custody"}});
  j["routes"].push_back({{"from", "intake"}, {"to", "exit"}, {"p", 0.3}, {"case_type", "bail"}});
  EXPECT_EQ(problems(j), Lines{"routes[0]: probabilities of the routes from \"intake\" for case type \"bail\" sum to 1.1 (must be at most 1)"});
}

TEST(Validate, RouteWindowsAreSummedAtEachTime) {
  json j = two_stage_json();
  j["routes"][0]["until_day"] = 100;
  j["routes"].push_back({{"from", "intake"}, {"to", "hearing"}, {"p", 0.9}, {"from_day", 100}});
  EXPECT_EQ(problems(j), Lines{}) << "disjoint windows: at most one applies at a time";
  j["routes"][1]["from_day"] = 50;
  EXPECT_EQ(problems(j), (Lines{
      "routes[1]: duplicate of routes[0] (same \"from\", \"to\" and \"case_type\")",
      "routes[0]: probabilities of the routes from \"intake\" sum to 1.7 from day 50 (must be at most 1)",
  }));
}

TEST(Validate, RejectsDuplicateRoutes) {
  json j = two_stage_json();
  j["routes"].push_back({{"from", "intake"}, {"to", "hearing"}, {"p", 0.1}});
  EXPECT_EQ(problems(j)[0], "routes[1]: duplicate of routes[0] (same \"from\", \"to\" and \"case_type\")");
}

TEST(Validate, ReportsUnreachableStages) {
  json j = two_stage_json();
  j["routes"] = json::array();  // no way in at all: a wiring mistake
  EXPECT_EQ(problems(j)[0], "stages[1] (\"hearing\"): not reachable from any arrival or initial work");
  EXPECT_TRUE(has_errors(validate(parse(j), "")));
}

TEST(Validate, AStageClosedByARouteOfPZeroIsAWarning) {
  // A route that is never taken does not reach, but it says the stage is closed on purpose
  // (as a scenario's set_route with p 0 does): the stage stays empty, the model runs.
  json j = two_stage_json();
  j["routes"][0]["p"] = 0;
  EXPECT_EQ(problems(j), Lines{"warning: stages[1] (\"hearing\"): no case reaches it: every route into it has p 0 "
                               "(it stays empty)"});
}

TEST(Validate, ReportsStagesCasesCanNeverLeave) {
  json j = two_stage_json();
  j["routes"] = json::parse(R"([{"from": "intake", "to": "hearing", "p": 1},
                                {"from": "hearing", "to": "intake", "p": 1}])");
  EXPECT_EQ(problems(j), (Lines{
      "stages[0] (\"intake\"): cases can never leave (no route from here reaches the exit)",
      "stages[1] (\"hearing\"): cases can never leave (no route from here reaches the exit)",
  }));
}

TEST(Validate, LoopsWithAWayOutAreFine) {
  json j = two_stage_json();
  j["routes"] = json::parse(R"([{"from": "intake", "to": "hearing", "p": 1},
                                {"from": "hearing", "to": "hearing", "p": 0.3},
                                {"from": "hearing", "to": "intake", "p": 0.7}])");
  EXPECT_EQ(problems(j).size(), 2u) << "no exit at all";
  j["routes"][2]["p"] = 0.6;  // 0.1 leaves
  EXPECT_EQ(problems(j), Lines{});
}

TEST(Validate, RenegingIsAWayInAndAWayOut) {
  json j = two_stage_json();
  // intake -> hearing always, hearing -> intake always: trapped, unless patience runs out.
  j["routes"] = json::parse(R"([{"from": "intake", "to": "hearing", "p": 1},
                                {"from": "hearing", "to": "intake", "p": 1}])");
  j["stages"][1]["patience"] = json::parse(R"({"dist": "exponential", "mean": 30})");
  j["stages"][1]["on_timeout"] = "exit";
  EXPECT_EQ(problems(j), Lines{});

  // A stage reached only when patience runs out elsewhere is reachable.
  json k = two_stage_json();
  k["routes"] = json::array();
  k["stages"][0]["patience"] = json::parse(R"({"dist": "exponential", "mean": 30})");
  k["stages"][0]["on_timeout"] = "hearing";
  EXPECT_EQ(problems(k), Lines{});
}

TEST(Validate, PatienceAtAPureDelayIsNoWayOut) {
  // Nobody waits at a pure delay, so its patience never runs out: a loop through it traps.
  json j = two_stage_json();
  j["stages"][1]["servers"] = "infinite";
  j["routes"] = json::parse(R"([{"from": "intake", "to": "hearing", "p": 1},
                                {"from": "hearing", "to": "hearing", "p": 1}])");
  j["stages"][1]["patience"] = json::parse(R"({"dist": "exponential", "mean": 30})");
  j["stages"][1]["on_timeout"] = "exit";
  EXPECT_EQ(problems(j), (Lines{
      "warning: stages[1].patience: has no effect at a pure delay (\"infinite\" servers): nobody waits there, so "
      "nobody runs out of patience",
      "stages[0] (\"intake\"): cases can never leave (no route from here reaches the exit)",
      "stages[1] (\"hearing\"): cases can never leave (no route from here reaches the exit)",
  }));
}

TEST(Validate, ATrapMadeByRoutesOfALaterDayIsFound) {
  // Over all time the hearing leads out, but from day 200 it only sends cases back to itself.
  json j = two_stage_json();
  j["routes"].push_back({{"from", "hearing"}, {"to", "hearing"}, {"p", 1}, {"from_day", 200}});
  EXPECT_EQ(problems(j), Lines{"stages[1] (\"hearing\"): from day 200, cases can never leave (no route from here "
                               "reaches the exit then)"});
  // Until day 300 only: a window with no way out is a trap all the same.
  j["routes"][1]["until_day"] = 300;
  EXPECT_EQ(problems(j).size(), 1u);
  // With 0.9 the rest still leaves.
  j["routes"][1]["p"] = 0.9;
  EXPECT_EQ(problems(j), Lines{});
}

TEST(Validate, NoStagesIsOneProblemNotOnePerReference) {
  json j = two_stage_json();
  j["stages"] = json::array();
  EXPECT_EQ(problems(j), Lines{"stages: must contain at least one stage"});
}

TEST(Validate, SystemIsAReservedStageId) {
  json j = two_stage_json();
  j["stages"][1]["id"] = "system";
  j["routes"][0]["to"] = "system";
  EXPECT_EQ(problems(j)[0], "stages[1].id: \"system\" is reserved: it names the whole system's rows in the outputs");
}

TEST(Validate, DatesMustStayWithinYear9999) {
  json j = two_stage_json();
  j["start_date"] = "9999-06-01";
  EXPECT_EQ(problems(j),
            Lines{"start_date: with horizon_days 365 the run ends after 9999-12-31 (got \"9999-06-01\")"});
  j["start_date"] = "9998-06-01";
  EXPECT_EQ(problems(j), Lines{});
}

TEST(Validate, ExitIsCheckedPerCaseType) {
  json j = two_stage_json();
  j["case_types"] = json::parse(R"([{"id": "custody", "priority": 0}, {"id": "bail", "priority": 1}])");
  j["arrivals"][0]["case_type"] = "custody";
  j["arrivals"].push_back({{"to", "intake"}, {"rate_per_day", 1}, {"case_type", "bail"}});
  // Custody cases at the hearing always go back to intake, and intake always sends them on.
  j["routes"] = json::parse(R"([{"from": "intake", "to": "hearing", "p": 1},
                                {"from": "hearing", "to": "intake", "p": 1, "case_type": "custody"}])");
  EXPECT_EQ(problems(j), (Lines{
      "stages[0] (\"intake\"): cases of type \"custody\" can never leave (no route from here reaches the exit)",
      "stages[1] (\"hearing\"): cases of type \"custody\" can never leave (no route from here reaches the exit)",
  }));
}

TEST(Validate, OnTimeoutMustNameAStage) {
  json j = two_stage_json();
  j["stages"][0]["patience"] = json::parse(R"({"dist": "exponential", "mean": 30})");
  j["stages"][0]["on_timeout"] = "hearin";
  EXPECT_EQ(problems(j), Lines{"stages[0].on_timeout: unknown stage \"hearin\"; did you mean \"hearing\"?"});
}

TEST(Validate, ChecksRangesOfModelsBuiltInCode) {
  Model m = parse(two_stage_json());
  m.stages[0].servers = 0;
  m.stages[1].capacity = {{10, 1}, {5, -1}};
  m.routes[0].p = -0.5;
  m.arrivals[0].rate_per_day = -1;
  m.horizon_days = 0;
  m.stages[0].on_timeout = "hearing";  // without patience
  std::vector<std::string> lines;
  for (const Diagnostic& d : validate(m, "code")) lines.push_back(d.to_string());
  EXPECT_EQ(lines, (Lines{
      "code: horizon_days: must be a number > 0 and at most 1000000 (got 0)",
      "code: stages[0].servers: must be a positive integer or \"infinite\" (got 0)",
      "code: stages[0].on_timeout: needs \"patience\" (how long a case waits before it leaves the queue)",
      "code: stages[1].capacity[1].from_day: steps must be in increasing order of from_day (got 5 after 10)",
      "code: stages[1].capacity[1].servers: must be an integer from 0 to 10000000 (got -1)",
      "code: arrivals[0].rate_per_day: must be a number >= 0 (got -1)",
      "code: routes[0].p: must be a number from 0 to 1 (got -0.5)",
      "code: stages[1] (\"hearing\"): not reachable from any arrival or initial work",
  }));
  EXPECT_TRUE(has_errors(validate(m, "code")));
}

TEST(Validate, CapacityScheduleNeedsServers) {
  json j = two_stage_json();
  j["stages"][1]["servers"] = "infinite";
  j["stages"][1]["capacity"] = json::parse(R"([{"from_day": 0, "servers": 3}])");
  EXPECT_EQ(problems(j), Lines{"stages[1].capacity: a stage with \"infinite\" servers has no capacity to schedule"});
}

TEST(Validate, GroupsNameKnownStagesOnceAndTheirOwnIds) {
  json j = two_stage_json();
  j["groups"] = json::parse(R"([{"id": "court", "stages": ["intake", "hearing"], "description": "both"}])");
  EXPECT_EQ(problems(j), Lines{});
  j["groups"] = json::parse(R"([{"id": "court", "stages": ["intake", "hearng", "intake"]},
                                {"id": "court", "stages": ["hearing"]},
                                {"id": "intake", "stages": ["hearing"]},
                                {"id": "system", "stages": ["hearing"]}])");
  EXPECT_EQ(problems(j), (Lines{
      "groups[0].stages[1]: unknown stage \"hearng\"; did you mean \"hearing\"?",
      "groups[0].stages[2]: stage \"intake\" is listed twice",
      "groups[1].id: duplicate group id \"court\" (first used at groups[0])",
      "groups[2].id: \"intake\" is already a stage id or a reserved name; a group needs its own id",
      "groups[3].id: \"system\" is already a stage id or a reserved name; a group needs its own id",
  }));
}

TEST(Validate, GroupsNeedAtLeastOneStage) {
  json j = two_stage_json();
  j["groups"] = json::parse(R"([{"id": "court", "stages": []}])");
  EXPECT_THROW(parse(j), InputError);
}

}  // namespace
}  // namespace courtflow::models

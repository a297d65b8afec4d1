// The scenario file format: parsing, its errors, and writing back.
#include <gtest/gtest.h>

#include "models/diagnostic.hpp"
#include "scenarios/scenario_json.hpp"

namespace courtflow::scenarios {
namespace {

using nlohmann::json;

std::string error_of(const json& j) {
  try {
    parse_scenario(j, "s.json");
  } catch (const models::InputError& e) {
    return e.diagnostic().to_string();
  }
  return "no error";
}

TEST(ScenarioJson, ParsesEveryOp) {
  const json j = json::parse(R"({"courtflow": 1, "scenario": "x", "base": "m.json", "changes": [
    {"op": "scale_servers", "stage": "a", "factor": 1.1, "from_day": 90, "ramp_until_day": 180},
    {"op": "set_servers", "stage": "a", "servers": 12},
    {"op": "scale_arrivals", "factor": 0.9},
    {"op": "scale_arrivals", "to": "a", "factor": 1.2},
    {"op": "scale_service", "stage": "b", "factor": 0.8},
    {"op": "set_route", "from": "a", "to": "exit", "p": 0.3}]})");
  const Scenario s = parse_scenario(j, "s.json");
  ASSERT_EQ(s.changes.size(), 6u);
  EXPECT_EQ(std::get<ScaleServers>(s.changes[0].op).factor, 1.1);
  EXPECT_EQ(s.changes[0].from_day, 90);
  EXPECT_EQ(*s.changes[0].ramp_until_day, 180);
  EXPECT_EQ(std::get<SetServers>(s.changes[1].op).servers, 12);
  EXPECT_FALSE(std::get<ScaleArrivals>(s.changes[2].op).to.has_value());
  EXPECT_EQ(*std::get<ScaleArrivals>(s.changes[3].op).to, "a");
  EXPECT_EQ(std::get<SetRoute>(s.changes[5].op).to, "exit");
  // Round trip.
  const Scenario again = parse_scenario(json::parse(to_json(s).dump()), "s.json");
  EXPECT_EQ(to_json(again).dump(), to_json(s).dump());
}

TEST(ScenarioJson, AFileWithBaseAndChangesButNoScenarioIsAScenarioMissingItsName) {
  const json j = json::parse(R"({"courtflow": 1, "base": "m.json", "changes": []})");
  EXPECT_TRUE(is_scenario(j));
  EXPECT_NE(error_of(j).find("missing required key \"scenario\""), std::string::npos) << error_of(j);
  EXPECT_FALSE(is_scenario(json::parse(R"({"courtflow": 1, "name": "m", "stages": [], "changes": []})")));
}

TEST(ScenarioJson, ErrorsNameTheField) {
  EXPECT_EQ(error_of(json::parse(R"({"scenario": "x", "base": "m.json", "changes": []})")),
            "s.json: missing \"courtflow\" format version key");
  EXPECT_EQ(error_of(json::parse(R"({"courtflow": 1, "scenario": "x", "changes": []})")),
            "s.json: missing required key \"base\"");
  EXPECT_EQ(error_of(json::parse(R"({"courtflow": 1, "scenario": "x", "base": "m", "changes": [{"op": "scale_server", "stage": "a", "factor": 2}]})")),
            "s.json: changes[0].op: unknown change \"scale_server\"; did you mean \"scale_servers\"? (one of "
            "scale_servers, set_servers, scale_arrivals, scale_service, set_route)");
  EXPECT_EQ(error_of(json::parse(R"({"courtflow": 1, "scenario": "x", "base": "m", "changes": [{"op": "scale_servers", "stage": "a", "factor": -2}]})")),
            "s.json: changes[0].factor: must be a number > 0 (got -2)");
  EXPECT_EQ(error_of(json::parse(R"({"courtflow": 1, "scenario": "x", "base": "m", "changes": [{"op": "set_route", "from": "a", "to": "b", "p": 1.5}]})")),
            "s.json: changes[0].p: must be a number from 0 to 1 (got 1.5)");
  EXPECT_EQ(error_of(json::parse(R"({"courtflow": 1, "scenario": "x", "base": "m", "changes": [{"op": "scale_service", "stage": "a", "factor": 2, "from_day": 10, "ramp_until_day": 5}]})")),
            "s.json: changes[0].ramp_until_day: must be later than from_day (got 5)");
  EXPECT_EQ(error_of(json::parse(R"({"courtflow": 2, "scenario": "x", "base": "m", "changes": []})")),
            "s.json: courtflow: file format 2 is newer than this courtflow (reads 1)");
}

TEST(ScenarioJson, UnknownKeysAreWarnings) {
  std::vector<models::Diagnostic> warnings;
  parse_scenario(json::parse(R"({"courtflow": 1, "scenario": "x", "base": "m", "changes": [{"op": "scale_service", "stage": "a", "factr": 2, "factor": 2}]})"),
                 "s.json", &warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(warnings[0].warning);
  EXPECT_EQ(warnings[0].where, "changes[0]");
}

}  // namespace
}  // namespace courtflow::scenarios

// The model file format: parsing the contract's keys, the structural checks and their
// messages, unknown-key warnings, reading files, and writing a model back (round trip).

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

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

/// The message parse_model gives for `j`, or "" if it parses.
std::string error_of(const json& j) {
  try {
    parse(j);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::vector<Diagnostic> warnings_of(const json& j) {
  std::vector<Diagnostic> warnings;
  parse_model(j, "test.json", &warnings);
  return warnings;
}

TEST(Diagnostic, FormatsFileWhereMessage) {
  EXPECT_EQ((Diagnostic{"m.json", "stages[3].servers", "must be positive", false}.to_string()),
            "m.json: stages[3].servers: must be positive");
  EXPECT_EQ((Diagnostic{"m.json", "", "file is empty", false}.to_string()), "m.json: file is empty");
  const InputError error(Diagnostic{"m.json", "name", "bad", false});
  EXPECT_STREQ(error.what(), "m.json: name: bad");
  EXPECT_EQ(error.diagnostic().where, "name");
}

TEST(ModelJson, ParsesTheFullContractExample) {
  const Model m = parse(full_json());
  EXPECT_EQ(m.name, "crown court sketch");
  EXPECT_EQ(m.description, "every key of the model format at least once");
  EXPECT_EQ(m.count_unit, "cases");
  EXPECT_EQ(m.horizon_days, 730);
  EXPECT_EQ(m.warmup_days, 30);
  EXPECT_EQ(m.replications, 20);
  EXPECT_EQ(m.seed, 12345u);
  EXPECT_EQ(m.start_date, "2025-04-01");

  ASSERT_EQ(m.stages.size(), 6u);
  const StageDef& police = m.stages[0];
  EXPECT_EQ(police.id, "police");
  EXPECT_TRUE(police.infinite);
  EXPECT_EQ(police.description, "investigation and charge");
  EXPECT_EQ(police.service.dist, "lognormal");
  EXPECT_EQ(police.service.params.at("mean"), 40);
  EXPECT_EQ(police.service.params.at("sd"), 20);

  const StageDef& trial = m.stages[2];
  EXPECT_FALSE(trial.infinite);
  EXPECT_EQ(trial.servers, 420);
  EXPECT_EQ(trial.discipline, "priority");
  ASSERT_EQ(trial.capacity.size(), 1u);
  EXPECT_EQ(trial.capacity[0].from_day, 90);
  EXPECT_EQ(trial.capacity[0].servers, 480);
  ASSERT_TRUE(trial.patience.has_value());
  EXPECT_EQ(trial.patience->params.at("mean"), 400);
  EXPECT_EQ(trial.on_timeout, "exit");
  EXPECT_EQ(trial.service_by_type.at("custody").dist, "triangular");
  EXPECT_EQ(trial.service_by_type.at("custody").params.at("mode"), 2);
  ASSERT_EQ(trial.service_scale.size(), 1u);
  EXPECT_EQ(trial.service_scale[0].factor, 0.9);
  EXPECT_EQ(m.stages[4].service.values, (std::vector<double>{7, 14, 28}));

  ASSERT_EQ(m.case_types.size(), 2u);
  EXPECT_EQ(m.case_types[1].id, "bail");
  EXPECT_EQ(m.case_types[1].priority, 1);
  EXPECT_EQ(m.case_types[0].description, "defendant remanded in custody");

  ASSERT_EQ(m.arrivals.size(), 3u);
  EXPECT_EQ(m.arrivals[1].case_type, "custody");
  EXPECT_EQ(m.arrivals[1].rate_per_day, 50);
  ASSERT_EQ(m.arrivals[1].schedule.size(), 2u);
  EXPECT_EQ(m.arrivals[1].schedule[1].from_day, 200);
  EXPECT_EQ(m.arrivals[1].schedule[1].rate_per_day, 55);
  EXPECT_EQ(m.arrivals[2].rate_per_day, 0);  // schedule without rate_per_day

  ASSERT_EQ(m.routes.size(), 9u);
  EXPECT_FALSE(m.routes[0].case_type.has_value());
  EXPECT_EQ(m.routes[4].case_type, "bail");
  EXPECT_EQ(m.routes[7].to, "exit");
  EXPECT_EQ(m.routes[8].from_day, 10);
  EXPECT_EQ(m.routes[8].until_day, 400);

  ASSERT_EQ(m.initial_wip.size(), 2u);
  EXPECT_EQ(m.initial_wip[0].count, 1200);
  ASSERT_TRUE(m.initial_wip[0].age_days.has_value());
  EXPECT_EQ(m.initial_wip[0].age_days->dist, "exponential");
  EXPECT_FALSE(m.initial_wip[1].age_days.has_value());
  EXPECT_TRUE(warnings_of(full_json()).empty());
}

TEST(ModelJson, RoundTripsTheFullExample) {
  const Model m = parse(full_json());
  const nlohmann::ordered_json written = to_json(m);
  const Model again = parse(json::parse(written.dump()));
  EXPECT_EQ(to_json(again), written);
  EXPECT_EQ(again.stages[2].capacity.size(), 1u);
  EXPECT_EQ(again.arrivals[1].schedule.size(), 2u);
  EXPECT_EQ(again.routes[8].until_day, 400);
  ASSERT_EQ(again.groups.size(), 1u);
  EXPECT_EQ(again.groups[0].stages, (std::vector<std::string>{"ptph", "crown_trial"}));
  EXPECT_EQ(again.groups[0].description, "Crown Court outstanding");
  // Written in the documented key order.
  EXPECT_EQ(written.begin().key(), "courtflow");
  EXPECT_EQ(written["stages"][0].begin().key(), "id");
}

TEST(ModelJson, RoundTripsNumbersExactly) {
  json j = two_stage_json();
  j["routes"][0]["p"] = 0.1 + 0.2;  // 0.30000000000000004
  j["stages"][0]["service"]["mean"] = 1.0 / 3.0;
  j["horizon_days"] = 365.25;
  const Model m = parse(j);
  const Model again = parse(json::parse(to_json(m).dump()));
  EXPECT_EQ(again.routes[0].p, 0.1 + 0.2);
  EXPECT_EQ(again.stages[0].service.params.at("mean"), 1.0 / 3.0);
  EXPECT_EQ(again.horizon_days, 365.25);
}

TEST(ModelJson, WritesWholeNumbersAsIntegers) {
  json j = two_stage_json();
  j["horizon_days"] = 365.0;
  const std::string text = to_json(parse(j)).dump();
  EXPECT_NE(text.find("\"horizon_days\":365,"), std::string::npos) << text;
  EXPECT_EQ(text.find("warmup_days"), std::string::npos) << "defaults are left out";
}

TEST(ModelJson, RejectsNegativeServers) {
  json j = two_stage_json();
  j["stages"][1]["servers"] = -2;
  EXPECT_EQ(error_of(j), "test.json: stages[1].servers: must be a positive integer or \"infinite\" (got -2)");
}

TEST(ModelJson, RejectsSpreadsWhoseShapeCannotBeSampled) {
  json j = two_stage_json();
  j["stages"][0]["service"] = json::parse(R"({"dist": "gamma", "mean": 1e-300, "sd": 1e300})");
  EXPECT_EQ(error_of(j), "test.json: stages[0].service.sd: must be at most 1000 times the mean (got 1e+300, mean 1e-300)");
  j["stages"][0]["service"] = json::parse(R"({"dist": "lognormal", "mean": 2, "sd": 5000})");
  EXPECT_EQ(error_of(j), "test.json: stages[0].service.sd: must be at most 1000 times the mean (got 5000, mean 2)");
  j["stages"][0]["service"] = json::parse(R"({"dist": "weibull", "shape": 0.001, "scale": 2})");
  EXPECT_EQ(error_of(j), "test.json: stages[0].service.shape: is so small that the mean is infinite (got 0.001)");
  j["stages"][0]["service"] = json::parse(R"({"dist": "gamma", "mean": 2, "sd": 100})");
  EXPECT_EQ(error_of(j), "");
}

TEST(ModelJson, RejectsFractionalAndAbsurdServers) {
  json j = two_stage_json();
  j["stages"][0]["servers"] = 2.5;
  EXPECT_EQ(error_of(j), "test.json: stages[0].servers: must be a positive integer or \"infinite\" (got 2.5)");
  j["stages"][0]["servers"] = 1e300;
  EXPECT_EQ(error_of(j), "test.json: stages[0].servers: must be at most 10000000 (got 1e+300)");
  j["stages"][0]["servers"] = 20000000;
  EXPECT_EQ(error_of(j), "test.json: stages[0].servers: must be at most 10000000 (got 20000000)");
  j["stages"][0]["servers"] = "inf";
  EXPECT_EQ(error_of(j), "test.json: stages[0].servers: must be a positive integer or \"infinite\" (got \"inf\")");
}

TEST(ModelJson, AcceptsWholeNumbersWrittenAsFloats) {
  json j = two_stage_json();
  j["stages"][0]["servers"] = 420.0;
  EXPECT_EQ(parse(j).stages[0].servers, 420);
}

TEST(ModelJson, RejectsNonFiniteNumbersFromCode) {
  json j = two_stage_json();
  j["horizon_days"] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(error_of(j), "test.json: horizon_days: must be a number > 0 and at most 1000000 (got NaN)");
  j = two_stage_json();
  j["routes"][0]["p"] = std::numeric_limits<double>::infinity();
  EXPECT_EQ(error_of(j), "test.json: routes[0].p: must be a number from 0 to 1 (got infinity)");
}

TEST(ModelJson, ChecksTopLevelValues) {
  json j = two_stage_json();
  j["seed"] = -1;
  EXPECT_EQ(error_of(j), "test.json: seed: must be a non-negative integer (got -1)");
  j["seed"] = 18446744073709551615ULL;
  EXPECT_EQ(parse(j).seed, 18446744073709551615ULL);
  j["replications"] = 100001;
  EXPECT_EQ(error_of(j), "test.json: replications: must be an integer from 1 to 100000 (got 100001)");
  j = two_stage_json();
  j["start_date"] = "2021-13-01";
  EXPECT_EQ(error_of(j), "test.json: start_date: must be a calendar date written YYYY-MM-DD (got \"2021-13-01\")");
  j = two_stage_json();
  j["warmup_days"] = -1;
  EXPECT_EQ(error_of(j), "test.json: warmup_days: must be a number >= 0 and less than horizon_days (365) (got -1)");
  j = two_stage_json();
  j["name"] = "";
  EXPECT_EQ(error_of(j), "test.json: name: must be a non-empty string");
}

TEST(ModelJson, ChecksTheFormatVersion) {
  json j = two_stage_json();
  j["courtflow"] = 3;
  EXPECT_EQ(error_of(j), "test.json: courtflow: file format 3 is newer than this courtflow (reads 1)");
  j["courtflow"] = "1";
  EXPECT_EQ(error_of(j), "test.json: courtflow: must be the format version 1 (got \"1\")");
  j["courtflow"] = 0;
  EXPECT_EQ(error_of(j), "test.json: courtflow: must be the format version 1 (got 0)");
  j.erase("courtflow");
  EXPECT_EQ(error_of(j), "test.json: missing \"courtflow\" format version key");
}

TEST(ModelJson, ReportsMissingKeysWhereTheyBelong) {
  json j = two_stage_json();
  j.erase("horizon_days");
  EXPECT_EQ(error_of(j), "test.json: missing required key \"horizon_days\"");
  j = two_stage_json();
  j["routes"][0].erase("p");
  EXPECT_EQ(error_of(j), "test.json: routes[0]: missing required key \"p\"");
  j = two_stage_json();
  j["arrivals"][0].erase("rate_per_day");
  EXPECT_EQ(error_of(j), "test.json: arrivals[0]: missing required key \"rate_per_day\" (or a \"schedule\")");
}

TEST(ModelJson, ChecksEachDistributionKind) {
  struct Case {
    const char* dist;
    const char* expected;  // "" = accepted
  };
  const Case cases[] = {
      {R"({"dist": "exponential", "mean": 2})", ""},
      {R"({"dist": "exponential", "mean": 0})", "test.json: stages[0].service.mean: must be a number > 0 (got 0)"},
      {R"({"dist": "fixed", "value": 0})", ""},
      {R"({"dist": "fixed", "value": -1})", "test.json: stages[0].service.value: must be a number >= 0 (got -1)"},
      {R"({"dist": "lognormal", "mean": 2, "sd": 0})", ""},
      {R"({"dist": "lognormal", "mean": 2})", "test.json: stages[0].service: missing \"sd\": a lognormal distribution takes \"mean\" and \"sd\""},
      {R"({"dist": "gamma", "mean": 2, "sd": 1})", ""},
      {R"({"dist": "gamma", "mean": 2, "sd": 0})", "test.json: stages[0].service.sd: must be a number > 0 (got 0)"},
      {R"({"dist": "weibull", "shape": 1.5, "scale": 3})", ""},
      {R"({"dist": "weibull", "shape": "1.5", "scale": 3})", "test.json: stages[0].service.shape: must be a number > 0 (got \"1.5\")"},
      {R"({"dist": "uniform", "min": 1, "max": 1})", ""},
      {R"({"dist": "uniform", "min": 2, "max": 1})", "test.json: stages[0].service.max: must be >= min (got 1, min 2)"},
      {R"({"dist": "triangular", "min": 0, "mode": 0, "max": 1})", ""},
      {R"({"dist": "triangular", "min": 1, "mode": 1, "max": 1})", "test.json: stages[0].service.max: must be greater than min (got 1, min 1)"},
      {R"({"dist": "empirical", "values": [0, 1.5, 3]})", ""},
      {R"({"dist": "empirical", "values": [1, -1]})", "test.json: stages[0].service.values[1]: must be a number >= 0 (got -1)"},
      {R"({"dist": "empirical", "values": 3})", "test.json: stages[0].service.values: must be a non-empty array of numbers >= 0 (got 3)"},
      {R"({"dist": "exponentail", "mean": 2})", "test.json: stages[0].service.dist: unknown distribution \"exponentail\"; did you mean \"exponential\"?"},
      {R"({"dist": "poisson", "mean": 2})", "test.json: stages[0].service.dist: unknown distribution \"poisson\" (expected one of \"exponential\", \"fixed\", \"lognormal\", \"gamma\", \"weibull\", \"uniform\", \"triangular\" and \"empirical\")"},
      {R"({"mean": 2})", "test.json: stages[0].service: missing required key \"dist\""},
      {R"({"dist": "exponential", "mean": 2, "sd": 1})", "test.json: stages[0].service.sd: not a parameter here: an exponential distribution takes \"mean\""},
      {R"(5)", "test.json: stages[0].service: must be a distribution such as {\"dist\": \"exponential\", \"mean\": 5} (got 5)"},
  };
  for (const Case& c : cases) {
    json j = two_stage_json();
    j["stages"][0]["service"] = json::parse(c.dist);
    EXPECT_EQ(error_of(j), c.expected) << c.dist;
  }
}

TEST(ModelJson, WarnsAboutUnknownKeysWithANearestMatch) {
  json j = two_stage_json();
  j["stages"][1]["sever"] = 3;
  j["horizon"] = 10;
  j["colour"] = "blue";
  j["stages"][0]["service"]["meen"] = 1;
  const auto warnings = warnings_of(j);
  ASSERT_EQ(warnings.size(), 4u);
  EXPECT_EQ(warnings[0].to_string(), "test.json: unknown key \"colour\" (ignored)");
  EXPECT_EQ(warnings[1].to_string(), "test.json: unknown key \"horizon\"; did you mean \"horizon_days\"?");
  EXPECT_EQ(warnings[2].to_string(), "test.json: stages[0].service: unknown key \"meen\"; did you mean \"mean\"?");
  EXPECT_EQ(warnings[3].to_string(), "test.json: stages[1]: unknown key \"sever\"; did you mean \"servers\"?");
  for (const Diagnostic& w : warnings) EXPECT_TRUE(w.warning);
  EXPECT_NO_THROW(parse(j)) << "unknown keys are not errors";
}

TEST(ModelJson, ArrivalScheduleRules) {
  json j = two_stage_json();
  j["arrivals"][0] = json::parse(R"({"to": "intake", "schedule": [{"from_day": 30, "rate_per_day": 2}]})");
  EXPECT_EQ(parse(j).arrivals[0].rate_per_day, 0);

  j["arrivals"][0]["rate_per_day"] = 5;
  j["arrivals"][0]["schedule"][0]["from_day"] = 0;
  const auto warnings = warnings_of(j);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].to_string(), "test.json: arrivals[0].rate_per_day: ignored: the schedule starts at day 0");
  EXPECT_EQ(parse(j).arrivals[0].rate_per_day, 0);

  j["arrivals"][0]["schedule"] = json::parse(R"([{"from_day": 10, "rate_per_day": 1}, {"from_day": 10, "rate_per_day": 2}])");
  EXPECT_EQ(error_of(j), "test.json: arrivals[0].schedule[1].from_day: steps must be in increasing order of from_day (got 10 after 10)");
  j["arrivals"][0]["schedule"] = json::array();
  EXPECT_EQ(error_of(j), "test.json: arrivals[0].schedule: must be a non-empty array of {\"from_day\", \"rate_per_day\"} steps (got an empty array)");
}

TEST(ModelJson, RejectsOnTimeoutWithoutPatience) {
  json j = two_stage_json();
  j["stages"][0]["on_timeout"] = "exit";
  EXPECT_EQ(error_of(j), "test.json: stages[0].on_timeout: needs \"patience\" (how long a case waits before it leaves the queue)");
}

TEST(ModelJson, RejectsABadDiscipline) {
  json j = two_stage_json();
  j["stages"][0]["discipline"] = "lifo";
  EXPECT_EQ(error_of(j), "test.json: stages[0].discipline: must be \"fifo\" or \"priority\" (got \"lifo\")");
}

TEST(ModelJson, ChecksRouteWindows) {
  json j = two_stage_json();
  j["routes"][0]["from_day"] = 100;
  j["routes"][0]["until_day"] = 50;
  EXPECT_EQ(error_of(j), "test.json: routes[0].until_day: must be greater than from_day (got 50, from_day 100)");
}

TEST(ModelJson, QuotesKeysThatAreNotIdentifiersInPaths) {
  json j = two_stage_json();
  j["stages"][0]["service_by_type"] = json::parse(R"({"fast track": {"dist": "fixed", "value": -1}})");
  EXPECT_EQ(error_of(j), "test.json: stages[0].service_by_type[\"fast track\"].value: must be a number >= 0 (got -1)");
}

TEST(ModelJson, ReportsSyntaxErrorsAtLineAndColumn) {
  try {
    parse_model_text("{\n  \"courtflow\": 1,\n  \"name\": \"x\",,\n}", "m.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().where, "line 3, column 15");
    EXPECT_EQ(std::string(e.what()).rfind("m.json: line 3, column 15: invalid JSON: ", 0), 0u) << e.what();
  }
}

TEST(ModelJson, CountsColumnsInCharactersNotBytes) {
  try {
    parse_model_text("{\"name\": \"caf\xC3\xA9\" x}", "m.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().where, "line 1, column 17");
  }
}

TEST(ModelJson, RefusesTextThatIsNotUtf8) {
  try {
    parse_model_text("{\"name\": \"\xC0\xAF\"}", "m.json");  // an overlong '/'
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().to_string(), "m.json: line 1, column 11: not valid UTF-8: a model file must be UTF-8 JSON text");
  }
  try {
    parse_model_text(std::string("{\"a\":\0}", 7), "m.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().to_string(), "m.json: line 1, column 6: binary data (a NUL byte): a model file must be UTF-8 JSON text");
  }
}

TEST(ModelJson, AcceptsAByteOrderMark) {
  EXPECT_EQ(parse_model_text("\xEF\xBB\xBF" + two_stage_json().dump(), "m.json").name, "two stages");
}

TEST(ModelJson, LoadsFilesAndNamesThemAsGiven) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "courtflow_models_test";
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "model.json";
  {
    std::ofstream out(file);
    out << two_stage_json().dump(2);
  }
  EXPECT_EQ(load_model_file(file).stages.size(), 2u);
  try {
    load_model_file(dir / "missing.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().file, (dir / "missing.json").string());
    EXPECT_EQ(e.diagnostic().message, "cannot open: no such file");
  }
  try {
    load_model_file(dir);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().message, "cannot open: it is a directory, not a file");
  }
  std::filesystem::remove_all(dir);
}

TEST(ModelJson, TheExampleInFormatsDocIsAValidModel) {
  std::ifstream in(COURTFLOW_FORMATS_DOC);
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto section = doc.find("## A complete example");
  ASSERT_NE(section, std::string::npos);
  const auto start = doc.find("```json\n", section);
  ASSERT_NE(start, std::string::npos);
  const auto end = doc.find("```", start + 8);
  const std::string text = doc.substr(start + 8, end - start - 8);
  std::vector<Diagnostic> diagnostics;
  const Model m = parse_model_text(text, "FORMATS.md", &diagnostics);
  const auto semantic = validate(m, "FORMATS.md");
  diagnostics.insert(diagnostics.end(), semantic.begin(), semantic.end());
  for (const Diagnostic& d : diagnostics) ADD_FAILURE() << d.to_string();
  EXPECT_EQ(m.stages.size(), 3u);
}

}  // namespace
}  // namespace courtflow::models

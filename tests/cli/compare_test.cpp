// `courtflow compare` end to end: comparison.json with the contract's keys, a server added at a
// saturated stage gives a change below zero whose paired interval is narrower than the
// unpaired one (common random numbers work), an identical copy gives exactly zero changes,
// the tidy CSVs, byte-identical files whatever the thread count, stages matched by id, and
// bad input (exit 2, one line on stderr, nothing written).
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

bool is_measure(const Json& m) {
  return m.is_object() && m.contains("mean") && m.contains("ci95") && m.size() == 2 &&
         (m["mean"].is_number() || m["mean"].is_null()) &&
         (m["ci95"].is_null() || (m["ci95"].is_array() && m["ci95"].size() == 2));
}

double lo(const Json& m) { return m["ci95"][0].get<double>(); }
double hi(const Json& m) { return m["ci95"][1].get<double>(); }
double half_width(const Json& m) { return (hi(m) - lo(m)) / 2; }

// Rows of a CSV without quoted fields, as maps from column to text.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& text) {
  std::vector<std::map<std::string, std::string>> rows;
  const std::vector<std::string> lines = lines_of(text);
  if (lines.empty()) return rows;
  const auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
  };
  const std::vector<std::string> header = split(lines[0]);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = split(lines[i]);
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < header.size() && c < cells.size(); ++c) row[header[c]] = cells[c];
    rows.push_back(std::move(row));
  }
  return rows;
}

const Json& stage_of(const Json& stages, const std::string& id) {
  for (const Json& s : stages) {
    if (s["id"] == id) return s;
  }
  static const Json none;
  ADD_FAILURE() << "no stage " << id;
  return none;
}

class CliCompare : public CliTest {
 protected:
  Result compare(const std::vector<std::string>& files, const fs::path& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"compare"};
    for (const std::string& f : files) args.push_back(data(f));
    args.push_back("--out");
    args.push_back(out.string());
    args.insert(args.end(), extra.begin(), extra.end());
    return run_courtflow(args);
  }
};

TEST_F(CliCompare, WritesTheContractShape) {
  const fs::path out = scratch / "c";
  const Result r = compare({"compare_saturated.json", "compare_add_server.json"}, out, {"--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
  const Json j = Json::parse(read_file(out / "comparison.json"));
  auto it = j.begin();
  EXPECT_EQ(it.key(), "base");
  EXPECT_EQ((++it).key(), "scenarios");
  EXPECT_EQ(j["base"], "saturated list");
  ASSERT_EQ(j["scenarios"].size(), 1u);
  const Json& s = j["scenarios"][0];
  EXPECT_EQ(s["name"], "one more courtroom");
  EXPECT_TRUE(is_measure(s["delta"]["system"]["mean_time_in_system_days"]));
  EXPECT_TRUE(is_measure(s["delta"]["system"]["wip_end"]));
  ASSERT_EQ(s["delta"]["stages"].size(), 3u);
  for (const Json& stage : s["delta"]["stages"]) {
    EXPECT_TRUE(stage["id"].is_string());
    EXPECT_TRUE(is_measure(stage["wip_end"])) << stage;
  }
  EXPECT_EQ(s["delta"]["stages"][1]["id"], "trial_list");
  EXPECT_TRUE(s["delta"]["stages"][0]["utilisation"].is_null());  // a pure delay
  // Extensions: what was run and with what.
  EXPECT_EQ(j["replications"], 10);  // the base model's
  EXPECT_EQ(j["seed"], 2024);
  EXPECT_EQ(s["description"], "A 21st server at the saturated trial list from day 0 (compare tests)");
  ASSERT_EQ(s["changes"].size(), 1u);
  EXPECT_EQ(s["changes"][0]["op"], "set_servers");
  EXPECT_EQ(s["changes"][0]["scenario"], "one more courtroom");
  EXPECT_TRUE(is_measure(j["base_levels"]["system"]["mean_time_in_system_days"]));
  EXPECT_TRUE(is_measure(s["levels"]["stages"][1]["utilisation"]));
  EXPECT_TRUE(s["unmatched"]["stages_only_in_base"].empty());
  EXPECT_TRUE(s["notes"].empty());
  const std::string text = read_file(out / "comparison.json");
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

TEST_F(CliCompare, AServerAtASaturatedStageCutsTimeInSystemWithANarrowerPairedInterval) {
  const fs::path out = scratch / "c";
  const Result r = compare({"compare_saturated.json", "compare_add_server.json"}, out, {"--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(read_file(out / "comparison.json"));
  const Json& s = j["scenarios"][0];
  const Json& base = j["base_levels"];
  const int n = j["replications"].get<int>();
  ASSERT_EQ(n, 10);
  const double t = 2.2621571627409915;  // Student t, 0.975, 9 degrees of freedom

  // The base list runs at about 0.95; the 21st server brings it down to about 0.90.
  EXPECT_GT(stage_of(base["stages"], "trial_list")["utilisation"]["mean"].get<double>(), 0.93);
  const Json& delta_time = s["delta"]["system"]["mean_time_in_system_days"];
  const Json& delta_wait = stage_of(s["delta"]["stages"], "trial_list")["mean_wait_days"];
  EXPECT_LT(hi(delta_time), 0.0) << delta_time;
  EXPECT_LT(hi(delta_wait), 0.0) << delta_wait;

  // Unpaired: the half-width t * sqrt(var_base + var_scenario) / sqrt(n), with each run's
  // variance read back from its own interval (half-width h = t * s / sqrt(n)).
  const auto unpaired = [&](const Json& base_level, const Json& scenario_level) {
    const double sb = half_width(base_level) * std::sqrt(n) / t;
    const double ss = half_width(scenario_level) * std::sqrt(n) / t;
    return t * std::sqrt(sb * sb + ss * ss) / std::sqrt(n);
  };
  const double unpaired_time =
      unpaired(base["system"]["mean_time_in_system_days"], s["levels"]["system"]["mean_time_in_system_days"]);
  EXPECT_LT(half_width(delta_time), 0.95 * unpaired_time);
  EXPECT_NEAR(s["crn"]["mean_time_in_system_days"]["unpaired_half_width"].get<double>(), unpaired_time,
              1e-9 * unpaired_time);
  EXPECT_NEAR(s["crn"]["mean_time_in_system_days"]["paired_half_width"].get<double>(), half_width(delta_time), 1e-12);
  const double unpaired_wip = unpaired(base["system"]["wip_end"], s["levels"]["system"]["wip_end"]);
  EXPECT_LT(half_width(s["delta"]["system"]["wip_end"]), 0.9 * unpaired_wip);
  const double unpaired_wait = unpaired(stage_of(base["stages"], "trial_list")["mean_wait_days"],
                                        stage_of(s["levels"]["stages"], "trial_list")["mean_wait_days"]);
  EXPECT_LT(half_width(delta_wait), 0.95 * unpaired_wait);
  // Arrivals are the same random numbers in both runs: the intake is untouched.
  EXPECT_EQ(s["delta"]["system"]["arrivals"]["mean"], 0.0);
  EXPECT_EQ(stage_of(s["delta"]["stages"], "intake")["wip_end"]["mean"], 0.0);
}

TEST_F(CliCompare, AnIdenticalCopyGivesExactlyZeroChanges) {
  write_file(scratch / "copy.json", read_file(data("compare_saturated.json")));
  const fs::path out = scratch / "c";
  const Result r = run_courtflow({"compare", data("compare_saturated.json"), (scratch / "copy.json").string(), "--out",
                                  out.string(), "--replications", "4", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(read_file(out / "comparison.json"));
  const Json& delta = j["scenarios"][0]["delta"];
  const auto zero = [](const Json& m, const std::string& what) {
    if (m.is_null()) return;  // utilisation at a pure delay
    ASSERT_TRUE(m["mean"].is_number()) << what;
    EXPECT_EQ(m["mean"].get<double>(), 0.0) << what;
    EXPECT_EQ(lo(m), 0.0) << what;
    EXPECT_EQ(hi(m), 0.0) << what;
  };
  for (const auto& item : delta["system"].items()) zero(item.value(), "system " + item.key());
  for (const Json& stage : delta["stages"]) {
    for (const auto& item : stage.items()) {
      if (item.key() != "id") zero(item.value(), stage["id"].get<std::string>() + " " + item.key());
    }
  }
  for (const auto& row : csv_rows(read_file(out / "comparison_timeseries.csv"))) {
    EXPECT_EQ(row.at("delta_mean"), "0") << row.at("stage") << " " << row.at("metric");
  }
}

TEST_F(CliCompare, TidyCsvsMatchTheJson) {
  const fs::path out = scratch / "c";
  ASSERT_EQ(compare({"compare_saturated.json", "compare_add_server.json"}, out, {"--quiet"}).exit_code, 0);
  const std::string csv = read_file(out / "comparison.csv");
  EXPECT_EQ(lines_of(csv)[0],
            "scenario,stage,measure,base_mean,scenario_mean,delta_mean,delta_lo,delta_hi,base_lo,base_hi,"
            "scenario_lo,scenario_hi,unpaired_half_width");
  const auto rows = csv_rows(csv);
  // System: 5 measures; pure delays: 8 each; the trial list: 9 (with utilisation).
  EXPECT_EQ(rows.size(), 5u + 8 + 9 + 8);
  const Json j = Json::parse(read_file(out / "comparison.json"));
  const Json& d = j["scenarios"][0]["delta"];
  bool seen = false;
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("scenario"), "one more courtroom");
    if (row.at("stage") == "system" && row.at("measure") == "mean_time_in_system_days") {
      seen = true;
      EXPECT_NEAR(std::stod(row.at("delta_mean")), d["system"]["mean_time_in_system_days"]["mean"].get<double>(), 1e-8);
      EXPECT_NEAR(std::stod(row.at("delta_hi")), hi(d["system"]["mean_time_in_system_days"]), 1e-8);
    }
  }
  EXPECT_TRUE(seen);
  const auto period_lines = lines_of(read_file(out / "comparison_timeseries.csv"));
  EXPECT_EQ(period_lines[0],
            "period_end_day,period_end_date,scenario,stage,metric,base_mean,scenario_mean,delta_mean,delta_lo,delta_hi");
  // 1200-day horizon without a start date: 91-day blocks from day 0 after the 200-day warm-up
  // (273, ..., 1183, then 1200): 12 ends x (3 stages + system) x (wip, waiting,
  // wip_over_365_days, completions).
  EXPECT_EQ(period_lines.size(), 1u + 12 * 4 * 4);
  EXPECT_EQ(period_lines[1].rfind("273,,one more courtroom,intake,wip,", 0), 0u) << period_lines[1];
  EXPECT_EQ(period_lines.back().rfind("1200,,one more courtroom,system,completions,", 0), 0u) << period_lines.back();
}

TEST_F(CliCompare, TwoScenariosOfOneNameAreBadInput) {
  // The copy names its base by absolute path, since it lives elsewhere.
  std::string copy = read_file(data("compare_add_server.json"));
  const std::string base_key = "\"base\": \"compare_saturated.json\"";
  ASSERT_NE(copy.find(base_key), std::string::npos);
  copy.replace(copy.find(base_key), base_key.size(), "\"base\": \"" + data("compare_saturated.json") + "\"");
  write_file(scratch / "copy.json", copy);
  const fs::path out = scratch / "c";
  const Result r = run_courtflow({"compare", data("compare_saturated.json"), data("compare_add_server.json"),
                                  (scratch / "copy.json").string(), "--out", out.string(), "--quiet"});
  EXPECT_EQ(r.exit_code, 2);
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("copy.json: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is also the name of " + data("compare_add_server.json")), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliCompare, SameSeedIsByteIdenticalWhateverTheThreadCount) {
  const std::vector<std::string> files{"compare_saturated.json", "compare_add_server.json", "compare_saturated.json"};
  ASSERT_EQ(compare(files, scratch / "t1", {"--quiet", "--threads", "1", "--replications", "5"}).exit_code, 0);
  ASSERT_EQ(compare(files, scratch / "t2", {"--quiet", "--threads", "2", "--replications", "5"}).exit_code, 0);
  for (const char* name : {"comparison.json", "comparison.csv", "comparison_timeseries.csv"}) {
    EXPECT_EQ(read_file(scratch / "t1" / name), read_file(scratch / "t2" / name)) << name;
  }
  const Json j = Json::parse(read_file(scratch / "t1" / "comparison.json"));
  EXPECT_EQ(j["scenarios"].size(), 2u);
  EXPECT_EQ(j["replications"], 5);
}

TEST_F(CliCompare, SeedAndOverOptionsApplyToEveryRun) {
  const fs::path out = scratch / "c";
  const Result r = compare({"compare_saturated.json", "compare_add_server.json"}, out,
                           {"--quiet", "--seed", "7", "--replications", "3", "--over", "30", "--period", "300"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(read_file(out / "comparison.json"));
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["replications"], 3);
  EXPECT_EQ(j["provenance"]["age_threshold_days"], 30);
  const auto lines = lines_of(read_file(out / "comparison_timeseries.csv"));
  EXPECT_EQ(lines[1].rfind("300,,", 0), 0u) << lines[1];  // periods of 300 days: 300, 600, 900, 1200
  EXPECT_EQ(lines.size(), 1u + 4 * 4 * 4);
  EXPECT_EQ(lines[3].rfind("300,,one more courtroom,intake,wip_over_30_days,", 0), 0u) << lines[3];
}

TEST_F(CliCompare, StagesAreMatchedByIdAndTheDifferenceIsSaid) {
  const fs::path out = scratch / "c";
  const Result r = compare({"compare_saturated.json", "compare_renamed_stage.json"}, out, {"--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sentencing"), std::string::npos) << r.err;
  const Json j = Json::parse(read_file(out / "comparison.json"));
  const Json& s = j["scenarios"][0];
  ASSERT_EQ(s["delta"]["stages"].size(), 2u);
  EXPECT_EQ(s["delta"]["stages"][0]["id"], "intake");
  EXPECT_EQ(s["delta"]["stages"][1]["id"], "trial_list");
  EXPECT_EQ(s["unmatched"]["stages_only_in_base"], Json::array({"sentence"}));
  EXPECT_EQ(s["unmatched"]["stages_only_in_scenario"], Json::array({"sentencing"}));
  ASSERT_EQ(s["notes"].size(), 1u);
  // The same network under other names: with the same seed every pair is identical.
  EXPECT_EQ(s["delta"]["stages"][1]["wip_end"]["mean"], 0.0);
  EXPECT_EQ(s["delta"]["system"]["mean_time_in_system_days"]["mean"], 0.0);
}

TEST_F(CliCompare, PrintsAShortTable) {
  const Result r = compare({"compare_saturated.json", "compare_add_server.json"}, scratch / "c");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* word : {"base: saturated list", "paired by common random numbers", "seed 2024",
                           "one more courtroom against saturated list", "mean_time_in_system_days", "trial_list",
                           "utilisation", "comparison.json"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word << "\n" << r.out;
  }
}

TEST_F(CliCompare, BadInputIsExitTwoWithOneLineAndNothingWritten) {
  const fs::path out = scratch / "c";
  const std::vector<std::vector<std::string>> cases{
      {"compare_saturated.json"},                                // no scenario
      {"compare_saturated.json", "no_such_file.json"},           // missing file
      {"compare_saturated.json", "compare_bad_stage.json"},      // a change naming no stage
      {"no_such_file.json", "compare_add_server.json"},          // missing base
  };
  for (const auto& files : cases) {
    const Result r = compare(files, out, {"--quiet"});
    EXPECT_EQ(r.exit_code, 2) << files.back() << "\n" << r.err;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
    EXPECT_EQ(r.err.rfind("courtflow: error: ", 0), 0u) << r.err;
    EXPECT_FALSE(fs::exists(out)) << files.back();
  }
  EXPECT_NE(compare(cases[2], out).err.find("no_such_stage"), std::string::npos);
  for (const std::vector<std::string>& bad : {std::vector<std::string>{"--replications", "0"}, {"--over", "0"},
                                             {"--seed", "-1"}, {"--period", "fortnight"}}) {
    const Result r = compare({"compare_saturated.json", "compare_add_server.json"}, out, bad);
    EXPECT_EQ(r.exit_code, 2) << bad[0];
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
    EXPECT_FALSE(fs::exists(out)) << bad[0];
  }
  // An output directory in use is refused before anything runs.
  fs::create_directories(out);
  write_file(out / "keep.txt", "mine");
  const Result r = compare({"compare_saturated.json", "compare_add_server.json"}, out, {"--quiet"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(read_file(out / "keep.txt"), "mine");
  EXPECT_FALSE(fs::exists(out / "comparison.json"));
}

}  // namespace
}  // namespace courtflow::cli::testing

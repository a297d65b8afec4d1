// `courtflow run`: summary.json with every contract key, timeseries.csv with its header and
// row count, reproducibility across thread counts and seeds, atomic and refused --out,
// budgets, and the human summary on stdout.
#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// summary.json without its one clock-dependent line.
std::string without_wall_seconds(const std::string& text) {
  return std::regex_replace(text, std::regex(R"(\n *"wall_seconds": [^\n]*)"), "");
}

bool is_measure(const Json& m) {
  return m.is_object() && m.size() == 2 && m.contains("mean") && m.contains("ci95") &&
         (m["mean"].is_number() || m["mean"].is_null()) &&
         (m["ci95"].is_null() || (m["ci95"].is_array() && m["ci95"].size() == 2));
}

class CliRun : public CliTest {
 protected:
  Result run(const std::string& model, const fs::path& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"run", data(model), "--out", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_courtflow(args);
  }
};

TEST_F(CliRun, WritesSummaryWithEveryContractKey) {
  const fs::path out = scratch / "mm1";
  const Result r = run("mm1_dated.json", out, {"--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const Json j = Json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(j["model"], "mm1 dated");
  EXPECT_EQ(j["replications"], 4);  // from the model file
  EXPECT_EQ(j["seed"], 99);         // from the model file
  EXPECT_EQ(j["horizon_days"], 365);
  ASSERT_EQ(j["stages"].size(), 1u);
  const Json& desk = j["stages"][0];
  EXPECT_EQ(desk["id"], "desk");
  for (const char* key : {"utilisation", "mean_wait_days", "mean_queue_length", "throughput_per_day", "completed",
                          "abandoned", "wip_end"}) {
    EXPECT_TRUE(is_measure(desk[key])) << key << ": " << desk[key];
  }
  EXPECT_GT(desk["utilisation"]["mean"].get<double>(), 0.6);
  EXPECT_LT(desk["utilisation"]["mean"].get<double>(), 0.95);
  for (const char* key : {"mean_time_in_system_days", "completed", "wip_end"}) {
    EXPECT_TRUE(is_measure(j["system"][key])) << key;
  }
  ASSERT_TRUE(j["case_types"].is_array());
  for (const Json& type : j["case_types"]) {
    EXPECT_TRUE(type["id"].is_string());
    for (const char* key : {"mean_time_in_system_days", "completed", "abandoned"}) {
      EXPECT_TRUE(is_measure(type[key])) << key;
    }
  }
  EXPECT_EQ(j["bottleneck"]["stage"], "desk");
  EXPECT_TRUE(j["bottleneck"]["reason"].is_string());
  EXPECT_GT(j["performance"]["events"].get<std::uint64_t>(), 1000u);
  EXPECT_TRUE(j["performance"]["wall_seconds"].is_number());
  const std::string text = read_file(out / "summary.json");
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.substr(0, 4), "{\n  ");  // pretty, indent 2
}

TEST_F(CliRun, WritesTheTimeSeries) {
  const fs::path out = scratch / "mm1";
  ASSERT_EQ(run("mm1_dated.json", out, {"--quiet"}).exit_code, 0);
  const auto lines = lines_of(read_file(out / "timeseries.csv"));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "period_end_day,period_end_date,stage,metric,mean,p05,p50,p95");
  // 12 month ends x (1 stage + system) x the metrics; each period starts with the desk's wip.
  ASSERT_EQ((lines.size() - 1) % (12 * 2), 0u) << lines.size();
  const std::size_t metrics = (lines.size() - 1) / (12 * 2);
  EXPECT_GE(metrics, 5u);
  EXPECT_EQ(lines[1].rfind("31,2025-01-31,desk,wip,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[1 + 2 * metrics].rfind("59,2025-02-28,desk,wip,", 0), 0u) << lines[1 + 2 * metrics];
  EXPECT_EQ(lines.back().rfind("365,2025-12-31,system,", 0), 0u) << lines.back();
  for (const char* metric : {"wip", "waiting", "arrivals", "completions", "abandoned"}) {
    EXPECT_NE(read_file(out / "timeseries.csv").find(std::string(",system,") + metric + ","), std::string::npos);
  }
  // The system has no servers: its utilisation is empty, not a measured 0.
  for (const std::string& line : lines) {
    if (line.find(",system,utilisation,") != std::string::npos) {
      EXPECT_TRUE(line.ends_with(",utilisation,,,,")) << line;
    }
  }
}

TEST_F(CliRun, PeriodOptionAndUndatedModels) {
  const fs::path out = scratch / "two";
  const Result r = run("two_stage.json", out, {"--quiet", "--period", "50", "--replications", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(read_file(out / "timeseries.csv"));
  // Warm-up 20, horizon 200: ends 50, 100, 150, 200; 2 stages + system.
  ASSERT_EQ((lines.size() - 1) % (4 * 3), 0u) << lines.size();
  const std::size_t metrics = (lines.size() - 1) / (4 * 3);
  EXPECT_EQ(lines[1].rfind("50,,review,wip,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[1 + 3 * metrics].rfind("100,,review,wip,", 0), 0u) << lines[1 + 3 * metrics];
  EXPECT_EQ(lines.back().rfind("200,,system,", 0), 0u) << lines.back();
  const Json j = Json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(j["replications"], 3);
  EXPECT_EQ(j["seed"], 12345);  // documented default
  EXPECT_TRUE(j["stages"][1]["utilisation"].is_null());  // infinite stage
  EXPECT_EQ(j["case_types"].size(), 2u);
  EXPECT_EQ(j["case_types"][0]["id"], "urgent");
}

TEST_F(CliRun, SameSeedIsByteIdenticalWhateverTheThreadCount) {
  const Result a = run("two_stage.json", scratch / "t1", {"--quiet", "--threads", "1", "--replications", "6"});
  const Result b = run("two_stage.json", scratch / "t2", {"--quiet", "--threads", "2", "--replications", "6"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const std::string sa = read_file(scratch / "t1" / "summary.json");
  const std::string sb = read_file(scratch / "t2" / "summary.json");
  EXPECT_NE(sa.find("wall_seconds"), std::string::npos);
  EXPECT_EQ(without_wall_seconds(sa), without_wall_seconds(sb));
  EXPECT_EQ(read_file(scratch / "t1" / "timeseries.csv"), read_file(scratch / "t2" / "timeseries.csv"));
}

TEST_F(CliRun, DifferentSeedsDiffer) {
  ASSERT_EQ(run("mm1_dated.json", scratch / "a", {"--quiet", "--seed", "1"}).exit_code, 0);
  ASSERT_EQ(run("mm1_dated.json", scratch / "b", {"--quiet", "--seed", "1"}).exit_code, 0);
  ASSERT_EQ(run("mm1_dated.json", scratch / "c", {"--quiet", "--seed", "2"}).exit_code, 0);
  const std::string a = without_wall_seconds(read_file(scratch / "a" / "summary.json"));
  EXPECT_EQ(a, without_wall_seconds(read_file(scratch / "b" / "summary.json")));
  EXPECT_NE(a, without_wall_seconds(read_file(scratch / "c" / "summary.json")));
  EXPECT_EQ(Json::parse(read_file(scratch / "a" / "summary.json"))["seed"], 1);
}

TEST_F(CliRun, RefusesANonEmptyOutputDirectoryUnlessForced) {
  const fs::path out = scratch / "busy";
  fs::create_directories(out);
  write_file(out / "keep.txt", "precious");
  const Result r = run("mm1_dated.json", out, {"--quiet"});
  EXPECT_EQ(r.exit_code, 2);
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(out / "keep.txt"), "precious");
  EXPECT_FALSE(fs::exists(out / "summary.json"));

  const Result f = run("mm1_dated.json", out, {"--quiet", "--force"});
  EXPECT_EQ(f.exit_code, 0) << f.err;
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  EXPECT_FALSE(fs::exists(out / "keep.txt"));  // replaced, not merged
  for (const auto& entry : fs::directory_iterator(scratch)) EXPECT_EQ(entry.path(), out);
}

TEST_F(CliRun, ForceNeverReplacesADirectoryHoldingTheInputOrHome) {
  const fs::path dir = scratch / "work";
  fs::create_directories(dir);
  fs::copy_file(data("mm1_dated.json"), dir / "model.json");
  const Result r = run_courtflow({"run", (dir / "model.json").string(), "--out", dir.string(), "--force"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("holds the input"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir / "model.json"));

  const fs::path home = scratch / "home";
  fs::create_directories(home / "documents");
  const Result h = run_courtflow({"run", data("mm1_dated.json"), "--out", home.string(), "--force"},
                                 {{"HOME", home.string()}});
  EXPECT_EQ(h.exit_code, 2);
  EXPECT_NE(h.err.find("refusing to replace"), std::string::npos) << h.err;
  EXPECT_TRUE(fs::exists(home / "documents"));
}

TEST_F(CliRun, AcceptsAnEmptyOutputDirectoryAndCreatesParents) {
  fs::create_directories(scratch / "empty");
  EXPECT_EQ(run("mm1_dated.json", scratch / "empty", {"--quiet"}).exit_code, 0);
  EXPECT_TRUE(fs::exists(scratch / "empty" / "summary.json"));
  EXPECT_EQ(run("mm1_dated.json", scratch / "a" / "b" / "c", {"--quiet"}).exit_code, 0);
  EXPECT_TRUE(fs::exists(scratch / "a" / "b" / "c" / "timeseries.csv"));
}

TEST_F(CliRun, OutputThatIsAFileIsRefused) {
  write_file(scratch / "file", "x");
  const Result r = run("mm1_dated.json", scratch / "file", {"--quiet"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
}

TEST_F(CliRun, InvalidModelWritesNothing) {
  const fs::path out = scratch / "never";
  const Result r = run("bad_reference.json", out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_GE(lines_of(r.err).size(), 2u) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::is_empty(scratch));
}

TEST_F(CliRun, RunawayModelStopsAtTheEventBudget) {
  const fs::path out = scratch / "runaway";
  const Result r = run("unstable.json", out, {"--max-events", "10000", "--replications", "2"});
  EXPECT_EQ(r.exit_code, 2);
  const auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_NE(lines[0].find("--max-events"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("unstable.json"), std::string::npos) << lines[0];
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::is_empty(scratch));
}

TEST_F(CliRun, NoCapacityLimitedStageMeansNoBottleneck) {
  const fs::path out = scratch / "delays";
  ASSERT_EQ(run("delays_only.json", out, {"--quiet", "--replications", "2"}).exit_code, 0);
  const Json j = Json::parse(read_file(out / "summary.json"));
  EXPECT_TRUE(j["bottleneck"]["stage"].is_null());
  EXPECT_EQ(j["bottleneck"]["reason"], "no capacity-limited stage");
  for (const Json& stage : j["stages"]) EXPECT_TRUE(stage["utilisation"].is_null());
}

TEST_F(CliRun, PrintsAShortHumanSummary) {
  const Result r = run("mm1_dated.json", scratch / "h");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* word : {"mm1 dated", "replications: 4", "seed 99", "events/s", "bottleneck: desk", "system"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word << "\n" << r.out;
  }
  EXPECT_EQ(r.err, "");  // stderr is not a terminal here: no progress line
  EXPECT_EQ(run("mm1_dated.json", scratch / "q", {"--quiet"}).out, "");
}

TEST_F(CliRun, OverSetsTheAgeThresholdOfTheBacklogSeries) {
  const fs::path out = scratch / "over";
  const Result r = run("two_stage.json", out, {"--quiet", "--replications", "2", "--over", "30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = read_file(out / "timeseries.csv");
  for (const char* metric : {",review,wip_over_30_days,", ",review,share_over_30_days,", ",review,clearance_ratio,",
                             ",system,clearance_ratio,"}) {
    EXPECT_NE(csv.find(metric), std::string::npos) << metric;
  }
  EXPECT_EQ(csv.find("over_365"), std::string::npos);
  for (const char* bad : {"0", "-1", "abc", "1e3", "inf"}) {
    const Result b = run("two_stage.json", scratch / "bad", {"--over", bad});
    EXPECT_EQ(b.exit_code, 2) << bad;
    EXPECT_NE(b.err.find("--over"), std::string::npos) << b.err;
    EXPECT_FALSE(fs::exists(scratch / "bad"));
  }
}

TEST_F(CliRun, TargetReportsDaysToTargetPerStage) {
  const fs::path out = scratch / "target";
  const Result r = run("two_stage.json", out, {"--replications", "3", "--target", "1000", "--target", "review=0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("time to clear to the target"), std::string::npos) << r.out;
  const Json j = Json::parse(read_file(out / "summary.json"));
  // Everything is below 1000 cases from the first period end (day 30).
  const Json& wait = j["stages"][1];
  EXPECT_EQ(wait["target_wip"], 1000.0);
  EXPECT_EQ(wait["target_reached_share"], 1.0);
  EXPECT_EQ(wait["days_to_target"]["mean"], 30.0);
  EXPECT_EQ(j["system"]["target_wip"], 1000.0);
  // review=0 overrides the plain number for that stage.
  EXPECT_EQ(j["stages"][0]["target_wip"], 0.0);
  const double share = j["stages"][0]["target_reached_share"].get<double>();
  EXPECT_GE(share, 0.0);
  EXPECT_LE(share, 1.0);
  if (share == 0) {
    EXPECT_TRUE(j["stages"][0]["days_to_target"].is_null());
  }

  // --target-after: only period ends after day 100 (30-day blocks: 120, 150, ...) count.
  const Result later = run("two_stage.json", scratch / "later",
                           {"--quiet", "--replications", "3", "--target", "1000", "--target-after", "100"});
  ASSERT_EQ(later.exit_code, 0) << later.err;
  const Json k = Json::parse(read_file(scratch / "later" / "summary.json"));
  EXPECT_EQ(k["system"]["target_after_day"], 100.0);
  EXPECT_EQ(k["system"]["days_to_target"]["mean"], 120.0);

  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--target", "nowhere=5"}, {"--target", "-3"}, {"--target", "review="},
        {"--target", "=4"}, {"--target-after", "30"}, {"--target", "3", "--target-after", "-1"}}) {
    const Result b = run("two_stage.json", scratch / "bad", bad);
    EXPECT_EQ(b.exit_code, 2) << bad[1];
    EXPECT_NE(b.err.find("--target"), std::string::npos) << b.err;
    EXPECT_EQ(lines_of(b.err).size(), 1u) << b.err;
    EXPECT_FALSE(fs::exists(scratch / "bad"));
  }
}

TEST_F(CliRun, GroupsAreSummedIntoGroupsCsvSummaryAndTheTerminal) {
  const fs::path out = scratch / "g";
  const Result r = run("grouped.json", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // groups.csv: the time series' shape, per calendar month (a two-year horizon), wip and waiting.
  const auto lines = lines_of(read_file(out / "groups.csv"));
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "period_end_day,period_end_date,group,metric,mean,p05,p50,p95");
  EXPECT_EQ(lines.size(), 1u + 24 * 2) << "24 months x (wip, waiting)";
  EXPECT_EQ(lines[1].substr(0, 24), "31,2025-01-31,court,wip,");
  // The group's total at the horizon is the sum of its stages', replication by replication,
  // so its mean is the sum of the stage means.
  const Json j = Json::parse(read_file(out / "summary.json"));
  ASSERT_EQ(j["groups"].size(), 1u);
  EXPECT_EQ(j["groups"][0]["id"], "court");
  EXPECT_EQ(j["groups"][0]["stages"], Json::array({"listing", "hearing"}));
  const double sum = j["stages"][0]["wip_end"]["mean"].get<double>() + j["stages"][1]["wip_end"]["mean"].get<double>();
  EXPECT_NEAR(j["groups"][0]["wip_end"]["mean"].get<double>(), sum, 1e-9 * (1 + sum));
  // The last period's mean in groups.csv is the same total (the horizon is the last period end).
  const std::string last_wip = lines[lines.size() - 2];
  EXPECT_NE(last_wip.find(",court,wip,"), std::string::npos) << last_wip;
  // The terminal: one table for the group, a row per period end, with a 95% CI and a range.
  EXPECT_NE(r.out.find("open caseload, court (the whole court), cases at each period end:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2025-03-31"), std::string::npos);
  EXPECT_NE(r.out.find("2026-12-31"), std::string::npos);
  EXPECT_NE(r.out.find("groups.csv"), std::string::npos);
}

TEST_F(CliRun, ShowPrintsAnyStageGroupOrTheSystem) {
  const Result r = run("grouped.json", scratch / "s", {"--show", "hearing", "--show", "system"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("open caseload, hearing, cases"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("open caseload, system, cases"), std::string::npos);
  EXPECT_EQ(r.out.find("open caseload, court"), std::string::npos) << "--show replaces the default";
  const Result bad = run("grouped.json", scratch / "bad", {"--show", "hearng"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(lines_of(bad.err).size(), 1u) << bad.err;
  EXPECT_NE(bad.err.find("--show hearng: no group or stage \"hearng\""), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(scratch / "bad"));
}

TEST_F(CliRun, NoGroupsNoGroupsCsv) {
  const fs::path out = scratch / "m";
  ASSERT_EQ(run("mm1_dated.json", out, {"--quiet"}).exit_code, 0);
  EXPECT_FALSE(fs::exists(out / "groups.csv"));
  EXPECT_FALSE(Json::parse(read_file(out / "summary.json")).contains("groups"));
}

TEST_F(CliRun, TooManyPeriodsIsBadUsage) {
  const Result r = run("unstable.json", scratch / "p", {"--period", "0.001"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--period"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace courtflow::cli::testing

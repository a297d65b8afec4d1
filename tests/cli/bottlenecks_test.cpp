// `courtflow bottlenecks`: bottlenecks.json with the contract keys (ranking worst first with
// a numeric utilisation and a reason; marginal with {"mean", "ci95"} deltas) and the CSV
// beside it, the planted bottleneck named first, byte-identical files at 1 and 2 threads,
// --add and --stages, and bad input (model, options, --out) refused with exit 2 and nothing
// written.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

bool is_measure(const Json& m) {
  return m.is_object() && m.contains("mean") && m.contains("ci95") && m["mean"].is_number() &&
         m["ci95"].is_array() && m["ci95"].size() == 2;
}

class CliBottlenecks : public CliTest {
 protected:
  Result run(const std::string& model, const fs::path& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"bottlenecks", data(model), "--out", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_courtflow(args);
  }
};

TEST_F(CliBottlenecks, WritesTheContractKeysWithThePlantedBottleneckFirst) {
  const fs::path out = scratch / "bn";
  const Result r = run("planted_bottleneck.json", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string text = read_file(out / "bottlenecks.json");
  const Json j = Json::parse(text);
  ASSERT_TRUE(j["ranking"].is_array());
  ASSERT_EQ(j["ranking"].size(), 3u);  // the statutory wait never ranks
  EXPECT_EQ(j["ranking"][0]["stage"], "hearing");
  for (const Json& e : j["ranking"]) {
    EXPECT_TRUE(e["stage"].is_string());
    EXPECT_TRUE(e["utilisation"].is_number());
    EXPECT_TRUE(e["reason"].is_string());
    EXPECT_NE(e["stage"], "statutory_wait");
  }
  EXPECT_GE(j["ranking"][0]["utilisation"].get<double>(), j["ranking"][1]["utilisation"].get<double>());
  ASSERT_TRUE(j["marginal"].is_array());
  ASSERT_EQ(j["marginal"].size(), 3u);
  for (const Json& e : j["marginal"]) {
    EXPECT_TRUE(e["stage"].is_string());
    EXPECT_EQ(e["added_servers"], 1);
    EXPECT_TRUE(is_measure(e["delta_mean_time_in_system_days"])) << e;
    EXPECT_TRUE(is_measure(e["delta_wip_end"])) << e;
  }
  EXPECT_EQ(j["marginal"][0]["stage"], "hearing");
  EXPECT_EQ(j["model"], "planted bottleneck");
  EXPECT_EQ(j["replications"], 4);  // from the model file
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["ledger"].size(), 4u);
  EXPECT_EQ(j["analytic"]["binding_stage"], "hearing");
  EXPECT_EQ(j["by_period"][0]["period_end_date"], "2024-12-31");  // calendar quarters (horizon over 730 days)
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
  const auto csv = lines_of(read_file(out / "bottlenecks.csv"));
  ASSERT_FALSE(csv.empty());
  EXPECT_EQ(csv[0], "section,stage,period_end_day,period_end_date,measure,mean,ci95_lo,ci95_hi");

  // Stdout: the ranking and the marginal table.
  EXPECT_NE(r.out.find("ranking, worst first"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  1     hearing"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("marginal value of capacity"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bottleneck by period: hearing in every period"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wrote "), std::string::npos);
}

TEST_F(CliBottlenecks, SameSeedIsByteIdenticalWhateverTheThreadCount) {
  ASSERT_EQ(run("planted_bottleneck.json", scratch / "t1", {"--threads", "1", "--quiet"}).exit_code, 0);
  ASSERT_EQ(run("planted_bottleneck.json", scratch / "t2", {"--threads", "2", "--quiet"}).exit_code, 0);
  for (const char* file : {"bottlenecks.json", "bottlenecks.csv"}) {
    const std::string a = read_file(scratch / "t1" / file);
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, read_file(scratch / "t2" / file)) << file;
  }
}

TEST_F(CliBottlenecks, AddAndStagesChooseWhatIsPriced) {
  const fs::path out = scratch / "bn";
  const Result r = run("planted_bottleneck.json", out,
                       {"--add", "50%", "--stages", "review,hearing", "--replications", "3", "--seed", "11", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  const Json j = Json::parse(read_file(out / "bottlenecks.json"));
  EXPECT_EQ(j["replications"], 3);
  EXPECT_EQ(j["seed"], 11);
  EXPECT_EQ(j["add"], "50%");
  ASSERT_EQ(j["marginal"].size(), 2u);
  for (const Json& e : j["marginal"]) {
    EXPECT_TRUE(e["stage"] == "review" || e["stage"] == "hearing") << e["stage"];
    EXPECT_EQ(e["added_servers"], e["stage"] == "hearing" ? 2 : 1);  // 50% of 3 and of 2, rounded up
  }
  EXPECT_EQ(j["ranking"].size(), 3u);  // the ranking still covers every capacity-limited stage
}

TEST_F(CliBottlenecks, ModelWithoutCapacityLimitsHasAnEmptyRanking) {
  const fs::path out = scratch / "bn";
  const Result r = run("delays_only.json", out, {"--replications", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(read_file(out / "bottlenecks.json"));
  EXPECT_TRUE(j["ranking"].empty());
  EXPECT_TRUE(j["marginal"].empty());
  EXPECT_NE(r.out.find("no capacity-limited stage"), std::string::npos) << r.out;
}

TEST_F(CliBottlenecks, BadModelExitsTwoAndWritesNothing) {
  const fs::path out = scratch / "bn";
  const Result r = run("bad_reference.json", out);
  EXPECT_EQ(r.exit_code, 2);
  const auto lines = lines_of(r.err);
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) EXPECT_EQ(line.rfind("courtflow: error: ", 0), 0u) << line;
  EXPECT_NE(r.err.find("bad_reference.json"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliBottlenecks, BadOptionsExitTwoWithOneLineAndWriteNothing) {
  const fs::path out = scratch / "bn";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--stages", "nowhere"}, "unknown stage 'nowhere'"},
      {{"--stages", "statutory_wait"}, "is a pure delay"},
      {{"--add", "0"}, "--add"},
      {{"--add", "ten%"}, "--add"},
      {{"--replications", "0"}, "--replications"},
  };
  for (const auto& [extra, expected] : cases) {
    const Result r = run("planted_bottleneck.json", out, extra);
    EXPECT_EQ(r.exit_code, 2) << extra[0] << ' ' << extra[1];
    const auto lines = lines_of(r.err);
    ASSERT_EQ(lines.size(), 1u) << r.err;
    EXPECT_NE(lines[0].find(expected), std::string::npos) << lines[0];
    EXPECT_FALSE(fs::exists(out));
  }
  const Result missing = run_courtflow({"bottlenecks", data("no_such_model.json"), "--out", out.string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(lines_of(missing.err).size(), 1u) << missing.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliBottlenecks, RefusesANonEmptyOutputDirectoryUnlessForced) {
  const fs::path out = scratch / "bn";
  fs::create_directories(out);
  write_file(out / "keep.txt", "mine");
  const Result r = run("planted_bottleneck.json", out, {"--quiet"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(fs::exists(out / "keep.txt"));
  EXPECT_FALSE(fs::exists(out / "bottlenecks.json"));
  ASSERT_EQ(run("planted_bottleneck.json", out, {"--quiet", "--force"}).exit_code, 0);
  EXPECT_TRUE(fs::exists(out / "bottlenecks.json"));
}

TEST_F(CliBottlenecks, HelpDescribesTheCommand) {
  const Result r = run_courtflow({"bottlenecks", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* text : {"--add", "--stages", "--replications", "--seed", "--threads", "--period", "--force",
                           "--quiet", "bottlenecks.json"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace courtflow::cli::testing

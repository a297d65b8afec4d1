// `courtflow sweep` end to end: the tidy sweep.csv (header, one row per point, stage and
// measure) and sweep.json, a point at the model's own value equal to `courtflow run` with the
// same seed, byte-identical outputs whatever --threads, and bad --vary specs or points (exit 2,
// one line on stderr, nothing written).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;

class SweepCli : public CliTest {};

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (const char c : line) {
    if (c == ',') {
      out.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  out.push_back(cell);
  return out;
}

TEST_F(SweepCli, WritesATidyCsvAndJsonWithOneRowPerPointStageAndMeasure) {
  const fs::path out = scratch / "sweep";
  const Result r = run_courtflow({"sweep", data("compare_saturated.json"), "--vary", "stages.trial_list.servers=20:22:1",
                                  "--vary", "routes[1].p=0.5:0.7:0.2", "--replications", "3", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("points: 6 x 3 replications"), std::string::npos) << r.out;
  const std::vector<std::string> lines = lines_of(read_file(out / "sweep.csv"));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "point,stages.trial_list.servers,routes[1].p,stage,measure,mean,ci_lo,ci_hi");
  // 6 points x (3 stages x 7 measures + 4 system measures).
  EXPECT_EQ(lines.size(), 1U + 6U * (3 * 7 + 4));
  const std::vector<std::string> first = cells(lines[1]);
  ASSERT_EQ(first.size(), 8U);
  EXPECT_EQ(first[0], "0");
  EXPECT_EQ(first[1], "20");
  EXPECT_EQ(first[2], "0.5");
  EXPECT_EQ(first[3], "intake");
  EXPECT_EQ(first[4], "utilisation");
  EXPECT_EQ(first[5], "");  // a pure delay has no utilisation
  const std::vector<std::string> last = cells(lines.back());
  EXPECT_EQ(last[0], "5");
  EXPECT_EQ(last[1], "22");
  EXPECT_EQ(last[2], "0.7");
  EXPECT_EQ(last[3], "system");
  EXPECT_EQ(last[4], "wip_end");
  EXPECT_LE(std::stod(last[6]), std::stod(last[5]));
  EXPECT_LE(std::stod(last[5]), std::stod(last[7]));

  const Json sweep = Json::parse(read_file(out / "sweep.json"));
  EXPECT_EQ(sweep["replications"], 3);
  EXPECT_EQ(sweep["seed"], 2024);  // the model's
  ASSERT_EQ(sweep["axes"].size(), 2U);
  EXPECT_EQ(sweep["axes"][0]["path"], "stages.trial_list.servers");
  ASSERT_EQ(sweep["points"].size(), 6U);
  EXPECT_EQ(sweep["points"][4]["parameters"]["stages.trial_list.servers"], 22);
  EXPECT_EQ(sweep["points"][4]["parameters"]["routes[1].p"], 0.5);
  // More courtrooms, shorter trial-list waits: the sweep moves what it should.
  const auto wait = [&](int point) {
    return sweep["points"][point]["stages"][1]["mean_wait_days"]["mean"].get<double>();
  };
  EXPECT_GT(wait(0), wait(4));
}

TEST_F(SweepCli, PointAtTheModelsValueEqualsRunWithTheSameSeedAndThreadsDoNotMatter) {
  const fs::path one = scratch / "one";
  const fs::path two = scratch / "two";
  const fs::path run = scratch / "run";
  const std::vector<std::string> common{"sweep", data("compare_saturated.json"), "--vary",
                                        "stages.trial_list.servers=19:21:2", "--replications", "4", "--seed", "7"};
  std::vector<std::string> a = common;
  a.insert(a.end(), {"--threads", "1", "--out", one.string()});
  std::vector<std::string> b = common;
  b.insert(b.end(), {"--threads", "2", "--out", two.string()});
  ASSERT_EQ(run_courtflow(a).exit_code, 0);
  ASSERT_EQ(run_courtflow(b).exit_code, 0);
  EXPECT_EQ(read_file(one / "sweep.csv"), read_file(two / "sweep.csv"));
  EXPECT_EQ(read_file(one / "sweep.json"), read_file(two / "sweep.json"));

  // The model has 20 courtrooms; 19:21:2 does not include it, 20:20:1 does.
  const fs::path at20 = scratch / "at20";
  ASSERT_EQ(run_courtflow({"sweep", data("compare_saturated.json"), "--vary", "stages.trial_list.servers=20:20:1",
                           "--replications", "4", "--seed", "7", "--out", at20.string()})
                .exit_code,
            0);
  ASSERT_EQ(run_courtflow({"run", data("compare_saturated.json"), "--replications", "4", "--seed", "7", "--quiet",
                           "--out", run.string()})
                .exit_code,
            0);
  const Json sweep = Json::parse(read_file(at20 / "sweep.json"));
  const Json summary = Json::parse(read_file(run / "summary.json"));
  const Json& point = sweep["points"][0];
  for (std::size_t s = 0; s < 3; ++s) {
    EXPECT_EQ(point["stages"][s]["id"], summary["stages"][s]["id"]);
    for (const char* m : {"mean_wait_days", "wip_end", "completed", "utilisation"}) {
      EXPECT_EQ(point["stages"][s][m], summary["stages"][s][m]) << s << " " << m;
    }
  }
  EXPECT_EQ(point["system"]["mean_time_in_system_days"], summary["system"]["mean_time_in_system_days"]);
  EXPECT_EQ(point["performance"]["events"], summary["performance"]["events"]);
}

TEST_F(SweepCli, SweepingServersOverAScheduleSaysTheScheduleGivesWay) {
  // compare_add_server sets trial_list's servers by a change: a swept count replaces it.
  const fs::path out = scratch / "sweep";
  const Result r = run_courtflow({"sweep", data("compare_add_server.json"), "--vary", "stages.trial_list.servers=20:21:1",
                                  "--replications", "2", "--out", out.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: " + data("compare_add_server.json") + ": --vary stages.trial_list.servers replaces "
                       "the capacity schedule of stages.trial_list for the whole run"),
            std::string::npos)
      << r.err;
  const Result plain = run_courtflow({"sweep", data("compare_saturated.json"), "--vary",
                                      "stages.trial_list.servers=20:21:1", "--replications", "2", "--out",
                                      (scratch / "plain").string(), "--quiet"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.err, "");
}

TEST_F(SweepCli, BadVarySpecsAndPointsExitTwoWithOneLineAndWriteNothing) {
  const struct {
    std::string vary;
    std::string says;
  } cases[] = {
      {"stages.trial_list.servers", "expected PATH=START:STOP:STEP"},
      {"stages.trial_list.servers=30:20:5", "below START"},
      {"stages.trial_list.servers=20:30:0", "STEP must be above 0"},
      {"stages.trial_list.servers=a:30:5", "START must be a number"},
      {"stages.trial_list.servers=1:1e9:1", "more than 10000"},
      {"stages.trail_list.servers=20:30:5", "no item with id \"trail_list\" in stages"},
      {"stages.intake.servers=1:3:1", "pure delay"},
      {"stages.trial_list.servers=20.5:21.5:1", "whole numbers"},
      {"stages.trial_list.service.dist=1:2:1", "not a number"},
      {"routes[9].p=0.1:0.2:0.1", "has 2 items"},
      {"seed=1:2:1", "run setting"},
      {"routes[1].p=0.8:1.2:0.2", "routes[1].p=1.2"},
  };
  for (const auto& c : cases) {
    const fs::path out = scratch / "never";
    const Result r = run_courtflow({"sweep", data("compare_saturated.json"), "--vary", c.vary, "--out", out.string()});
    EXPECT_EQ(r.exit_code, 2) << c.vary;
    EXPECT_EQ(lines_of(r.err).size(), 1U) << r.err;
    EXPECT_EQ(r.err.rfind("courtflow: error: --vary", 0), 0U) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.vary << " -> " << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.vary;
  }
  const Result missing = run_courtflow({"sweep", data("compare_saturated.json"), "--out", (scratch / "x").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--vary"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace courtflow::cli::testing

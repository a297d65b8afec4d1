// `mpirun -np N courtflow run|sweep|compare` end to end, with Debian's Open MPI on this one
// machine: the outputs are byte-identical to a single process's with the same seed (summary.json
// but for performance.wall_seconds), at 2 ranks and at 3 with a replication count 3 does not
// divide; a bad model gives one line on stderr and exit 2, once; a subcommand that does not
// share its runs prints once. Ranks are started as root without ssh (see kMpiEnvironment).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

namespace {
namespace fs = std::filesystem;
using courtflow::cli::testing::data;
using courtflow::cli::testing::read_file;
using courtflow::cli::testing::Result;
using courtflow::cli::testing::run_program;

// Open MPI in a sandbox: as root, more ranks than cores, shared memory between ranks on this
// machine only, no single-copy (ptrace) transfers, and no "helpful" banners (-q, below).
const std::map<std::string, std::string> kMpiEnvironment{
    {"OMPI_ALLOW_RUN_AS_ROOT", "1"},
    {"OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1"},
    {"OMPI_MCA_rmaps_base_oversubscribe", "1"},
    {"OMPI_MCA_btl", "self,vader"},
    {"OMPI_MCA_btl_vader_single_copy_mechanism", "none"},
};

// A scratch directory per test (CliTest), and courtflow run alone or under mpirun.
class MpiCli : public courtflow::cli::testing::CliTest {
 protected:
  Result courtflow(const std::vector<std::string>& args) {
    std::vector<std::string> argv{COURTFLOW_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, kMpiEnvironment);
  }
  Result mpirun(int ranks, const std::vector<std::string>& args) {
    std::vector<std::string> argv{MPIEXEC_EXE, "-q", "-np", std::to_string(ranks), "--oversubscribe",
                                  "--allow-run-as-root", COURTFLOW_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, kMpiEnvironment);
  }

  // Every file under `dir`, name -> contents, with the wall-clock time blanked.
  static std::map<std::string, std::string> outputs(const fs::path& dir) {
    static const std::regex wall(R"("wall_seconds": *[-0-9.eE+]+)");
    std::map<std::string, std::string> files;
    if (!fs::is_directory(dir)) return files;
    for (const auto& e : fs::directory_iterator(dir)) {
      files[e.path().filename().string()] = std::regex_replace(read_file(e.path()), wall, R"("wall_seconds": 0)");
    }
    return files;
  }

  // The subcommand (args with "{OUT}" for the folder) once as one process and once under
  // mpirun with `ranks`: the same files, byte for byte; returns the file names.
  std::vector<std::string> expect_same_outputs(int ranks, const std::vector<std::string>& args) {
    const auto with_out = [&](const std::string& tag) {
      std::vector<std::string> a;
      for (const std::string& s : args) a.push_back(s == "{OUT}" ? (scratch / tag).string() : s);
      return a;
    };
    const Result one = courtflow(with_out("one"));
    EXPECT_EQ(one.exit_code, 0) << one.err;
    const Result many = mpirun(ranks, with_out("many"));
    EXPECT_EQ(many.exit_code, 0) << many.err;
    EXPECT_EQ(many.err, "");
    const auto expected = outputs(scratch / "one");
    const auto got = outputs(scratch / "many");
    std::vector<std::string> names;
    for (const auto& [name, text] : expected) {
      names.push_back(name);
      const auto it = got.find(name);
      if (it == got.end()) {
        ADD_FAILURE() << name << " not written under mpirun -np " << ranks;
        continue;
      }
      EXPECT_TRUE(it->second == text) << name << " differs under mpirun -np " << ranks;
    }
    EXPECT_EQ(got.size(), expected.size());
    // Rank 0 alone printed: the same report as one process but for the time it took.
    static const std::regex time_line(R"(time: [^\n]*\n)");
    EXPECT_EQ(std::regex_replace(many.out, time_line, ""),
              std::regex_replace(std::regex_replace(one.out, time_line, ""), std::regex("/one\\b"), "/many"));
    return names;
  }
};

TEST_F(MpiCli, RunIsByteIdenticalAtTwoRanks) {
  const auto names = expect_same_outputs(
      2, {"run", data("grouped.json"), "--out", "{OUT}", "--replications", "5", "--seed", "7", "--quiet"});
  EXPECT_EQ(names, (std::vector<std::string>{"groups.csv", "summary.json", "timeseries.csv"}));
}

TEST_F(MpiCli, RunIsByteIdenticalAtThreeRanksWithSevenReplications) {
  const auto names =
      expect_same_outputs(3, {"run", data("two_stage.json"), "--out", "{OUT}", "--replications", "7", "--seed", "3"});
  EXPECT_EQ(names, (std::vector<std::string>{"summary.json", "timeseries.csv"}));
}

TEST_F(MpiCli, SweepIsByteIdenticalAtTwoRanks) {
  const auto names = expect_same_outputs(2, {"sweep", data("grouped.json"), "--vary", "stages.hearing.servers=3:5:1",
                                             "--out", "{OUT}", "--replications", "3", "--seed", "9", "--quiet"});
  EXPECT_EQ(names, (std::vector<std::string>{"sweep.csv", "sweep.json"}));
}

TEST_F(MpiCli, CompareIsByteIdenticalAtThreeRanks) {
  const auto names = expect_same_outputs(3, {"compare", data("compare_saturated.json"), data("compare_add_server.json"),
                                             "--out", "{OUT}", "--replications", "4", "--quiet"});
  EXPECT_EQ(names, (std::vector<std::string>{"comparison.csv", "comparison.json", "comparison_timeseries.csv"}));
}

TEST_F(MpiCli, BadModelIsOneLineAndExitTwoOnce) {
  const fs::path model = scratch / "bad.json";
  std::ofstream(model) << R"({"courtflow": 1, "name": "bad", "horizon_days": -5, "stages": [], "arrivals": [], "routes": []})";
  const Result one = courtflow({"run", model.string(), "--out", (scratch / "out").string()});
  const Result many = mpirun(2, {"run", model.string(), "--out", (scratch / "out").string()});
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_EQ(many.exit_code, 2);
  EXPECT_EQ(many.err, one.err);  // the same message, printed once
  EXPECT_NE(many.err.find("courtflow: error: "), std::string::npos) << many.err;
  EXPECT_EQ(many.out, "");
  EXPECT_FALSE(fs::exists(scratch / "out"));
}

TEST_F(MpiCli, RunOverBudgetOnEveryRankIsReportedOnce) {
  const Result one = courtflow({"run", data("two_stage.json"), "--out", (scratch / "out").string(), "--max-events", "50"});
  const Result many =
      mpirun(3, {"run", data("two_stage.json"), "--out", (scratch / "out").string(), "--max-events", "50"});
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_EQ(many.exit_code, 2);
  // Which replication hits the budget first depends on scheduling, in one process too.
  static const std::regex where(R"(at day [0-9.]+ of replication [0-9]+)");
  const auto blanked = [](const std::string& text) { return std::regex_replace(text, where, "at day D of replication R"); };
  EXPECT_EQ(blanked(many.err), blanked(one.err));
  EXPECT_NE(many.err.find("event budget of 50 events exceeded"), std::string::npos) << many.err;
  EXPECT_EQ(std::count(many.err.begin(), many.err.end(), '\n'), 1) << many.err;
  EXPECT_FALSE(fs::exists(scratch / "out"));
}

TEST_F(MpiCli, SubcommandThatSimulatesWithoutSharingRunsWholeOnRankZero) {
  // bottlenecks simulates through the same functions as run, but does not share its runs: rank
  // 0 runs them all and the other ranks wait for it, rather than for a gather.
  expect_same_outputs(2, {"bottlenecks", data("planted_bottleneck.json"), "--out", "{OUT}", "--replications", "2",
                          "--quiet"});
}

TEST_F(MpiCli, SubcommandThatDoesNotShareRunsPrintsOnce) {
  const Result one = courtflow({"validate", data("two_stage.json")});
  const Result many = mpirun(2, {"validate", data("two_stage.json")});
  EXPECT_EQ(one.exit_code, 0);
  EXPECT_EQ(many.exit_code, 0);
  EXPECT_EQ(many.out, one.out);
  EXPECT_EQ(many.err, one.err);
}

}  // namespace

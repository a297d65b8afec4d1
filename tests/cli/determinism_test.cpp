// The same inputs and seed give byte-identical outputs: for run, compare, bottlenecks,
// calibrate, fit and backtest, every file written is compared byte for byte between a run with
// one thread, a run with two, and a second run with two. The one documented exception is
// summary.json's performance.wall_seconds (how long this run took), which is blanked before
// comparing; nothing else may differ. Subcommands without --threads (calibrate, fit) are
// compared across runs only.
#include <filesystem>
#include <map>
#include <regex>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;

struct Subcommand {
  std::string name;
  /// Arguments; "{OUT}" is replaced by the output path (a folder, or a file for calibrate and
  /// fit), "{REPORT}" by calibrate's report folder, "{LOG}" by the simulated event log.
  std::vector<std::string> args;
  bool has_threads = true;
};

void PrintTo(const Subcommand& s, std::ostream* os) { *os << s.name; }

std::string src(const std::string& path) { return std::string(COURTFLOW_SOURCE_DIR) + "/" + path; }

const std::string kSeries = src("tests/data/series/crown_court_onecrown.csv");
const std::string kSeriesModel = src("models/series/crown_court.json");

/// Every file under `root` (or `root` itself when it is a file), relative name -> contents,
/// with the wall-clock time blanked.
std::map<std::string, std::string> outputs(const fs::path& root) {
  static const std::regex wall(R"("wall_seconds": *[-0-9.eE+]+)");
  std::map<std::string, std::string> files;
  const auto add = [&](const fs::path& file, const std::string& name) {
    files[name] = std::regex_replace(read_file(file), wall, R"("wall_seconds": 0)");
  };
  if (fs::is_regular_file(root)) {
    add(root, "(the output file)");
  } else if (fs::is_directory(root)) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (e.is_regular_file()) add(e.path(), fs::relative(e.path(), root).string());
    }
  }
  return files;
}

class Determinism : public CliTest, public ::testing::WithParamInterface<Subcommand> {
 protected:
  /// Runs the subcommand into `tag` with `threads` (0: no --threads) and returns its outputs.
  std::map<std::string, std::string> run_into(const std::string& tag, int threads) {
    const Subcommand& s = GetParam();
    const fs::path out = scratch / tag;
    std::vector<std::string> args;
    for (const std::string& a : s.args) {
      if (a == "{OUT}") {
        args.push_back(out.string());
      } else if (a == "{REPORT}") {
        args.push_back((scratch / (tag + ".report")).string());
      } else if (a == "{LOG}") {
        args.push_back((scratch / "log.csv").string());
      } else {
        args.push_back(a);
      }
    }
    if (threads > 0) args.insert(args.end(), {"--threads", std::to_string(threads)});
    const Result r = run_courtflow(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, std::string> files = outputs(out);
    for (auto& [name, text] : outputs(scratch / (tag + ".report"))) files["report/" + name] = text;
    EXPECT_FALSE(files.empty()) << s.name << " wrote nothing";
    return files;
  }
};

TEST_P(Determinism, ByteIdenticalAcrossThreadCountsAndRuns) {
  const Subcommand& s = GetParam();
  if (s.name == "calibrate") {
    // A log simulated from a small model with a fixed seed (the same bytes every time).
    const Result r = run_courtflow({"run", data("two_stage.json"), "--out", (scratch / "sim").string(), "--event-log",
                                    (scratch / "log.csv").string(), "--replications", "1", "--seed", "3", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto first = run_into("a", s.has_threads ? 1 : 0);
  const auto second = run_into("b", s.has_threads ? 2 : 0);
  const auto third = run_into("c", s.has_threads ? 2 : 0);
  ASSERT_EQ(first.size(), second.size());
  for (const auto& [name, text] : first) {
    ASSERT_TRUE(second.count(name)) << name;
    EXPECT_TRUE(text == second.at(name)) << s.name << ": " << name << " differs between --threads 1 and 2";
    EXPECT_TRUE(text == third.at(name)) << s.name << ": " << name << " differs between two identical runs";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Subcommands, Determinism,
    ::testing::Values(
        Subcommand{"run",
                   {"run", data("two_stage.json"), "--out", "{OUT}", "--replications", "6", "--seed", "7", "--quiet"}},
        Subcommand{"compare",
                   {"compare", data("compare_saturated.json"), data("compare_add_server.json"), "--out", "{OUT}",
                    "--replications", "4", "--quiet"}},
        Subcommand{"bottlenecks",
                   {"bottlenecks", data("planted_bottleneck.json"), "--out", "{OUT}", "--replications", "4", "--quiet"}},
        Subcommand{"calibrate",
                   {"calibrate", "--events", "{LOG}", "--out", "{OUT}", "--report", "{REPORT}", "--quiet",
                    "--validation-replications", "2"},
                   false},
        Subcommand{"fit",
                   {"fit", "--series", kSeries, "--model", kSeriesModel, "--until", "2024-09-30", "--out", "{OUT}",
                    "--periods", "4", "--draws", "50", "--quiet"},
                   false},
        Subcommand{"backtest",
                   {"backtest", "--series", kSeries, "--model", kSeriesModel, "--split", "2019-12-31", "--periods", "4",
                    "--replications", "6", "--draws", "50", "--out", "{OUT}", "--quiet"}}),
    [](const ::testing::TestParamInfo<Subcommand>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace courtflow::cli::testing

// The courtflow command line outside `run`: help and version, usage errors (exit 2 with one
// line on stderr), validate on good and bad models (including every tests/data/invalid
// fixture with its .expected message), and graph as dot and svg.
#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;

// Exit 2, exactly one line on stderr in the error shape, nothing on stdout.
void expect_usage_error(const Result& r, const std::string& fragment = "") {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  const auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_EQ(lines[0].rfind("courtflow: error: ", 0), 0u) << lines[0];
  if (!fragment.empty()) {
    EXPECT_NE(lines[0].find(fragment), std::string::npos) << lines[0];
  }
  EXPECT_EQ(r.out, "");
}

TEST(CliHelp, ListsTheSubcommands) {
  const Result r = run_courtflow({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  for (const char* word : {"run", "validate", "graph", "help", "--version", "Example"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
  }
}

TEST(CliHelp, VersionIsCourtflowXYZ) {
  const Result r = run_courtflow({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "courtflow 0.1.0\n");
}

TEST(CliHelp, HelpSubcommandIsTheSubcommandsHelp) {
  for (const char* command : {"run", "validate", "graph"}) {
    const Result a = run_courtflow({"help", command});
    const Result b = run_courtflow({command, "--help"});
    EXPECT_EQ(a.exit_code, 0);
    EXPECT_EQ(b.exit_code, 0);
    EXPECT_EQ(a.out, b.out) << command;
    EXPECT_NE(a.out.find("Example"), std::string::npos) << command;
    EXPECT_NE(a.out.find("courtflow " + std::string(command)), std::string::npos) << command;
  }
  EXPECT_EQ(run_courtflow({"help"}).out, run_courtflow({"--help"}).out);
}

TEST(CliHelp, RunHelpGivesUnitsAndDefaults) {
  const Result r = run_courtflow({"run", "--help"});
  for (const char* word : {"--out", "--replications", "--seed", "--threads", "--period", "--force", "--quiet",
                           "12345", "days"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
  }
}

TEST(CliUsage, NoSubcommandIsAnError) { expect_usage_error(run_courtflow({}), "subcommand"); }

TEST(CliUsage, UnknownSubcommandIsAnError) {
  expect_usage_error(run_courtflow({"frobnicate"}), "unknown subcommand 'frobnicate'");
  expect_usage_error(run_courtflow({"help", "frobnicate"}), "frobnicate");
}

TEST(CliUsage, UnknownOptionIsAnError) { expect_usage_error(run_courtflow({"--frob"})); }

TEST(CliUsage, MissingArgumentsAreErrors) {
  expect_usage_error(run_courtflow({"run"}), "run: ");
  expect_usage_error(run_courtflow({"run", data("mm1_dated.json")}), "--out");
  expect_usage_error(run_courtflow({"validate"}), "MODEL");
  expect_usage_error(run_courtflow({"graph"}), "MODEL");
}

TEST(CliUsage, BadOptionValuesAreErrors) {
  expect_usage_error(run_courtflow({"run", data("mm1_dated.json"), "--out", "x", "--replications", "0"}),
                     "--replications");
  expect_usage_error(run_courtflow({"run", data("mm1_dated.json"), "--out", "x", "--threads", "-1"}), "--threads");
  expect_usage_error(run_courtflow({"run", data("mm1_dated.json"), "--out", "x", "--seed", "abc"}), "--seed");
  expect_usage_error(run_courtflow({"run", data("mm1_dated.json"), "--out", "x", "--period", "weekly"}),
                     "weekly");
  expect_usage_error(run_courtflow({"graph", data("mm1_dated.json"), "--format", "png"}), "--format");
  expect_usage_error(run_courtflow({"validate", data("mm1_dated.json"), "--format", "xml"}), "--format");
  EXPECT_FALSE(fs::exists("x"));
}

TEST(CliValidate, SaysOkWithCounts) {
  const Result r = run_courtflow({"validate", data("mm1_dated.json")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, data("mm1_dated.json") + ": ok (1 stage, 0 routes, 1 arrival)\n");
  const Result two = run_courtflow({"validate", data("two_stage.json")});
  EXPECT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(two.out, data("two_stage.json") + ": ok (2 stages, 1 route, 2 arrivals)\n");
}

TEST(CliValidate, ListsEveryProblemOneLineEach) {
  const Result r = run_courtflow({"validate", data("bad_reference.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  const auto lines = lines_of(r.err);
  ASSERT_GE(lines.size(), 2u) << r.err;
  for (const std::string& line : lines) {
    EXPECT_EQ(line.rfind("courtflow: error: " + data("bad_reference.json") + ": ", 0), 0u) << line;
  }
  EXPECT_NE(r.err.find("nowhere"), std::string::npos) << r.err;
}

TEST(CliValidate, JsonFormat) {
  const Result ok = run_courtflow({"validate", data("two_stage.json"), "--format", "json"});
  EXPECT_EQ(ok.exit_code, 0);
  const auto j = nlohmann::json::parse(ok.out);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["stages"], 2);
  const Result bad = run_courtflow({"validate", data("bad_reference.json"), "--format", "json"});
  EXPECT_EQ(bad.exit_code, 2);
  const auto k = nlohmann::json::parse(bad.out);
  EXPECT_EQ(k["ok"], false);
  EXPECT_GE(k["diagnostics"].size(), 2u);
  EXPECT_EQ(k["diagnostics"][0]["severity"], "error");
}

TEST(CliValidate, MissingFileIsBadInput) {
  const Result r = run_courtflow({"validate", "/nonexistent/model.json"});
  expect_usage_error(r, "/nonexistent/model.json");
}

TEST_F(CliTest, NotJsonIsBadInputWithALine) {
  write_file(scratch / "broken.json", "{\n  \"courtflow\": 1,\n  \"name\": \n}\n");
  const Result r = run_courtflow({"validate", (scratch / "broken.json").string()});
  expect_usage_error(r, "broken.json");
  EXPECT_NE(r.err.find("line"), std::string::npos) << r.err;
}

// Each tests/data/invalid/NAME.json (the models engineer's fixtures) must be refused by
// validate and by run with exit 2, stderr holding the message in NAME.expected, and run must
// leave no output directory behind.
TEST_F(CliTest, EveryInvalidFixtureIsRefusedWithItsMessage) {
  const fs::path dir = fs::path(COURTFLOW_SOURCE_DIR) / "tests" / "data" / "invalid";
  std::size_t checked = 0;
  if (fs::is_directory(dir)) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      SCOPED_TRACE(entry.path().string());
      const fs::path out = scratch / ("out-" + entry.path().stem().string());
      const Result v = run_courtflow({"validate", entry.path().string()});
      const Result r = run_courtflow({"run", entry.path().string(), "--out", out.string(), "--quiet"});
      for (const Result* res : {&v, &r}) {
        EXPECT_EQ(res->exit_code, 2) << res->err;
        EXPECT_FALSE(res->err.empty());
        for (const std::string& line : lines_of(res->err)) {
          EXPECT_TRUE(line.rfind("courtflow: error: ", 0) == 0 || line.rfind("courtflow: warning: ", 0) == 0)
              << line;
        }
      }
      EXPECT_FALSE(fs::exists(out));
      fs::path expected_file = entry.path();
      expected_file.replace_extension(".expected");
      if (fs::exists(expected_file)) {
        for (const std::string& expected : lines_of(read_file(expected_file))) {
          if (expected.empty()) continue;
          EXPECT_NE(v.err.find(expected), std::string::npos) << "expected: " << expected << "\ngot: " << v.err;
          EXPECT_NE(r.err.find(expected), std::string::npos) << "expected: " << expected << "\ngot: " << r.err;
        }
      }
      ++checked;
    }
  }
  if (checked == 0) GTEST_SKIP() << "no fixtures in " << dir;
  // Nothing half-written anywhere in the scratch directory.
  for (const auto& entry : fs::directory_iterator(scratch)) ADD_FAILURE() << "left behind: " << entry.path();
}

TEST(CliGraph, DotStartsWithDigraph) {
  const Result r = run_courtflow({"graph", data("two_stage.json")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("digraph", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("review"), std::string::npos);
  EXPECT_NE(r.out.find("statutory_wait"), std::string::npos);
}

TEST_F(CliTest, GraphWritesSvgWhenGraphvizIsThere) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) GTEST_SKIP() << "Graphviz dot not on PATH";
  const Result r = run_courtflow({"graph", data("two_stage.json"), "--format", "svg"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("<svg"), std::string::npos);
  EXPECT_NE(r.out.find("</svg>"), std::string::npos);
  const fs::path file = scratch / "g.svg";
  const Result f = run_courtflow({"graph", data("two_stage.json"), "--format", "svg", "--out", file.string()});
  EXPECT_EQ(f.exit_code, 0) << f.err;
  EXPECT_EQ(f.out, "");
  EXPECT_NE(read_file(file).find("<svg"), std::string::npos);
  const fs::path dot_file = scratch / "g.dot";
  EXPECT_EQ(run_courtflow({"graph", data("two_stage.json"), "--out", dot_file.string()}).exit_code, 0);
  EXPECT_EQ(read_file(dot_file).rfind("digraph", 0), 0u);
}

TEST(CliGraph, SvgWithoutGraphvizSaysWhatToInstall) {
  const Result r = run_courtflow({"graph", data("two_stage.json"), "--format", "svg"}, {{"PATH", "/nonexistent"}});
  EXPECT_EQ(r.exit_code, 1);
  const auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_NE(lines[0].find("svg output needs Graphviz's \"dot\" on PATH"), std::string::npos) << lines[0];
}

TEST(CliGraph, InvalidModelIsBadInput) {
  const Result r = run_courtflow({"graph", data("bad_reference.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
}

// --- Where outputs go and what inputs are ----------------------------------------------------
// An output that cannot be written is the user's input being wrong: exit 2 naming their path,
// found before any work (not after a long run, not naming an internal staging directory).

TEST_F(CliTest, AnOutputDirectoryThatCannotBeCreatedIsBadInputBeforeTheRun) {
  write_file(scratch / "afile", "x");
  const std::string out = (scratch / "afile" / "out").string();
  const Result r = run_courtflow({"run", data("two_stage.json"), "--out", out});
  expect_usage_error(r, out + ": cannot be created: ");
  EXPECT_NE(r.err.find("is not a directory"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("partial"), std::string::npos) << r.err;
  for (const auto& entry : fs::directory_iterator(scratch)) EXPECT_EQ(entry.path().filename(), "afile");
  expect_usage_error(run_courtflow({"bottlenecks", data("two_stage.json"), "--out", out}), "cannot be created");
  expect_usage_error(run_courtflow({"graph", data("two_stage.json"), "--out", out + "/g.dot"}), "no directory");
}

TEST_F(CliTest, ADanglingSymlinkOrAnEmptyPathAsOutputIsBadInputBeforeTheRun) {
  fs::create_symlink(scratch / "nowhere", scratch / "dangling");
  expect_usage_error(run_courtflow({"run", data("two_stage.json"), "--out", (scratch / "dangling").string()}),
                     "is a symbolic link to nothing");
  expect_usage_error(run_courtflow({"run", data("two_stage.json"), "--out", ""}), "the output path is empty");
}

TEST(CliValidate, ADeviceOrPipeIsReadOnlyUpToTheSizeCap) {
  // /dev/zero has no size to check beforehand; it must stop at the cap, not fill the memory.
  const Result r = run_courtflow({"validate", "/dev/zero"});
  expect_usage_error(r, "/dev/zero: file is too large for a model file (over 256 MiB)");
}

TEST_F(CliTest, ADirectoryGivenAsAnInputFileIsBadInput) {
  const std::string dir = scratch.string();
  expect_usage_error(run_courtflow({"calibrate", "--events", dir, "--out", (scratch / "m.json").string()}),
                     dir + ": cannot open: it is a directory, not a file");
  expect_usage_error(run_courtflow({"backtest", "--series", dir, "--model", data("two_stage.json"), "--split",
                                    "2020-01-01", "--out", (scratch / "bt").string()}),
                     dir + ": cannot open: it is a directory, not a file");
  EXPECT_FALSE(fs::exists(scratch / "m.json"));
  EXPECT_FALSE(fs::exists(scratch / "bt"));
}

TEST_F(CliTest, FitChecksBothOutputsBeforeWritingEither) {
  write_file(scratch / "afile", "x");
  const std::string series = std::string(COURTFLOW_SOURCE_DIR) + "/tests/data/series/crown_court_onecrown.csv";
  const std::string model = std::string(COURTFLOW_SOURCE_DIR) + "/models/series/crown_court.json";
  const fs::path fitted = scratch / "fitted.json";
  const Result r = run_courtflow({"fit", "--series", series, "--model", model, "--until", "2024-09-30", "--out",
                                  fitted.string(), "--report", (scratch / "afile" / "fit.json").string()});
  expect_usage_error(r, "--report ");
  EXPECT_FALSE(fs::exists(fitted)) << "the model was written although the report could not be";
}

TEST(CliUsage, EverySeedOptionRefusesANegativeSeed) {
  const std::string series = std::string(COURTFLOW_SOURCE_DIR) + "/tests/data/series/crown_court_onecrown.csv";
  const std::string model = std::string(COURTFLOW_SOURCE_DIR) + "/models/series/crown_court.json";
  expect_usage_error(run_courtflow({"fit", "--series", series, "--model", model, "--until", "2024-09-30", "--out",
                                    "/nonexistent/f.json", "--seed", "-1"}),
                     "--seed");
  expect_usage_error(run_courtflow({"backtest", "--series", series, "--model", model, "--split", "2024-09-30", "--out",
                                    "/nonexistent/bt", "--seed", "-1"}),
                     "--seed");
  expect_usage_error(run_courtflow({"calibrate", "--events", series, "--out", "/nonexistent/m.json", "--seed", "-1"}),
                     "--seed");
}

}  // namespace
}  // namespace courtflow::cli::testing

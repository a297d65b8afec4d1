// `courtflow fit` and `courtflow backtest` end to end, on the converted Crown Court series
// (tests/data/series, from shared/data/moj by scripts/series/moj_to_series.py) and the
// one-stage model models/series/crown_court.json: backtest.json with the contract's keys and
// a naive MAPE checked by hand, projection.csv, identical output at 1 and 2 threads, known
// receipts, a fitted model that `courtflow run` runs without a warning, and bad series or
// options (exit 2, one line on stderr, nothing written).
#include <cmath>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string src(const std::string& path) { return std::string(COURTFLOW_SOURCE_DIR) + "/" + path; }
const std::string kSeries = src("tests/data/series/crown_court_onecrown.csv");
const std::string kModel = src("models/series/crown_court.json");

std::vector<std::vector<std::string>> csv_cells(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : lines_of(text)) {
    std::vector<std::string> cells;
    std::stringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

class FitBacktestTest : public CliTest {};

TEST_F(FitBacktestTest, BacktestWritesTheContractKeysAndScoresTheNaiveBaselineByHand) {
  const fs::path out = scratch / "bt";
  const Result r = run_courtflow({"backtest", "--series", kSeries, "--model", kModel, "--split", "2019-12-31",
                                  "--periods", "4", "--replications", "8", "--threads", "2", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(read_file(out / "backtest.json"));
  EXPECT_EQ(j["split"], "2019-12-31");
  ASSERT_EQ(j["stages"].size(), 1u);  // crown_court_trials is no stage of the model
  const Json& s = j["stages"][0];
  EXPECT_EQ(s["stage"], "crown_court");
  EXPECT_EQ(s["periods"], 4);
  ASSERT_TRUE(s["mape"].is_number());
  // Open caseload at 2019-12-31: 38,016; then 40,862, 43,052, 51,220, 56,954 (One Crown).
  const double naive = 100.0 / 4 *
                       ((40862.0 - 38016) / 40862 + (43052.0 - 38016) / 43052 + (51220.0 - 38016) / 51220 +
                        (56954.0 - 38016) / 56954);
  EXPECT_NEAR(s["mape_naive"].get<double>(), naive, 1e-9);
  EXPECT_TRUE(s["mape_trend"].is_number());
  EXPECT_TRUE(s["coverage_90"].is_number());
  EXPECT_EQ(s["fit"]["until"], "2019-12-31");
  EXPECT_EQ(s["fit"]["fitted_periods"], 12);
  EXPECT_FALSE(s["flow_balance"].empty());  // One Crown does not add up exactly, and says so
  EXPECT_NE(r.err.find("warning: " + kSeries + ": stage \"crown_court\": outstanding does not follow"), std::string::npos);

  const auto rows = csv_cells(read_file(out / "projection.csv"));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0][0], "period_end");
  EXPECT_EQ(rows[0][4], "actual");
  EXPECT_EQ(rows[0][5], "mean");
  EXPECT_EQ(rows[1][0], "2020-03-31");
  EXPECT_EQ(rows[1][4], "40862");
  EXPECT_EQ(rows[1][9], "38016");  // naive
  EXPECT_EQ(rows[4][0], "2020-12-31");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_LE(std::stod(rows[i][6]), std::stod(rows[i][5]));  // p05 <= mean <= p95
    EXPECT_LE(std::stod(rows[i][5]), std::stod(rows[i][8]));
  }

  // The same seed gives the same files at one thread.
  const fs::path again = scratch / "bt1";
  ASSERT_EQ(run_courtflow({"backtest", "--series", kSeries, "--model", kModel, "--split", "2019-12-31", "--periods",
                           "4", "--replications", "8", "--threads", "1", "--out", again.string(), "--quiet"})
                .exit_code,
            0);
  EXPECT_EQ(read_file(again / "backtest.json"), read_file(out / "backtest.json"));
  EXPECT_EQ(read_file(again / "projection.csv"), read_file(out / "projection.csv"));
}

TEST_F(FitBacktestTest, KnownReceiptsFollowTheSeries) {
  const fs::path out = scratch / "known";
  const Result r = run_courtflow({"backtest", "--series", kSeries, "--model", kModel, "--split", "2021-12-31",
                                  "--periods", "3", "--replications", "8", "--known-receipts", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json::parse(read_file(out / "backtest.json"))["receipts"], "known");
  const auto rows = csv_cells(read_file(out / "projection.csv"));
  ASSERT_EQ(rows.size(), 4u);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    // Poisson arrivals at the actual rate: the mean of 8 replications is within 5 sd of it.
    const double actual = std::stod(rows[i][11]);
    const double mean = std::stod(rows[i][12]);
    EXPECT_LT(std::abs(mean - actual), 5 * std::sqrt(actual / 8)) << rows[i][0];
  }
}

TEST_F(FitBacktestTest, FitWritesAModelThatRunRunsWithoutWarnings) {
  const fs::path fitted = scratch / "fitted.json";
  const fs::path report = scratch / "fit.json";
  const Result r = run_courtflow({"fit", "--series", kSeries, "--model", kModel, "--until", "2024-09-30", "--out",
                                  fitted.string(), "--report", report.string(), "--periods", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json m = Json::parse(read_file(fitted));
  EXPECT_EQ(m["start_date"], "2024-10-01");
  EXPECT_EQ(m["initial_wip"][0]["count"], 73105);  // open caseload at 2024-09-30
  EXPECT_EQ(m["arrivals"][0]["schedule"].size(), 4u);
  EXPECT_EQ(m["horizon_days"], 365);  // 2024-10-01 to 2025-09-30
  const Json rep = Json::parse(read_file(report));
  EXPECT_EQ(rep["stages"][0]["stage"], "crown_court");
  const Json& level = rep["stages"][0]["receipts"]["level"];
  EXPECT_LE(level["ci95"][0].get<double>(), level["estimate"].get<double>());
  EXPECT_LE(level["estimate"].get<double>(), level["ci95"][1].get<double>());

  const Result run = run_courtflow({"run", fitted.string(), "--out", (scratch / "run").string(), "--replications",
                                    "2", "--quiet"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  // An existing output is not replaced without --force.
  const Result again = run_courtflow({"fit", "--series", kSeries, "--model", kModel, "--until", "2024-09-30", "--out",
                                      fitted.string(), "--quiet"});
  EXPECT_EQ(again.exit_code, 2);
}

TEST_F(FitBacktestTest, BadSeriesAndOptionsExit2WithOneLineAndWriteNothing) {
  const std::string h = "period_end,stage,receipts,disposals,outstanding\n";
  const std::string good = "2019-03-31,crown_court,10,10,100\n2019-06-30,crown_court,10,10,100\n"
                           "2019-09-30,crown_court,10,10,100\n2019-12-31,crown_court,10,10,100\n"
                           "2020-03-31,crown_court,10,10,100\n";
  struct Case {
    std::string name;
    std::string text;
    std::vector<std::string> extra;
    std::string message;  // expected after "courtflow: error: "
  };
  const std::vector<Case> cases{
      {"gap.csv", h + "2019-03-31,crown_court,1,1,1\n2019-06-30,crown_court,1,1,1\n2019-12-31,crown_court,1,1,1\n", {},
       "gap.csv: line 4: stage \"crown_court\": gap: no period ending 2019-09-30 between 2019-06-30 and 2019-12-31 (1 missing)"},
      {"dup.csv", h + good + "2019-06-30,crown_court,1,1,1\n", {},
       "dup.csv: line 7: duplicate period: stage \"crown_court\" already has a row for 2019-06-30 (line 3)"},
      {"negative.csv", h + "2019-03-31,crown_court,1,-1,1\n", {},
       "negative.csv: line 2, column disposals: must be a count >= 0 (got -1)"},
      {"split.csv", h + good, {"--split", "2019-11-30"},
       "split.csv: stage \"crown_court\": 2019-11-30 is not a period end of this stage (its periods end from "
       "2019-03-31 to 2020-03-31)"},
      {"after.csv", h + good, {"--split", "2020-03-31"}, "after.csv: no period after the split 2020-03-31 to score"},
      {"short.csv", h + good, {"--split", "2019-06-30"},
       "short.csv: stage \"crown_court\": only 2 period(s) to fit up to 2019-06-30 (needs at least 3; check --window and --exclude)"},
      {"other.csv", "period_end,stage,receipts,disposals,outstanding\n2019-03-31,x,1,1,1\n2019-06-30,x,1,1,1\n", {},
       "other.csv: no series stage (x) is a stage of " + kModel +
           " (crown_court); pair them with --stage MODEL_STAGE=SERIES_STAGE"},
      {"date.csv", h + good, {"--split", "31/12/2019"}, "--split: must be a date YYYY-MM-DD (got \"31/12/2019\")"},
  };
  for (const Case& c : cases) {
    const fs::path file = scratch / c.name;
    write_file(file, c.text);
    std::vector<std::string> args{"backtest", "--series", file.string(), "--model", kModel, "--out",
                                  (scratch / "out").string(), "--replications", "2"};
    bool has_split = false;
    for (const std::string& e : c.extra) has_split = has_split || e == "--split";
    if (!has_split) args.insert(args.end(), {"--split", "2019-12-31"});
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    const Result r = run_courtflow(args);
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.err;
    // Messages about the series name it as given (here an absolute path); option messages do not.
    const std::string prefix = c.message.rfind("--", 0) == 0 ? std::string() : scratch.string() + "/";
    EXPECT_EQ(r.err, "courtflow: error: " + prefix + c.message + "\n") << c.name;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << c.name << ": " << r.err;
    EXPECT_FALSE(fs::exists(scratch / "out")) << c.name;
  }
  // fit refuses the same bad file, writing nothing.
  const Result f = run_courtflow({"fit", "--series", (scratch / "gap.csv").string(), "--model", kModel, "--until",
                                  "2019-03-31", "--out", (scratch / "f.json").string()});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_EQ(lines_of(f.err).size(), 1u);
  EXPECT_FALSE(fs::exists(scratch / "f.json"));
}

}  // namespace
}  // namespace courtflow::cli::testing

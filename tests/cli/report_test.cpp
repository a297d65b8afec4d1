// `courtflow report` end to end, on a small dated court (tests/cli/report_test_data): every file
// is written (page, workbook, tidy CSVs, and the comparison.json and bottlenecks.json the
// numbers come from); the page has its sections in the issue's order, one chart per key
// stage, the diagram inlined and a policy that forbids every request; the same seed gives the
// same files whatever the thread count; --suppress-below hides small counts everywhere,
// charts included, as does a model fitted to case-level data by default; bad input exits 2 and a missing Vega exits 1, with nothing written. The
// page in a real browser is tests/cli/report_browser_test.py.
#include <cmath>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string report_data(const std::string& name) {
  return std::string(COURTFLOW_SOURCE_DIR) + "/tests/cli/report_test_data/" + name;
}

std::vector<std::string> report_args(const fs::path& out) {
  return {"report", report_data("court.json"), report_data("more_courtrooms.json"), report_data("fewer_relistings.json"),
          "--out", out.string(), "--quiet", "--date", "2026-01-15"};
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') {
      quoted = !quoted;
    } else if (ch == ',' && !quoted) {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += ch;
    }
  }
  cells.push_back(cell);
  return cells;
}

// The chart specs embedded in the page.
std::vector<Json> chart_specs(const std::string& html) {
  std::vector<Json> specs;
  const std::regex re(R"re(<script type="application/json" id="chart-\d+-spec">([^<]*)</script>)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it) {
    specs.push_back(Json::parse((*it)[1].str()));
  }
  return specs;
}

using ReportTest = CliTest;

TEST_F(ReportTest, WritesThePageTheWorkbookAndTidyTables) {
  const fs::path out = scratch / "report";
  const Result r = run_courtflow(report_args(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"report.html", "report.xlsx", "comparison.json", "bottlenecks.json", "report_headlines.csv",
                           "report_levels.csv", "report_caseload.csv", "report_bottlenecks.csv", "report_marginal.csv",
                           "report_levers.csv", "report_assumptions.csv"}) {
    EXPECT_TRUE(fs::exists(out / name)) << name;
  }

  const std::string html = read_file(out / "report.html");
  // The issue's order: headlines, charts, bottlenecks, diagram, marginal value, assumptions, method.
  std::size_t last = 0;
  for (const char* id : {"id=\"headlines\"", "id=\"caseload\"", "id=\"bottlenecks\"", "id=\"diagram\"",
                         "id=\"marginal\"", "id=\"assumptions\"", "id=\"method\""}) {
    const std::size_t at = html.find(id);
    ASSERT_NE(at, std::string::npos) << id;
    EXPECT_GT(at, last) << id << " out of order";
    last = at;
  }
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos) << "the stage diagram is not inlined";
  EXPECT_EQ(html.find("<!DOCTYPE svg"), std::string::npos) << "Graphviz's doctype names an external DTD";
  EXPECT_EQ(html.find("sourceMappingURL"), std::string::npos);
  EXPECT_NE(html.find("15 January 2026"), std::string::npos) << "--date is the report's date";

  // One chart per key series: the model's group, the bottlenecks worst first (both stages are
  // capacity-limited), then the system.
  const std::vector<Json> specs = chart_specs(html);
  ASSERT_EQ(specs.size(), 4u);
  for (const Json& spec : specs) {
    EXPECT_TRUE(spec.contains("description")) << "a chart without a text description";
    EXPECT_EQ(spec["axes"][1]["title"], "Open caseload (cases)");
    EXPECT_EQ(spec["scales"][2]["domain"].size(), 3u) << "base and two scenarios";
  }
  EXPECT_EQ(specs[0]["title"]["text"], "Open caseload: Court caseload");
  EXPECT_EQ(specs[1]["title"]["text"], "Open caseload: Trial list");
  EXPECT_EQ(specs.back()["title"]["text"], "Open caseload: whole system");

  // The levers table names both scenarios' changes with the base's values.
  const std::string levers = read_file(out / "report_levers.csv");
  EXPECT_NE(levers.find("more_courtrooms,scale_servers,trial_list,12 servers,x1.25 (15 servers),2025-04-01,2025-05-31"),
            std::string::npos)
      << levers;
  EXPECT_NE(levers.find("fewer_relistings,set_route,route trial_list -> trial_list,p = 0.1,p = 0.05"),
            std::string::npos)
      << levers;

  // Tidy levels: one row per run and key stage, numbers where numbers belong.
  const std::vector<std::string> lines = lines_of(read_file(out / "report_levels.csv"));
  ASSERT_EQ(lines.size(), 1u + 3 * 4);
  EXPECT_EQ(lines[0],
            "run,series,open_caseload_mean,open_caseload_lo95,open_caseload_hi95,p05,p95,change_mean,change_lo95,"
            "change_hi95");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = split_csv_line(lines[i]);
    ASSERT_EQ(cells.size(), 10u) << lines[i];
    EXPECT_NO_THROW((void)std::stod(cells[2])) << lines[i];
  }

  // The workbook is a zip holding seven sheets.
  const std::string xlsx = read_file(out / "report.xlsx");
  EXPECT_EQ(xlsx.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_NE(xlsx.find("xl/worksheets/sheet7.xml"), std::string::npos);
  EXPECT_EQ(xlsx.find("xl/worksheets/sheet8.xml"), std::string::npos);
}

TEST_F(ReportTest, SameSeedSameFilesWhateverTheThreads) {
  std::vector<std::string> one = report_args(scratch / "one");
  one.insert(one.end(), {"--threads", "1"});
  std::vector<std::string> two = report_args(scratch / "two");
  two.insert(two.end(), {"--threads", "2"});
  ASSERT_EQ(run_courtflow(one).exit_code, 0);
  ASSERT_EQ(run_courtflow(two).exit_code, 0);
  for (const char* name : {"report.html", "report_levels.csv", "report_caseload.csv", "report_marginal.csv"}) {
    EXPECT_EQ(read_file(scratch / "one" / name), read_file(scratch / "two" / name)) << name;
  }
}

TEST_F(ReportTest, SuppressBelowHidesSmallCountsEverywhere) {
  const fs::path out = scratch / "report";
  std::vector<std::string> args = report_args(out);
  args.insert(args.end(), {"--suppress-below", "50"});
  const Result r = run_courtflow(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // Counts in the tables: "<50", or at least 50 in size.
  int hidden = 0;
  const std::vector<std::string> lines = lines_of(read_file(out / "report_levels.csv"));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = split_csv_line(lines[i]);
    for (std::size_t c = 2; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;
      if (cells[c] == "<50") {
        ++hidden;
        continue;
      }
      EXPECT_GE(std::fabs(std::stod(cells[c])), 50) << lines[i];
    }
  }
  EXPECT_GT(hidden, 0) << "the small court's trial list ends with fewer than 50 cases open: some count must be hidden";

  // In the charts, a small count is left out (null), never drawn.
  const std::string html = read_file(out / "report.html");
  for (const Json& spec : chart_specs(html)) {
    for (const Json& point : spec["data"][0]["values"]) {
      for (const char* key : {"mean", "p05", "p95"}) {
        if (!point[key].is_null()) {
          EXPECT_GE(point[key].get<double>(), 50) << spec["title"]["text"];
        }
      }
    }
  }
  EXPECT_NE(html.find("&lt;50"), std::string::npos);
  EXPECT_NE(html.find("Counts below 50 are shown as"), std::string::npos);
}

TEST_F(ReportTest, ModelFittedToCaseLevelDataHidesCountsBelowTenByDefault) {
  const fs::path out = scratch / "report";
  const Result r = run_courtflow({"report", report_data("calibrated.json"), "--out", out.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string levels = read_file(out / "report_levels.csv");
  EXPECT_NE(levels.find("<10"), std::string::npos) << "sentencing ends with a handful of cases open:\n" << levels;
  EXPECT_NE(read_file(out / "report.html").find("fitted to case-level data"), std::string::npos);

  // The same model without the marker shows every count.
  const fs::path plain = scratch / "plain";
  ASSERT_EQ(run_courtflow({"report", report_data("court.json"), "--out", plain.string(), "--quiet"}).exit_code, 0);
  EXPECT_EQ(read_file(plain / "report_levels.csv").find("<10"), std::string::npos);
}

TEST_F(ReportTest, AScenarioNameWithMarkupCannotBreakTheCharts) {
  // "<!--" then "<script" inside a <script> element keeps the HTML parser from ending it at the
  // next "</script>" (and "</script>" would end it early): the chart specs must hold no "<".
  const std::string name = "<!--<script>x</script>";
  write_file(scratch / "odd.json",
             "{\"courtflow\": 1, \"scenario\": \"" + std::string("\\u003c!--\\u003cscript>x\\u003c/script>") +
                 "\", \"base\": \"" + report_data("court.json") +
                 "\", \"changes\": [{\"op\": \"scale_servers\", \"stage\": \"trial_list\", \"factor\": 1.25}]}");
  const fs::path out = scratch / "report";
  const Result r = run_courtflow({"report", report_data("court.json"), (scratch / "odd.json").string(), "--out",
                                  out.string(), "--quiet", "--date", "2026-01-15"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = read_file(out / "report.html");
  const std::vector<Json> specs = chart_specs(html);
  ASSERT_EQ(specs.size(), 4u);
  EXPECT_EQ(specs[0]["scales"][2]["domain"][1], name);
}

TEST_F(ReportTest, BadInputExitsTwoAndWritesNothing) {
  const fs::path out = scratch / "report";
  Result r = run_courtflow({"report", report_data("no_such_model.json"), "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(out));

  std::vector<std::string> args = report_args(out);
  args.insert(args.end(), {"--stages", "trial_list,nowhere"});
  r = run_courtflow(args);
  EXPECT_EQ(r.exit_code, 2);
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("unknown stage or group 'nowhere'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));

  r = run_courtflow({"report", report_data("court.json"), "--out", out.string(), "--suppress-below", "0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(ReportTest, MissingVegaExitsOneNamingThePackage) {
  const fs::path out = scratch / "report";
  const Result r = run_courtflow(report_args(out), {{"COURTFLOW_VEGA_DIR", (scratch / "no_vega").string()}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("libjs-vega"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace courtflow::cli::testing

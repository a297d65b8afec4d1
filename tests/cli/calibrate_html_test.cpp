// `courtflow calibrate --report DIR` writes report.html beside report.json and report.md: one
// self-contained page (no script, nothing fetched) with the data-quality, stage, routing,
// arrival and validation sections, showing report.json's own numbers; activity names from
// the log are HTML-escaped; counts below 10 appear as "<10", as in report.json and report.md.
#include <cstdio>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// An activity name a browser would run if it were not escaped, and one with quotes.
constexpr const char* kNastyActivity = R"(<script>alert("x")</script> & 'review')";
constexpr const char* kNastyEscaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;review&#39;";

/// 120 cases: register, then the nasty review, then hearing; 3 cases also get a rare appeal.
/// Completion dates only.
std::string generated_log() {
  std::ostringstream out;
  out << "case_id,activity,timestamp\n";
  auto date = [](int day) {
    char text[16];
    std::snprintf(text, sizeof text, "2024-%02d-%02d", 1 + day / 28, 1 + day % 28);
    return std::string(text);
  };
  for (int n = 0; n < 120; ++n) {
    const std::string id = "k" + std::to_string(n);
    const int d = n * 2;
    out << id << ",register," << date(d) << "\n";
    out << id << ",\"<script>alert(\"\"x\"\")</script> & 'review'\"," << date(d + 1 + n % 5) << "\n";
    out << id << ",hearing," << date(d + 7 + n % 7) << "\n";
    if (n < 3) out << id << ",appeal <rare>," << date(d + 20) << "\n";
  }
  return out.str();
}

/// The cells of the row headed `heading` in the first table row that has it ("" if none).
std::string row_of(const std::string& html, const std::string& heading) {
  const std::size_t at = html.find("<th scope=\"row\">" + heading + "</th>");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</tr>", at) - at);
}

std::string fixed2(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", v);
  return text;
}

class CalibrateHtml : public CliTest {};

TEST_F(CalibrateHtml, ThePageShowsReportJsonsNumbersEscapedAndSuppressed) {
  write_file(scratch / "log.csv", generated_log());
  const Result r = run_courtflow({"calibrate", "--events", (scratch / "log.csv").string(), "--out",
                                  (scratch / "m.json").string(), "--report", (scratch / "report").string(),
                                  "--validation-replications", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(scratch / "report" / "report.html"));
  const std::string html = read_file(scratch / "report" / "report.html");
  const Json j = Json::parse(read_file(scratch / "report" / "report.json"));
  const std::string md = read_file(scratch / "report" / "report.md");

  // One page, every section, nothing to run or fetch.
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* id : {"data-quality", "stages", "routes", "arrivals", "validation"}) {
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  }
  EXPECT_EQ(html.find("<script"), std::string::npos) << "no script, and the log's <script> is escaped";
  auto occurrences = [&](const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(occurrences("://"), occurrences("xmlns=\"http://www.w3.org/2000/svg\"")) << "the only URLs: SVG's namespace";
  EXPECT_NE(html.find("<caption>"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"chart\" role=\"img\""), std::string::npos);

  // The log's activity name, escaped wherever it appears (the validation tables name activities).
  EXPECT_EQ(html.find(kNastyActivity), std::string::npos);
  EXPECT_NE(html.find(kNastyEscaped), std::string::npos);
  EXPECT_EQ(html.find("appeal <rare>"), std::string::npos);
  EXPECT_NE(html.find("appeal &lt;rare&gt;"), std::string::npos);

  // report.json's numbers, as the page shows them.
  EXPECT_NE(row_of(html, "rows read").find(">" + std::to_string(j["data_quality"]["rows_read"].get<int>()) + "<"),
            std::string::npos) << row_of(html, "rows read");
  EXPECT_NE(row_of(html, "cases").find(">120<"), std::string::npos) << row_of(html, "cases");
  const Json& v = j["validation"];
  const std::string mean_row = row_of(html, "mean");
  EXPECT_NE(mean_row.find(fixed2(v["case_duration_days"]["mean"]["log"].get<double>())), std::string::npos) << mean_row;
  EXPECT_NE(mean_row.find(fixed2(v["case_duration_days"]["mean"]["simulated"].get<double>())), std::string::npos) << mean_row;
  EXPECT_NE(mean_row.find("within 10%"), std::string::npos) << mean_row;
  for (const Json& st : j["stages"]) {
    const std::string row = row_of(html, st["id"].get<std::string>());
    ASSERT_FALSE(row.empty()) << st["id"];
    const std::string events = st["events"].is_string() ? "&lt;10" : std::to_string(st["events"].get<int>());
    EXPECT_NE(row.find(">" + events + "<"), std::string::npos) << row;
  }

  // Small counts: the appeal (3 events) is "<10" in report.json, report.md and the page.
  EXPECT_EQ(j["stages"][3]["activity"], "appeal <rare>");
  EXPECT_EQ(j["stages"][3]["events"], "<10");
  EXPECT_NE(md.find("| appeal__rare_ | <10 |"), std::string::npos);
  const std::string appeal_row = row_of(html, "appeal__rare_");
  EXPECT_NE(appeal_row.find(">&lt;10<"), std::string::npos) << appeal_row;
  EXPECT_EQ(appeal_row.find(">3<"), std::string::npos) << appeal_row;
  const std::string appeal_frequency = row_of(html, "appeal &lt;rare&gt;");
  EXPECT_NE(appeal_frequency.find("not tested (fewer than 10 events)"), std::string::npos) << appeal_frequency;

  // Nor anything the count can be recovered from: the log's frequency per case (3 / 120 =
  // 0.025, times the 120 cases shown) and the log's share of a route taken fewer than 10 times.
  std::size_t suppressed_routes = 0;
  for (const Json& f : v["activity_per_case"]) {
    if (f["log_events"].is_string()) {
      EXPECT_TRUE(f["log"].is_null()) << f;
      EXPECT_TRUE(f["relative_difference"].is_null()) << f;
    }
  }
  for (const Json& route : v["routing"]) {
    if (route["log_count"].is_string()) {
      EXPECT_TRUE(route["log"].is_null()) << route;
      ++suppressed_routes;
    }
  }
  EXPECT_GT(suppressed_routes, 0u) << "the appeal's routes are taken 3 times";
  // The fitted routes too: a share of a route taken fewer than 10 times is not shown (it times
  // the stage's event count would give the count back).
  std::size_t suppressed_fitted = 0;
  for (const Json& route : j["routes"]) {
    if (route["count"].is_string()) {
      EXPECT_TRUE(route["p"].is_null()) << route;
      ++suppressed_fitted;
    } else {
      EXPECT_TRUE(route["p"].is_number()) << route;
    }
  }
  EXPECT_GT(suppressed_fitted, 0u) << "the appeal's routes are taken 3 times";
  EXPECT_EQ(appeal_frequency.find("0.025"), std::string::npos) << appeal_frequency;
  EXPECT_NE(md.find("| appeal <rare> | - |"), std::string::npos) << "report.md's validation row shows no log frequency";
  EXPECT_EQ(md.find("0.025"), std::string::npos);
}

}  // namespace
}  // namespace courtflow::cli::testing

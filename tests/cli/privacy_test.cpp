// Privacy of `courtflow calibrate` (docs/PRIVACY.md): on a generated log whose case ids,
// resources (named judges and courtrooms) and data problems are all recognisable, no output
// (the model file, report.json, report.md, stdout, stderr) contains a case id or a resource
// name, and every count of cases, events or rows in the report is 0, at least the disclosure
// threshold (10), or written "<10".
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr int kThreshold = 10;

std::string case_id(int n) { return "PRIV-" + std::to_string(4000 + n) + "-QX"; }

const std::vector<std::string> kResources = {"Judge Ada Quill", "Judge Bram Oduya", "Courtroom 7B", "Clerk Zeynep Hale"};

/// 400 cases through register -> review -> hearing (resources named at review and hearing);
/// 3 cases also go to a rare "appeal", 2 rows have no timestamp and one is a duplicate: counts
/// below the threshold that the report must not show as such.
std::string generated_log() {
  std::mt19937 rng(11);
  std::exponential_distribution<double> gap(2.0), service(0.5);
  std::ostringstream out;
  out << "case_id,activity,timestamp,start,case_type,resource\n";
  const auto stamp = [](double day) {
    const int d = static_cast<int>(day);
    const int hour = static_cast<int>((day - d) * 24);
    char text[32];
    // Day 0 is 2024-01-01; the log spans well under the 18 months listed.
    static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31, 30, 31, 30};
    int month = 0, left = d;
    while (left >= month_days[month]) left -= month_days[month++];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:00:00", 2024 + month / 12, month % 12 + 1, left + 1, hour);
    return std::string(text);
  };
  double arrival = 0;
  for (int n = 0; n < 400; ++n) {
    arrival += gap(rng);
    const std::string id = case_id(n);
    const std::string type = n % 3 == 0 ? "custody" : "bail";
    double t = arrival;
    std::string first_row;
    for (const std::string activity : {"register", "review", "hearing"}) {
      const double start = t + (activity == "register" ? 0 : service(rng));
      const double end = start + service(rng);
      const std::string resource = activity == "register" ? "" : kResources[static_cast<std::size_t>(n) % kResources.size()];
      const std::string row = id + "," + activity + "," + stamp(end) + "," + stamp(start) + "," + type + "," + resource + "\n";
      if (first_row.empty()) first_row = row;
      out << row;
      t = end;
    }
    if (n < 3) out << id << ",appeal," << stamp(t + 5) << "," << stamp(t + 1) << "," << type << ",Judge Ada Quill\n";
    if (n == 10 || n == 11) out << id << ",review,,," << type << ",\n";
    if (n == 20) out << first_row;
  }
  return out.str();
}

/// Keys of report.json whose values count cases, events or rows taken from the log.
bool is_count_key(const std::string& key) {
  static const std::set<std::string> exact = {"cases", "events", "rows", "n", "count", "completed"};
  return exact.count(key) > 0 || key.rfind("rows_", 0) == 0 || key.rfind("dropped", 0) == 0 ||
         key.rfind("cases_", 0) == 0 || key.rfind("events_", 0) == 0 || key.ends_with("_cases") ||
         key.ends_with("_events") || key.ends_with("_count") || key.ends_with("_counts");
}

/// Every count in `j` (recursively) that is an integer from 1 to threshold - 1, as "path = n".
void small_counts(const Json& j, const std::string& path, bool counting, std::vector<std::string>& found) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) small_counts(value, path + "." + key, counting || is_count_key(key), found);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) small_counts(j[i], path + "[" + std::to_string(i) + "]", counting, found);
  } else if (counting && j.is_number_integer() && j.get<std::int64_t>() > 0 && j.get<std::int64_t>() < kThreshold) {
    found.push_back(path + " = " + j.dump());
  }
}

class CalibratePrivacy : public CliTest {};

TEST_F(CalibratePrivacy, NoCaseIdOrResourceNameInAnyOutputAndNoCountBelowTheThreshold) {
  const fs::path& dir = scratch;
  write_file(dir / "log.csv", generated_log());
  fs::create_directories(dir / "out");
  const Result ok = run_courtflow({"calibrate", "--events", (dir / "log.csv").string(), "--out",
                                   (dir / "out" / "model.json").string(), "--report",
                                   (dir / "out" / "report").string(), "--validation-replications", "2"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;

  std::map<std::string, std::string> texts{{"stdout", ok.out}, {"stderr", ok.err}};
  for (const auto& e : fs::recursive_directory_iterator(dir / "out")) {
    if (e.is_regular_file()) texts[fs::relative(e.path(), dir).string()] = read_file(e.path());
  }
  ASSERT_GE(texts.size(), 5u) << "model.json, report/report.json and report/report.md expected";
  for (const auto& [name, text] : texts) {
    for (int n = 0; n < 400; ++n) {
      // The numeric part alone ("4000") could be any number; the whole id must not appear.
      ASSERT_EQ(text.find(case_id(n)), std::string::npos) << name << " names case " << case_id(n);
    }
    ASSERT_EQ(text.find("PRIV-"), std::string::npos) << name << " holds part of a case id";
    for (const std::string& who : kResources) EXPECT_EQ(text.find(who), std::string::npos) << name << " names " << who;
  }

  std::vector<std::string> found;
  small_counts(Json::parse(texts.at("out/report/report.json")), "report.json", false, found);
  EXPECT_TRUE(found.empty()) << "counts below " << kThreshold << ":\n" << ::testing::PrintToString(found);
  // The rare activity (3 cases) and the dropped rows (2 and 1) are shown, but as "<10".
  EXPECT_NE(texts.at("out/report/report.md").find("<10"), std::string::npos);

  // Rule 4: the 3 appeals each took exactly 4 days; neither the model nor the report carries
  // that (the model gives appeal the mean service time of the whole log).
  const Json model = Json::parse(texts.at("out/model.json"));
  bool seen = false;
  for (const Json& stage : model["stages"]) {
    if (stage["id"] != "appeal") continue;
    seen = true;
    EXPECT_EQ(stage["service"]["dist"], "exponential") << stage.dump();
    EXPECT_GT(std::abs(stage["service"]["mean"].get<double>() - 4.0), 0.5) << stage.dump();
  }
  EXPECT_TRUE(seen);
  for (const Json& stage : Json::parse(texts.at("out/report/report.json"))["stages"]) {
    if (stage["id"] != "appeal") continue;
    EXPECT_TRUE(stage["duration"]["mean"].is_null()) << stage["duration"].dump();
    EXPECT_TRUE(stage["duration"]["quantiles"].empty()) << stage["duration"].dump();
  }
}

}  // namespace
}  // namespace courtflow::cli::testing

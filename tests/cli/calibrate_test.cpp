// `courtflow run --event-log` and `courtflow calibrate` end to end: a model's simulated log is
// calibrated into a model that `courtflow run` accepts unchanged, with report.json and
// report.md that name no case; bad logs give one line on stderr, exit 2 and nothing written.
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr const char* kModel = R"({
  "courtflow": 1, "name": "two stages", "horizon_days": 200, "start_date": "2024-03-01", "seed": 5,
  "replications": 2,
  "stages": [
    {"id": "registry", "servers": 2, "service": {"dist": "exponential", "mean": 0.2}},
    {"id": "decision", "servers": "infinite", "service": {"dist": "fixed", "value": 1}}
  ],
  "arrivals": [{"to": "registry", "rate_per_day": 6}],
  "routes": [{"from": "registry", "to": "decision", "p": 0.5}]
})";

class CliCalibrate : public CliTest {
 protected:
  fs::path simulated_log() {
    write_file(scratch / "model.json", kModel);
    const fs::path log = scratch / "events.csv";
    const Result r = run_courtflow({"run", (scratch / "model.json").string(), "--out", (scratch / "run").string(),
                                    "--event-log", log.string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return log;
  }
  // Calibrating `text` fails with exit 2, one line on stderr, and writes nothing.
  void expect_refused(const std::string& text, const std::string& message) {
    const fs::path log = scratch / "bad.csv";
    write_file(log, text);
    const Result r = run_courtflow({"calibrate", "--events", log.string(), "--out", (scratch / "m.json").string(),
                                    "--report", (scratch / "report").string()});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(scratch / "m.json"));
    EXPECT_FALSE(fs::exists(scratch / "report"));
  }
};

TEST_F(CliCalibrate, RunWritesTheEventLogInTheContractShape) {
  const fs::path log = simulated_log();
  const std::vector<std::string> lines = lines_of(read_file(log));
  ASSERT_GT(lines.size(), 100u);
  EXPECT_EQ(lines[0], "case_id,activity,timestamp,start,case_type,resource");
  // c1 is the first case; its first activity is at the registry, served by one of 2 servers.
  EXPECT_EQ(lines[1].rfind("c1,registry,2024-03-01T", 0), 0u) << lines[1];
  EXPECT_TRUE(lines[1].ends_with(",registry#1") || lines[1].ends_with(",registry#2")) << lines[1];
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].find("registry#3"), std::string::npos) << lines[i];
    if (lines[i].find(",decision,") != std::string::npos) {
      EXPECT_TRUE(lines[i].ends_with(",")) << lines[i];
    }
  }
}

TEST_F(CliCalibrate, EventLogThatCannotBeWrittenIsBadInputAndNothingIsWritten) {
  write_file(scratch / "model.json", kModel);
  auto refused = [&](const fs::path& event_log, const std::string& message) {
    const Result r = run_courtflow({"run", (scratch / "model.json").string(), "--out", (scratch / "run").string(),
                                    "--event-log", event_log.string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("--event-log " + event_log.string() + ": " + message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(scratch / "run"));
    EXPECT_FALSE(fs::exists(event_log)) << event_log;
  };
  refused(scratch / "no" / "such" / "events.csv", "no directory " + (scratch / "no" / "such").string());
  fs::create_directory(scratch / "a_directory");
  const Result dir = run_courtflow({"run", (scratch / "model.json").string(), "--out", (scratch / "run").string(),
                                    "--event-log", (scratch / "a_directory").string(), "--quiet"});
  EXPECT_EQ(dir.exit_code, 2);
  EXPECT_NE(dir.err.find("is a directory"), std::string::npos) << dir.err;
  EXPECT_FALSE(fs::exists(scratch / "run"));
  const Result onto_model = run_courtflow({"run", (scratch / "model.json").string(), "--out",
                                           (scratch / "run").string(), "--event-log",
                                           (scratch / "model.json").string(), "--quiet"});
  EXPECT_EQ(onto_model.exit_code, 2);
  EXPECT_NE(onto_model.err.find("is the model file"), std::string::npos) << onto_model.err;
  EXPECT_EQ(read_file(scratch / "model.json"), kModel);
  // Nothing half-written beside the missing directory either (no .partial file).
  for (const auto& entry : fs::directory_iterator(scratch)) {
    EXPECT_EQ(entry.path().filename().string().find("partial"), std::string::npos) << entry.path();
  }
}

TEST_F(CliCalibrate, FittedModelRunsUnchangedAndTheReportNamesNoCase) {
  const fs::path log = simulated_log();
  const fs::path model = scratch / "fitted.json";
  const fs::path report = scratch / "report";
  const Result r = run_courtflow({"calibrate", "--events", log.string(), "--out", model.string(), "--report",
                                  report.string(), "--name", "fitted"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("validation: mean case duration"), std::string::npos) << r.out;
  const Json m = Json::parse(read_file(model));
  EXPECT_EQ(m["name"], "fitted");
  EXPECT_EQ(m["start_date"], "2024-03-01");
  EXPECT_EQ(m["stages"][0]["id"], "registry");
  EXPECT_EQ(m["stages"][0]["servers"], 2);
  EXPECT_EQ(m["stages"][1]["servers"], "infinite");
  const Result run = run_courtflow({"run", model.string(), "--out", (scratch / "rerun").string(), "--quiet"});
  EXPECT_EQ(run.exit_code, 0) << run.err;

  const Json j = Json::parse(read_file(report / "report.json"));
  for (const char* key : {"data_quality", "stages", "routes", "arrivals", "validation"}) EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_TRUE(j["validation"]["case_duration_days"]["mean"]["simulated"].is_number());
  const std::string md = read_file(report / "report.md");
  EXPECT_NE(md.find("## Validation"), std::string::npos);
  // No case id ("c" and a number, as the simulated log names them) in either file.
  for (const std::string& text : {read_file(report / "report.json"), md}) {
    EXPECT_EQ(text.find("\"c1\""), std::string::npos);
    EXPECT_EQ(text.find(" c1 "), std::string::npos);
  }
  // A second run refuses to overwrite without --force.
  const Result again = run_courtflow({"calibrate", "--events", log.string(), "--out", model.string()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("exists"), std::string::npos);
}

TEST_F(CliCalibrate, BadLogsAreRefusedInOneLine) {
  expect_refused("", "the file is empty");
  expect_refused("case_id,activity,timestamp\n", "no rows after the header");
  expect_refused("A1,Create Fine,2006-07-24\nA1,Send Fine,2006-12-05\n", "line 1: no column case_id");
  expect_refused("id,step,when\nA,b,2024-01-01\n", "no column case_id, activity, timestamp");
  expect_refused("case_id,activity,timestamp\nA,b,tomorrow\nA,c,32/01/2024\n", "no usable rows");
  expect_refused("case_id,activity,timestamp\n\"A,b,2024-01-01\n", "not closed");
}

TEST_F(CliCalibrate, ReadsXesAndRefusesBrokenXes) {
  write_file(scratch / "log.xes", R"(<?xml version="1.0"?>
<log><trace><string key="concept:name" value="1"/>
<event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-01T10:00:00Z"/></event>
<event><string key="concept:name" value="b"/><date key="time:timestamp" value="2024-01-03T10:00:00Z"/></event>
</trace><trace><string key="concept:name" value="2"/>
<event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-02T10:00:00Z"/></event>
</trace></log>)");
  const Result ok = run_courtflow({"calibrate", "--events", (scratch / "log.xes").string(), "--out",
                                   (scratch / "xes.json").string(), "--quiet"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(Json::parse(read_file(scratch / "xes.json"))["stages"].size(), 2u);
  write_file(scratch / "broken.xes", "<log><trace><event>");
  const Result bad = run_courtflow({"calibrate", "--events", (scratch / "broken.xes").string(), "--out",
                                    (scratch / "m.json").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(lines_of(bad.err).size(), 1u);
  EXPECT_NE(bad.err.find("not well-formed XML"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(scratch / "m.json"));
}

TEST_F(CliCalibrate, AHugeSingleLineIsRefusedWithoutReadingItAll) {
  // 8 MiB on one line: refused at the 1 MiB cap.
  const fs::path log = scratch / "huge.csv";
  {
    std::ofstream out(log, std::ios::binary);
    out << "case_id,activity,timestamp\n";
    const std::string block(1 << 20, 'x');
    for (int i = 0; i < 8; ++i) out << block;
  }
  const Result r = run_courtflow({"calibrate", "--events", log.string(), "--out", (scratch / "m.json").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(lines_of(r.err).size(), 1u);
  EXPECT_NE(r.err.find("line 2: record longer than 1024 KiB"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch / "m.json"));
}

TEST_F(CliCalibrate, ALogRunningLongerThanAModelCanIsBadInputNamingTheDates) {
  // Too few events to tell the mistyped year from the rest: refused, not an internal error.
  write_file(scratch / "log.csv", "case_id,activity,timestamp\nA,intake,2020-01-02\nA,hearing,9999-01-05\n"
                                  "B,intake,2020-01-03\n");
  const Result r = run_courtflow({"calibrate", "--events", (scratch / "log.csv").string(), "--out",
                                  (scratch / "m.json").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("log.csv: timestamp: the events run from 2020-01-02 to 9999-01-05"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is a year mistyped?"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch / "m.json"));
}

TEST_F(CliCalibrate, MissingFileAndColumnFlags) {
  const Result missing = run_courtflow({"calibrate", "--events", (scratch / "nope.csv").string(), "--out",
                                        (scratch / "m.json").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.csv: cannot open: no such file"), std::string::npos) << missing.err;
  const Result no_dir = run_courtflow({"calibrate", "--events", (scratch / "nope.csv").string(), "--out",
                                       (scratch / "no" / "such" / "m.json").string()});
  EXPECT_EQ(no_dir.exit_code, 2);
  EXPECT_NE(no_dir.err.find("no directory"), std::string::npos) << no_dir.err;
  write_file(scratch / "renamed.csv",
             "Ref,Step,Done\n1,a,2024-01-01\n1,b,2024-01-03\n2,a,2024-01-02\n2,b,2024-01-05\n");
  const Result r = run_courtflow({"calibrate", "--events", (scratch / "renamed.csv").string(), "--out",
                                  (scratch / "m.json").string(), "--case-id", "Ref", "--activity", "Step",
                                  "--timestamp", "Done", "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(scratch / "m.json"));
}

}  // namespace
}  // namespace courtflow::cli::testing

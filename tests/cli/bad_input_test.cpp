// Every reader refuses malformed input the same way: one line on stderr naming the file, the
// JSON path or line (and column where there is one) and the problem; exit code 2; nothing
// written, not even a temporary folder. A table of cases covers the model and scenario files
// (`courtflow run`), event logs in CSV and XES (`courtflow calibrate --events`) and aggregate
// series (`courtflow backtest --series`). Unknown keys are the exception: a warning naming each
// one, and the run goes ahead (exit 0).
//
// Inputs are the small files in tests/cli/data/bad/ (see the README there) or are generated
// here when they are large: a 64 MiB single line, and a 2 GiB file made sparse (ftruncate) so
// that it costs neither disk nor time to write. Each command runs under wait4() so the test
// also sees the child's peak memory (a reader that read the long line whole would show it) and
// kills it after a deadline (a hang fails the test instead of stalling the suite).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <thread>

#include "cli_test_support.hpp"

extern char** environ;

namespace courtflow::cli::testing {
namespace {
namespace fs = std::filesystem;

enum class Reader { model, scenario, csv_log, xes_log, series };

struct BadInput {
  std::string name;  ///< the test's name (letters, digits and underscores)
  Reader reader;
  std::string file;  ///< in tests/cli/data/bad/, or the name given to a generated file
  std::string message;  ///< ECMAScript regex of each stderr line after "courtflow: error: FILE: "
  int exit_code = 2;
  std::size_t lines = 1;  ///< lines on stderr (validation lists every problem: a cycle names each stage)
  std::function<void(const fs::path&)> generate{};  ///< writes the input when it is not a data file
  bool check_memory = false;  ///< a huge input: the peak memory must stay far below its size
};

void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

struct Measured {
  int exit_code = -1;
  std::string err;
  long max_rss_kib = 0;
  bool timed_out = false;
};

constexpr auto kDeadline = std::chrono::seconds(60);
/// Peak memory allowed while refusing a huge input: far below the 64 MiB line (or 2 GiB file).
constexpr long kMaxRssKibForLongLines = 48 * 1024;

/// Runs courtflow with `args` (stdout discarded, stderr to a file), with a deadline, and
/// reports its exit code and peak resident memory.
Measured run_measured(const std::vector<std::string>& args, const fs::path& scratch_dir) {
  const fs::path err_path = scratch_dir.parent_path() / (scratch_dir.filename().string() + ".stderr");
  std::vector<std::string> argv_strings{COURTFLOW_EXE};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  Measured m;
  if (rc != 0) {
    ADD_FAILURE() << "cannot spawn " << COURTFLOW_EXE;
    return m;
  }
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  rusage usage{};
  for (;;) {
    const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() - start > kDeadline) {
      ::kill(pid, SIGKILL);
      ::wait4(pid, &status, 0, &usage);
      m.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.max_rss_kib = usage.ru_maxrss;
  m.err = read_file(err_path);
  std::error_code ec;
  fs::remove(err_path, ec);
  return m;
}

std::string regex_escaped(const std::string& text) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(text, special, R"(\$&)");
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) names.insert(fs::relative(entry.path(), dir).string());
  return names;
}

/// A file of `bytes` bytes: `head`, then `fill` repeated, in 1 MiB writes.
void write_long(const fs::path& path, const std::string& head, std::uintmax_t bytes, char fill) {
  std::ofstream out(path, std::ios::binary);
  out << head;
  const std::string block(1 << 20, fill);
  for (std::uintmax_t written = head.size(); written < bytes; written += block.size()) out << block;
}

/// `head`, then NUL bytes up to `bytes` as a hole in a sparse file: a "2 GB line" for free.
void write_sparse(const fs::path& path, const std::string& head, std::uintmax_t bytes) {
  write_file(path, head);
  fs::resize_file(path, bytes);
}

const std::string kSeriesHeader = "period_end,stage,receipts,disposals,outstanding\n";
constexpr std::uintmax_t kLongLine = 64u << 20;
constexpr std::uintmax_t kTwoGiB = 2ull << 30;

// The table. Messages follow the file and a ": ", and are matched whole.
const std::vector<BadInput>& cases() {
  static const std::vector<BadInput> table = {
      // ---- model files (courtflow run) ----
      {"model_truncated", Reader::model, "model_truncated.json",
       R"(line 3, column 7: invalid JSON: unexpected end of input; expected .*)"},
      {"model_empty", Reader::model, "model_empty.json", "file is empty"},
      {"model_binary", Reader::model, "model_binary.json",
       R"(line 1, column 8: binary data \(a NUL byte\): a model file must be UTF-8 JSON text)"},
      {"model_invalid_utf8", Reader::model, "model_invalid_utf8.json",
       R"(line 1, column 28: not valid UTF-8: a model file must be UTF-8 JSON text)"},
      {"model_nan_literal", Reader::model, "model_nan.json",
       R"(line 1, column 49: invalid JSON: invalid literal; last read: '"horizon_days": N')"},
      {"model_infinity_literal", Reader::model, "model_infinity.json",
       R"(line 3, column 88: invalid JSON: invalid literal; last read: '"mean": I')"},
      {"model_servers_1e300", Reader::model, "model_servers_1e300.json",
       R"(stages\[0\]\.servers: must be at most 10000000 \(got 1e\+300\))"},
      {"model_horizon_1e15_days", Reader::model, "model_horizon_1e15.json",
       R"(horizon_days: must be a number > 0 and at most 1000000 \(got 1e\+15\))"},
      {"model_servers_negative", Reader::model, "model_servers_negative.json",
       R"(stages\[1\]\.servers: must be a positive integer or "infinite" \(got -4\))"},
      {"model_servers_fraction", Reader::model, "model_servers_fraction.json",
       R"(stages\[1\]\.servers: must be a positive integer or "infinite" \(got 2\.5\))"},
      {"model_rate_wrong_type", Reader::model, "model_rate_wrong_type.json",
       R"(arrivals\[0\]\.rate_per_day: must be a number >= 0 \(got "fast"\))"},
      {"model_mean_negative", Reader::model, "model_mean_negative.json",
       R"(stages\[0\]\.service\.mean: must be a number > 0 \(got -1\))"},
      {"model_number_overflow", Reader::model, "model_number_overflow.json",
       R"(line 2, column 87: number 1e400 is too large)"},
      {"model_probability_above_1", Reader::model, "model_p_above_one.json",
       R"(routes\[0\]\.p: must be a number from 0 to 1 \(got 1\.5\))"},
      {"model_unknown_stage_reference", Reader::model, "model_unknown_stage.json",
       R"(routes\[0\]\.to: unknown stage "hearings"; did you mean "hearing"\?)"},
      {"model_on_timeout_unknown_stage", Reader::model, "model_on_timeout_unknown.json",
       R"(stages\[1\]\.on_timeout: unknown stage "nowhere")"},
      // A cycle no case can leave: validation lists every problem, one line per stage in it.
      {"model_cycle_no_case_can_leave", Reader::model, "model_trap_cycle.json",
       R"re(stages\[[01]\] \("(intake|hearing)"\): cases can never leave \(no route from here reaches the exit\))re", 2, 2},
      {"model_not_an_object", Reader::model, "model_not_object.json",
       R"(a model file must hold a JSON object \(got an array\))"},
      {"model_unknown_key_warns", Reader::model, "model_unknown_key.json", R"(unknown key "routse_typo" \(ignored\))",
       0},
      {"model_is_a_directory", Reader::model, "a_directory.json", "cannot open: it is a directory, not a file", 2, 1,
       [](const fs::path& p) { fs::create_directory(p); }},
      {"model_missing_file", Reader::model, "no_such_model.json", "cannot open: no such file", 2, 1,
       [](const fs::path&) {}},
      {"model_deeply_nested", Reader::model, "nested.json", R"(a model file must hold a JSON object \(got an array\))",
       2, 1, [](const fs::path& p) { write_file(p, std::string(100000, '[') + std::string(100000, ']')); }},
      // JSON is not line-oriented (it is read whole, up to 256 MiB): the message stays short.
      {"model_16MiB_one_line", Reader::model, "long_line.json",
       R"(line 1, column 16777243: invalid JSON: invalid string: missing closing quote; last read: '"x{29}\.\.\.')", 2, 1,
       [](const fs::path& p) { write_long(p, "{\"courtflow\": 1, \"name\": \"", 16u << 20, 'x'); }},
      {"model_2GiB_file", Reader::model, "huge.json", R"(file is too large for a model file \(over 256 MiB\))", 2, 1,
       [](const fs::path& p) { write_sparse(p, "{\"name\": \"", kTwoGiB); }, true},

      // ---- scenario files (courtflow run SCENARIO) ----
      {"scenario_truncated", Reader::scenario, "scenario_truncated.json",
       R"(line 1, column 61: invalid JSON: invalid string: missing closing quote; .*)"},
      {"scenario_unknown_op", Reader::scenario, "scenario_unknown_op.json",
       R"(changes\[0\]\.op: unknown change "double_everything" \(one of scale_servers, .*\))"},
      {"scenario_unknown_stage", Reader::scenario, "scenario_unknown_stage.json",
       R"(changes\[0\]\.stage: no stage "trial" in the base model "bad")"},
      {"scenario_factor_negative", Reader::scenario, "scenario_factor_negative.json",
       R"(changes\[0\]\.factor: must be a number > 0 \(got -2\))"},
      {"scenario_probability_above_1", Reader::scenario, "scenario_p_above_one.json",
       R"(changes\[0\]\.p: must be a number from 0 to 1 \(got 1\.5\))"},
      {"scenario_servers_1e300", Reader::scenario, "scenario_servers_1e300.json",
       R"(changes\[0\]\.servers: must be an integer from 0 to 10000000 \(got 1e\+300\))"},
      {"scenario_from_day_1e15", Reader::scenario, "scenario_from_day_absurd.json",
       R"(changes\[0\]\.from_day: starts on day 1e\+15, at or after the model's horizon \(100 days\))"},
      {"scenario_missing_base", Reader::scenario, "scenario_missing_base.json",
       R"(base: base file "no_such_model\.json" not found \(looked for .*no_such_model\.json\))"},
      {"scenario_based_on_itself", Reader::scenario, "scenario_self_base.json",
       R"(base: scenario chain comes back to this file \(a cycle\))"},
      {"scenario_base_cycle", Reader::scenario, "scenario_cycle_a.json",
       R"(base: scenario chain comes back to this file \(a cycle\))"},
      {"scenario_unknown_key_warns", Reader::scenario, "scenario_unknown_key.json",
       R"(unknown key "chnages"; did you mean "changes"\?)", 0},

      // ---- event logs, CSV (courtflow calibrate --events) ----
      {"csv_log_empty", Reader::csv_log, "log_empty.csv",
       R"(the file is empty \(expected a header line naming the columns\))"},
      {"csv_log_header_only", Reader::csv_log, "log_header_only.csv", "no rows after the header"},
      {"csv_log_binary", Reader::csv_log, "log_binary.csv",
       R"(line 1: no column case_id, activity, timestamp in the header \(got ".*"; name the columns with .*\))"},
      {"csv_log_invalid_utf8", Reader::csv_log, "log_invalid_utf8.csv",
       R"(line 2: not valid UTF-8 text \(saved in another encoding, such as Latin-1\? .*\))"},
      {"csv_log_missing_column", Reader::csv_log, "log_missing_column.csv",
       R"(line 1: no column case_id in the header \(got "case,activity,timestamp"; .*\))"},
      {"csv_log_unclosed_quote", Reader::csv_log, "log_unclosed_quote.csv",
       R"(line 2: a quoted field is not closed before the end of the file)"},
      {"csv_log_text_after_quote", Reader::csv_log, "log_text_after_quote.csv",
       R"(line 2: text after a closing quote in field 2)"},
      {"csv_log_nan_and_infinite_times", Reader::csv_log, "log_nan_timestamps.csv",
       R"(no usable rows \(first problem: line 2: timestamp is not an ISO 8601 date or date-time \(got "NaN"\)\))"},
      {"csv_log_absurd_dates", Reader::csv_log, "log_absurd_dates.csv",
       R"(no usable rows \(first problem: line 2: timestamp is not an ISO 8601 date or date-time \(got "99999-01-01"\)\))"},
      {"csv_log_64MiB_single_line", Reader::csv_log, "long_line.csv",
       R"(line 2: record longer than 1024 KiB \(not a line-oriented CSV file\?\))", 2, 1,
       [](const fs::path& p) { write_long(p, "case_id,activity,timestamp\n", kLongLine, 'x'); }, true},
      {"csv_log_2GiB_single_line", Reader::csv_log, "huge.csv",
       R"(line 2: record longer than 1024 KiB \(not a line-oriented CSV file\?\))", 2, 1,
       [](const fs::path& p) { write_sparse(p, "case_id,activity,timestamp\n", kTwoGiB); }, true},

      // ---- event logs, XES ----
      {"xes_log_empty", Reader::xes_log, "log_empty.xes", R"(the file is empty \(expected an XES log\))"},
      {"xes_log_truncated", Reader::xes_log, "log_truncated.xes", R"(line 3: not well-formed XML: no element found)"},
      {"xes_log_binary", Reader::xes_log, "log_binary.xes",
       R"(line 1: not well-formed XML: not well-formed \(invalid token\))"},
      {"xes_log_invalid_utf8", Reader::xes_log, "log_invalid_utf8.xes",
       R"(line 2: not well-formed XML: not well-formed \(invalid token\))"},
      {"xes_log_no_log_element", Reader::xes_log, "log_no_log_element.xes", R"(no <log> element: not an XES log)"},
      {"xes_log_bad_timestamp", Reader::xes_log, "log_bad_timestamp.xes",
       R"(no usable events \(first problem: line 3: timestamp is not an ISO 8601 date or date-time \(got "not a time"\)\))"},
      // Entity expansion ("billion laughs") is stopped by expat's amplification limit.
      {"xes_log_billion_laughs", Reader::xes_log, "log_billion_laughs.xes",
       R"(line 11: not well-formed XML: limit on input amplification factor \(from DTD and entities\) breached)"},
      // An external entity (here /etc/passwd) is never fetched.
      {"xes_log_external_entity", Reader::xes_log, "log_external_entity.xes",
       R"(line 4: not well-formed XML: reference to external entity in attribute)"},
      {"xes_log_2GiB_single_line", Reader::xes_log, "huge.xes",
       R"(line 1: not well-formed XML: not well-formed \(invalid token\))", 2, 1,
       [](const fs::path& p) { write_sparse(p, "<log>", kTwoGiB); }, true},

      // ---- aggregate series (courtflow backtest --series) ----
      {"series_empty", Reader::series, "series_empty.csv",
       R"(empty file \(expected a header: period_end,stage,receipts,disposals,outstanding\))"},
      {"series_binary", Reader::series, "series_binary.csv",
       R"(line 1: missing column "period_end" \(needs period_end, stage, receipts, disposals, outstanding; optional capacity\))"},
      {"series_missing_column", Reader::series, "series_missing_column.csv",
       R"(line 1: missing column "outstanding" \(needs .*\))"},
      {"series_negative_count", Reader::series, "series_negative.csv",
       R"(line 3, column receipts: must be a count >= 0 \(got -100\))"},
      {"series_nan", Reader::series, "series_nan.csv", R"(line 2, column receipts: must be a number \(got "nan"\))"},
      {"series_infinity", Reader::series, "series_infinity.csv",
       R"(line 2, column disposals: must be a number \(got "inf"\))"},
      {"series_number_overflow", Reader::series, "series_overflow.csv",
       R"(line 2, column outstanding: must be a number \(got "1e400"\))"},
      {"series_absurd_count", Reader::series, "series_absurd_count.csv",
       R"(line 2, column receipts: must be a count of at most 1e12 \(got 1e300\))"},
      {"series_impossible_date", Reader::series, "series_bad_date.csv",
       R"(line 2, column period_end: must be a date YYYY-MM-DD \(got "2019-02-30"\))"},
      {"series_unclosed_quote", Reader::series, "series_unclosed_quote.csv", R"(line 2: unterminated quote)"},
      {"series_extra_field", Reader::series, "series_extra_field.csv", R"(line 3: has 6 fields, the header has 5)"},
      {"series_invalid_utf8", Reader::series, "series_invalid_utf8.csv",
       R"(line 2: not valid UTF-8 text \(saved in another encoding, such as Latin-1\? .*\))"},
      {"series_64MiB_single_line", Reader::series, "long_line.csv",
       R"(line 2: line longer than 1024 KiB \(not a line-oriented CSV file\?\))", 2, 1,
       [](const fs::path& p) { write_long(p, kSeriesHeader, kLongLine, 'x'); }, true},
      {"series_2GiB_single_line", Reader::series, "huge.csv",
       R"(line 2: line longer than 1024 KiB \(not a line-oriented CSV file\?\))", 2, 1,
       [](const fs::path& p) { write_sparse(p, kSeriesHeader, kTwoGiB); }, true},
  };
  return table;
}

std::vector<std::string> command_for(Reader reader, const fs::path& input, const fs::path& dir) {
  switch (reader) {
    case Reader::model:
    case Reader::scenario:
      return {"run", input.string(), "--out", (dir / "out").string(), "--replications", "2", "--quiet"};
    case Reader::csv_log:
    case Reader::xes_log:
      return {"calibrate", "--events", input.string(), "--out", (dir / "out.json").string(), "--report",
              (dir / "report").string(), "--quiet", "--validation-replications", "2"};
    case Reader::series:
      return {"backtest", "--series", input.string(), "--model",
              std::string(COURTFLOW_SOURCE_DIR) + "/models/series/crown_court.json", "--split", "2019-12-31",
              "--replications", "2", "--draws", "10", "--out", (dir / "out").string(), "--quiet"};
  }
  return {};
}

class BadInputTest : public CliTest, public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadInputTest, RefusedInOneLineWithExitCodeAndNothingWritten) {
  const BadInput& c = GetParam();
  // Every data file goes into the scratch directory (scenarios name their base beside them),
  // so the message names the scratch path and the folder's listing shows what was written.
  for (const auto& entry : fs::directory_iterator(data("bad"))) fs::copy(entry.path(), scratch / entry.path().filename());
  const fs::path input = scratch / c.file;
  if (c.generate) c.generate(input);
  const std::set<std::string> before = listing(scratch);

  const Measured r = run_measured(command_for(c.reader, input, scratch), scratch);
  ASSERT_FALSE(r.timed_out) << "courtflow did not finish within the deadline";
  EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
  const std::vector<std::string> lines = lines_of(r.err);
  const std::string kind = c.exit_code == 0 ? "warning" : "error";
  const std::regex expected("courtflow: " + kind + ": " + regex_escaped(input.string()) + ": " + c.message);
  ASSERT_EQ(lines.size(), c.lines) << r.err;
  for (const std::string& line : lines) {
    EXPECT_TRUE(std::regex_match(line, expected)) << line << "\n  expected: " << c.message;
  }
  if (c.exit_code != 0) {
    EXPECT_EQ(listing(scratch), before) << "something was written (or a temporary folder left behind)";
  }
  if (c.check_memory) {
    EXPECT_LT(r.max_rss_kib, kMaxRssKibForLongLines) << "the reader held the long line in memory";
  }
}

INSTANTIATE_TEST_SUITE_P(Readers, BadInputTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<BadInput>& param_info) { return param_info.param.name; });

TEST(BadInputTable, HoldsAtLeastFortyCasesAcrossEveryReader) {
  std::set<Reader> readers;
  std::set<std::string> names;
  for (const BadInput& c : cases()) {
    readers.insert(c.reader);
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate case " << c.name;
    if (!c.generate) {
      EXPECT_TRUE(fs::exists(data("bad/" + c.file))) << c.file;
    }
  }
  EXPECT_GE(cases().size(), 40u);
  EXPECT_EQ(readers.size(), 5u);
}

// ---- resource limits: a runaway model (arrivals 2,000 a day at one server) is stopped ----

class ResourceLimits : public CliTest {
 protected:
  Measured run_runaway(std::vector<std::string> extra) {
    std::vector<std::string> args{"run", data("bad/runaway.json"), "--out", (scratch / "out").string(), "--quiet",
                                  "--replications", "1", "--threads", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_measured(args, scratch);
  }
};

TEST_F(ResourceLimits, TheMemoryGuardStopsARunawayModelWithinItsBudget) {
  const Measured r = run_runaway({"--max-memory", "64M"});
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(std::regex_match(
      lines_of(r.err).front(),
      std::regex("courtflow: error: .*runaway\\.json: run stopped by the memory guard: case budget exceeded: more than "
                 "\\d+ cases in the system .*\\(the most that fit in --max-memory 64 MiB with the replications running "
                 "at once\\); the model may be unstable \\(arrivals faster than service\\), or raise --max-memory or "
                 "lower --threads")))
      << r.err;
  // The budget held: the whole process (code, libraries, the cases) stayed near 64 MiB.
  EXPECT_LT(r.max_rss_kib, 96 * 1024);
  EXPECT_FALSE(fs::exists(scratch / "out"));
}

TEST_F(ResourceLimits, ARunWhoseSeriesCannotFitIsRefusedBeforeItStarts) {
  // 100,000 replications x 50,002 two-day periods x 2 rows x 72 bytes: about 670 GiB of series.
  const Measured r = run_measured({"run", data("bad/runaway.json"), "--out", (scratch / "out").string(), "--quiet",
                                   "--replications", "100000", "--period", "2"},
                                  scratch);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(std::regex_match(lines_of(r.err).front(),
                               std::regex("courtflow: error: --max-memory: the run would need about [0-9.]+ GiB for its "
                                          "time series \\(100000 replications x 50002 periods x 2 rows\\), over the "
                                          "memory budget of [0-9.]+ GiB; use fewer --replications, a longer --period, "
                                          "or raise --max-memory")))
      << r.err;
  EXPECT_LT(r.max_rss_kib, 64 * 1024);
  EXPECT_FALSE(fs::exists(scratch / "out"));
}

TEST_F(ResourceLimits, TheEventBudgetStopsARunawayModel) {
  const Measured r = run_runaway({"--max-events", "200000"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("run stopped: event budget of 200000"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--max-events N"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch / "out"));
}

TEST_F(ResourceLimits, AMemoryBudgetThatIsNotASizeIsABadOption) {
  const Measured r = run_runaway({"--max-memory", "lots"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("must be a size such as 512M, 4G or 1.5T (got \"lots\")"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace courtflow::cli::testing

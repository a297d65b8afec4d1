// `courtflow run MODEL --out DIR`: load and validate the model, compile it, run independent
// replications in parallel, and write DIR/summary.json and DIR/timeseries.csv atomically
// (cli/output_dir). Prints a progress line on stderr when it is a terminal, and a short human
// summary on stdout. Defaults that change results (replications, seed) are documented here
// and echoed in summary.json so that every run can be repeated.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <sstream>
#include <vector>

#include "analysis/periods.hpp"
#include "analysis/simulation.hpp"
#include "analysis/summary.hpp"
#include "analysis/timeseries.hpp"
#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/model_input.hpp"
#include "cli/option_checks.hpp"
#include "cli/output_dir.hpp"
#include "models/compile.hpp"
#include "models/dates.hpp"
#include "sim/errors.hpp"
#include "sim/replications.hpp"

namespace courtflow::cli {
namespace {

using analysis::kDefaultReplications;
using analysis::kDefaultSeed;
constexpr double kMaxPeriods = 100000;

struct RunOptions {
  std::string model;
  std::string out;
  int replications = kDefaultReplications;
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;
  std::uint64_t max_events = sim::RunConfig{}.max_events;
  std::uint64_t max_cases = sim::RunConfig{}.max_cases_in_system;
  std::string period;
  bool force = false;
  bool quiet = false;
  CLI::Option* replications_opt = nullptr;
  CLI::Option* seed_opt = nullptr;
};

std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

// "12.3 (11.9-12.8)", or "-" when undefined. decimals < 0: two decimals below 1, one below
// 100, none above.
std::string with_interval(const analysis::Interval& iv, int decimals) {
  if (!iv.has_value()) return "-";
  if (decimals < 0) {
    const double size = std::fabs(iv.mean);
    decimals = size < 1 && iv.mean != 0 ? 2 : size < 100 ? 1 : 0;
  }
  std::string text = fixed(iv.mean, decimals);
  if (iv.n > 1) text += " (" + fixed(iv.lo, decimals) + "-" + fixed(iv.hi, decimals) + ")";
  return text;
}

std::string rate(double events_per_second) {
  if (events_per_second >= 1e6) return fixed(events_per_second / 1e6, 1) + " million";
  if (events_per_second >= 1e3) return fixed(events_per_second / 1e3, 1) + " thousand";
  return fixed(events_per_second, 0);
}

void print_human_summary(std::ostream& out, const analysis::Summary& s, const std::string& dir) {
  out << "model: " << s.model << '\n';
  out << "replications: " << s.replications << ", seed " << s.seed << ", horizon " << fixed(s.horizon_days, 0)
      << " days";
  if (s.warmup_days > 0) out << " (warm-up " << fixed(s.warmup_days, 0) << ")";
  out << '\n';
  const double eps = s.wall_seconds > 0 ? static_cast<double>(s.events) / s.wall_seconds : 0;
  out << "time: " << fixed(s.wall_seconds, 2) << " s, " << s.events << " events (" << rate(eps) << " events/s)\n";
  out << "bottleneck: ";
  if (s.bottleneck.stage) out << *s.bottleneck.stage << ": ";
  out << s.bottleneck.reason << '\n';

  // A small table: rows of strings first, then columns as wide as their widest cell.
  const std::string unit = s.count_unit.empty() ? "cases" : s.count_unit;
  std::vector<std::vector<std::string>> rows{{"stage", "wip_end", "utilisation", "mean_wait_days"}};
  for (const analysis::StageMeasures& m : s.stages) {
    rows.push_back({m.id, with_interval(m.wip_end, -1),
                    m.infinite ? std::string("(no limit)") : with_interval(m.utilisation, 3),
                    with_interval(m.mean_wait_days, -1)});
  }
  rows.push_back({"system", with_interval(s.system.wip_end, -1), "",
                  "time in system " + with_interval(s.system.mean_time_in_system_days, -1)});
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  out << "\nat the horizon, mean (95% CI) across replications, " << unit << ":\n";
  for (const auto& row : rows) {
    std::string line = " ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += ' ';
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - row[c].size() + 1, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
  out << std::right << "\nwrote " << dir << "/summary.json and " << dir << "/timeseries.csv\n";
}

// Progress on stderr, from worker threads: one line rewritten in place.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void update(int done, int total) {
    if (!enabled_) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    if (done <= shown_) return;  // callbacks may arrive out of order
    shown_ = done;
    std::cerr << "\rreplication " << done << '/' << total << std::flush;
  }
  void clear() {
    if (!enabled_) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    if (shown_ > 0) std::cerr << "\r" << std::string(40, ' ') << "\r" << std::flush;
  }

 private:
  bool enabled_;
  std::mutex mutex_;
  int shown_ = 0;
};

int run(const RunOptions& o) {
  // performance.wall_seconds covers the whole run: load, compile and the replications.
  const auto t0 = std::chrono::steady_clock::now();
  // 1. The model: every problem is reported, nothing is written if there are errors.
  LoadedModel loaded = load_and_validate(o.model);
  print_diagnostics(std::cerr, loaded.diagnostics);
  if (loaded.errors > 0) return kExitBadInput;
  const models::Model& model = loaded.model;

  // 2. The output directory is checked before the run, and again when it is committed.
  OutputDir::check_target(o.out, o.force, {o.model});

  // 3. What to run.
  analysis::RunSettings settings;
  if (o.replications_opt->count() > 0) settings.replications = o.replications;
  if (o.seed_opt->count() > 0) settings.seed = o.seed;
  settings.threads = o.threads;
  if (!o.period.empty()) settings.period = *analysis::parse_period(o.period);  // checked by the option's validator
  settings.max_events = o.max_events;
  settings.max_cases = o.max_cases;
  const analysis::PeriodSpec period =
      settings.period ? *settings.period
                      : analysis::default_period(model.horizon_days, model.start_date.has_value());
  const double periods = analysis::count_periods(model.horizon_days, model.warmup_days, period);
  if (periods > kMaxPeriods) {
    throw UsageError("--period " + o.period + ": gives about " + fixed(periods, 0) + " periods over the " +
                     fixed(model.horizon_days, 0) + "-day horizon; at most " + fixed(kMaxPeriods, 0) +
                     " are allowed (use a longer period)");
  }
  Progress progress(!o.quiet && ::isatty(STDERR_FILENO) == 1);
  settings.on_progress = [&progress](int done, int total) { progress.update(done, total); };
  const analysis::PreparedRun prepared = analysis::prepare_run(model, settings, o.model);
  const sim::Network& network = prepared.network;
  const int replications = prepared.replications;
  const std::uint64_t seed = prepared.seed;
  const std::optional<std::int64_t> start_day = prepared.start_day;

  // 4. Run.
  sim::ReplicationSet set;
  try {
    set = analysis::run_prepared(prepared, settings);
  } catch (const sim::BudgetExceeded& e) {
    progress.clear();
    const std::string what = e.what();
    const bool events = what.rfind("event", 0) == 0;
    throw UsageError(o.model + ": run stopped: " + what + "; the model may be unstable (arrivals faster than " +
                     "service), or raise the budget with " + (events ? "--max-events N" : "--max-cases N"));
  } catch (...) {
    progress.clear();
    throw;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  progress.clear();

  // 5. Write, whole or not at all.
  const analysis::Summary summary =
      analysis::summarise(set, model, network, analysis::RunInfo{replications, seed, wall});
  OutputDir out(o.out, o.force, {o.model});
  out.write_file("summary.json", [&](std::ostream& s) { s << analysis::to_json(summary).dump(2) << '\n'; });
  out.write_file("timeseries.csv",
                 [&](std::ostream& s) { analysis::write_timeseries_csv(s, set, network, start_day); });
  out.commit();

  if (!o.quiet) print_human_summary(std::cout, summary, out.target().string());
  return kExitOk;
}

}  // namespace

Command add_run_command(CLI::App& parent) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* app = parent.add_subcommand("run");
  app->description(
      "Simulate a model and write summary.json and timeseries.csv\n\n"
      "Simulate MODEL with independent replications in parallel and write DIR/summary.json\n"
      "(per-stage and system measures with 95% intervals, the bottleneck) and\n"
      "DIR/timeseries.csv (per period, stage and measure: mean, p05, p50, p95).\n"
      "DIR is written whole or not at all. All durations are in days.\n"
      "\n"
      "The same --seed gives the same summary.json (but for performance.wall_seconds) and\n"
      "timeseries.csv whatever --threads. The default period is the calendar month (quarter\n"
      "past a 2-year horizon) when the model has a start_date, else 30 days (91 past 730).");
  app->add_option("MODEL", o->model, "Model or scenario file (JSON)")->required()->type_name("");
  app->add_option("--out", o->out, "Output directory (must be absent or empty, or --force)")
      ->required()
      ->type_name("DIR");
  o->replications_opt = app->add_option("--replications", o->replications,
                                        "Replications [default: the model's, else 10]")
                            ->type_name("N")
                            ->check(whole_number(1, 100000));
  o->seed_opt = app->add_option("--seed", o->seed, "Random seed [default: the model's, else 12345]")
                    ->type_name("S")
                    ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  app->add_option("--threads", o->threads, "Worker threads, 0 = all cores [default: 0]")
      ->type_name("T")
      ->check(whole_number(0, 4096));
  app->add_option("--period", o->period, "Time-series period: month, quarter, year or N days")
      ->type_name("P")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return analysis::parse_period(value) ? std::string()
                                                 : "must be month, quarter, year or a positive number of days (got \"" +
                                                       value + "\")";
          },
          ""));
  app->add_option("--max-events", o->max_events, "Event budget per replication [default: 2e9]")
      ->type_name("N")
      ->check(whole_number(1, std::numeric_limits<std::uint64_t>::max() / 2));
  app->add_option("--max-cases", o->max_cases, "Most cases in the system at once [default: 5e7]")
      ->type_name("N")
      ->check(whole_number(1, std::numeric_limits<std::uint64_t>::max() / 2));
  app->add_flag("--force", o->force, "Replace DIR if it exists and is not empty");
  app->add_flag("--quiet", o->quiet, "No progress line and no summary on stdout");
  app->footer(
      "Examples:\n"
      "  courtflow run models/reference/england_wales.json --out out/ew\n"
      "  courtflow run model.json --out out/run1 --replications 30 --seed 7 --threads 2 --period quarter\n"
      "\n"
      "Exit codes: 0 written; 2 bad usage, bad model (every problem listed) or a run over budget;\n"
      "1 anything else. Nothing is written unless the whole run succeeds.");
  return Command{app, [o] { return run(*o); }};
}

}  // namespace courtflow::cli

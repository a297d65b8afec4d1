// `courtflow run MODEL --out DIR`: load and validate the model, compile it, run independent
// replications in parallel, and write DIR/summary.json and DIR/timeseries.csv atomically
// (cli/output_dir). Prints a progress line on stderr when it is a terminal, and a short human
// summary on stdout. Defaults that change results (replications, seed) are documented here
// and echoed in summary.json so that every run can be repeated.
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <vector>

#include "analysis/periods.hpp"
#include "analysis/simulation.hpp"
#include "analysis/summary.hpp"
#include "analysis/timeseries.hpp"
#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/model_input.hpp"
#include "cli/output_dir.hpp"
#include "cli/run_support.hpp"
#include "models/compile.hpp"
#include "models/dates.hpp"
#include "sim/errors.hpp"
#include "sim/replications.hpp"

namespace courtflow::cli {
namespace {

struct RunOptions {
  std::string model;
  std::string out;
  RunOptionValues run;
  bool force = false;
  bool quiet = false;
};

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
  out << "\nat the horizon, mean (95% CI) across replications, " << unit << ":\n";
  print_table(out, rows);
  out << std::right << "\nwrote " << dir << "/summary.json and " << dir << "/timeseries.csv\n";
}

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
  analysis::RunSettings settings = run_settings(o.run, model);
  Progress progress(Progress::wanted(o.quiet));
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
    throw_over_budget(e, o.model);
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
  add_run_options(*app, o->run);
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

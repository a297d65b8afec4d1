// `courtflow sweep MODEL --vary PATH=START:STOP:STEP [--vary ...] --out DIR`: a parameter sweep
// (analysis/sweep). Every --vary is parsed, every point built and validated before anything
// runs: a bad --vary, a path the model lacks or a point that would not be a valid model is one
// line on stderr and exit 2, with nothing written. Then every point runs with the same
// replications and seed (common random numbers), all runs sharing --threads threads, and
// DIR/sweep.csv and DIR/sweep.json are written atomically.
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "analysis/sweep.hpp"
#include "analysis/timeseries.hpp"
#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/model_input.hpp"
#include "cli/output_dir.hpp"
#include "cli/run_support.hpp"
#include "models/diagnostic.hpp"
#include "models/validate.hpp"
#include "sim/errors.hpp"

namespace courtflow::cli {
namespace {

struct SweepOptions {
  std::string model;
  std::vector<std::string> vary;
  std::string out;
  RunOptionValues run;
  bool force = false;
  bool quiet = false;
};

// "path=value, path=value" of one point, for messages.
std::string describe_point(const std::vector<analysis::SweepAxis>& axes, const analysis::SweepPoint& point) {
  std::string text;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    text += (a == 0 ? "" : ", ") + axes[a].path + "=" + analysis::format_number(point.values[a]);
  }
  return text;
}

int run(const SweepOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  // 1. The --vary specs (syntax only), then the model, then what the paths name in it.
  std::vector<analysis::SweepAxis> axes;
  for (const std::string& text : o.vary) {
    try {
      axes.push_back(analysis::parse_vary(text));
    } catch (const analysis::SweepSpecError& e) {
      throw UsageError("--vary " + std::string(e.what()));
    }
  }
  LoadedModel loaded = load_and_validate(o.model);
  print_diagnostics(std::cerr, loaded.diagnostics);
  if (loaded.errors > 0) return kExitBadInput;
  const models::Model& model = loaded.model;
  std::vector<analysis::SweepPoint> points;
  try {
    points = analysis::sweep_points(model, axes);
  } catch (const analysis::SweepSpecError& e) {
    throw UsageError("--vary " + std::string(e.what()) + " (in " + o.model + ")");
  }
  // A swept value holds for the whole run: a schedule it replaces (the model's, or a scenario's
  // change) is said, not dropped quietly.
  for (const std::string& note : analysis::schedules_replaced(model, axes)) print_warning(std::cerr, o.model + ": " + note);
  // 2. Every point must be a valid model: the first problem, with the point, is the error.
  for (const analysis::SweepPoint& point : points) {
    for (const models::Diagnostic& d : models::validate(point.model, o.model)) {
      if (d.warning) continue;
      throw UsageError("--vary: point " + std::to_string(point.index) + " (" + describe_point(axes, point) +
                       ") is not a valid model: " + d.to_string());
    }
  }
  OutputDir::check_target(o.out, o.force, {o.model});

  // 3. Run.
  analysis::RunSettings settings = run_settings(o.run, model);
  Progress progress(Progress::wanted(o.quiet) && writes_outputs());
  progress.set_label("sweep, " + std::to_string(points.size()) + " points");
  settings.on_progress = [&progress](int done, int total) { progress.update(done, total); };
  analysis::Sweep sweep;
  try {
    sweep = analysis::run_sweep(model, std::move(points), axes, settings, o.model);
  } catch (const sim::BudgetExceeded& e) {
    progress.clear();
    throw_over_budget(e, o.model);
  } catch (...) {
    progress.clear();
    throw;
  }
  progress.clear();
  if (!writes_outputs()) return kExitOk;  // an MPI rank other than 0: its runs are gathered
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // 4. Write, whole or not at all.
  OutputDir out(o.out, o.force, {o.model});
  out.write_file("sweep.csv", [&](std::ostream& s) { analysis::write_sweep_csv(s, sweep); });
  out.write_file("sweep.json", [&](std::ostream& s) { s << analysis::sweep_json(sweep).dump(2) << '\n'; });
  out.commit();
  if (!o.quiet) {
    std::cout << "model: " << model.name << '\n'
              << "points: " << sweep.points.size() << " x " << sweep.replications << " replications, seed "
              << sweep.seed << " (the same at every point)\n"
              << "time: " << fixed(wall, 2) << " s, " << sweep.events << " events\n";
    const std::string dir = out.target().string();
    std::cout << "wrote " << dir << "/sweep.csv and " << dir << "/sweep.json\n";
  }
  return kExitOk;
}

}  // namespace

Command add_sweep_command(CLI::App& parent) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* app = parent.add_subcommand("sweep");
  app->description(
      "Run a model over a grid of parameter values and write one tidy CSV\n\n"
      "Each --vary PATH=START:STOP:STEP steps one number of the model file from START to\n"
      "STOP; with several, every combination is a point. Every point runs with the same\n"
      "replications and seed (common random numbers), all points' runs sharing --threads\n"
      "threads, and DIR/sweep.csv (point, one column per PATH, stage, measure, mean, ci_lo,\n"
      "ci_hi) and DIR/sweep.json are written whole or not at all.\n"
      "\n"
      "PATH: keys joined by dots; list items by number (arrivals[0].rate_per_day,\n"
      "routes[3].p) or, for stages, case_types and groups, by id (stages.cc_trial.servers).\n"
      "A stage's servers and an arrival's rate_per_day are set for the whole run (a schedule\n"
      "gives way); one step is stages.ID.capacity[N].servers. A route's p is set alone: the\n"
      "other routes out of the stage keep theirs.");
  app->add_option("MODEL", o->model, "Model or scenario file (JSON)")->required()->type_name("");
  app->add_option("--vary", o->vary, "PATH=START:STOP:STEP, e.g. stages.cc_trial.servers=400:600:50 (repeatable)")
      ->required()
      ->type_name("SPEC");
  app->add_option("--out", o->out, "Output directory (must be absent or empty, or --force)")
      ->required()
      ->type_name("DIR");
  add_run_options(*app, o->run);
  app->add_flag("--force", o->force, "Replace DIR if it exists and is not empty");
  app->add_flag("--quiet", o->quiet, "No progress line and no summary on stdout");
  app->footer(
      "Examples:\n"
      "  courtflow sweep models/reference/england_wales.json --vary stages.cc_trial.servers=400:600:50 --out out/sweep\n"
      "  courtflow sweep model.json --vary arrivals[0].rate_per_day=0.8:1.2:0.1 --vary routes[0].p=0.5:0.9:0.2 --out out/s\n"
      "\n"
      "Exit codes: 0 written; 2 bad usage, a bad --vary, a bad model or point, or a run over\n"
      "budget; 1 anything else. Nothing is written unless the whole sweep succeeds.");
  return Command{app, [o] { return run(*o); }};
}

}  // namespace courtflow::cli

// `courtflow compare BASE SCENARIO... --out DIR`: load and validate every file first (nothing
// runs if one is bad), run the base and each scenario with the same seed and replication count
// (common random numbers: replication r of each pairs with replication r of the base), and
// write DIR/comparison.json, comparison.csv and comparison_timeseries.csv atomically. The
// replications, seed and reporting period are the base's (command line, else the base model's,
// else the defaults) and are imposed on every scenario, so the pairs line up. Prints a short
// table of changes with 95% intervals on stdout.
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/comparison_output.hpp"
#include "analysis/measures.hpp"
#include "analysis/simulation.hpp"
#include "analysis/summary.hpp"
#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/output_dir.hpp"
#include "cli/run_support.hpp"
#include "cli/scenario_inputs.hpp"
#include "models/model_json.hpp"
#include "sim/errors.hpp"
#include "sim/replications.hpp"

namespace courtflow::cli {
namespace {

struct CompareOptions {
  std::string base;
  std::vector<std::string> scenarios;
  std::string out;
  RunOptionValues run;
  bool force = false;
  bool quiet = false;
};

// The short table on stdout for one scenario.
void print_scenario(std::ostream& out, const analysis::ComparedScenario& s, const std::string& base,
                    const std::string& unit) {
  const analysis::ScenarioComparison& c = s.comparison;
  out << '\n' << s.name << " against " << base << ": mean (95% CI), " << unit << ", days\n";
  std::vector<std::vector<std::string>> rows{{"stage", "measure", "base", "scenario", "change"}};
  const auto add = [&rows](const std::string& where, const std::string& measure, const analysis::PairedMeasure& m,
                           int decimals) {
    rows.push_back({where, measure, with_interval(m.base, decimals), with_interval(m.scenario, decimals),
                    with_interval(m.delta, decimals, true)});
  };
  add("system", "mean_time_in_system_days", c.system.mean_time_in_system_days, -1);
  add("system", "wip_end", c.system.wip_end, -1);
  add("system", "completed", c.system.completed, -1);
  add("system", "abandoned", c.system.abandoned, -1);
  for (const analysis::StageComparison& st : c.stages) {
    add(st.id, "wip_end", st.wip_end, -1);
    if (st.infinite) continue;
    add(st.id, "mean_wait_days", st.mean_wait_days, -1);
    add(st.id, "utilisation", st.utilisation, 3);
  }
  print_table(out, rows);
  for (const std::string& note : s.notes) out << "  note: " << note << '\n';
}

void print_human(std::ostream& out, const analysis::Comparison& c, double wall, const std::string& dir) {
  out << "base: " << c.base << '\n';
  out << "replications: " << c.replications << " paired by common random numbers, seed " << c.seed << ", horizon "
      << fixed(c.horizon_days, 0) << " days";
  if (c.warmup_days > 0) out << " (warm-up " << fixed(c.warmup_days, 0) << ")";
  out << '\n';
  out << "time: " << fixed(wall, 2) << " s for the base and " << c.scenarios.size()
      << (c.scenarios.size() == 1 ? " scenario\n" : " scenarios\n");
  const std::string unit = c.count_unit.empty() ? "cases" : c.count_unit;
  for (const analysis::ComparedScenario& s : c.scenarios) print_scenario(out, s, c.base, unit);
  out << "\nwrote " << dir << "/comparison.json, " << dir << "/comparison.csv and " << dir
      << "/comparison_timeseries.csv\n";
}

int compare(const CompareOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  if (o.scenarios.empty()) throw UsageError("compare: needs a base and at least one scenario");
  std::vector<std::string> files{o.base};
  files.insert(files.end(), o.scenarios.begin(), o.scenarios.end());

  // 1. Every file loads and validates before anything runs.
  std::optional<std::vector<ScenarioInput>> loaded = load_scenario_inputs(files, std::cerr);
  if (!loaded) return kExitBadInput;
  std::vector<ScenarioInput>& inputs = *loaded;
  std::vector<std::filesystem::path> input_paths(files.begin(), files.end());
  OutputDir::check_target(o.out, o.force, input_paths);

  // 2. Settings: the base's replications, seed and period for everyone, so that the pairs line up.
  ScenarioInput& base = inputs.front();
  prepare_base(base, o.run);
  prepare_scenarios(inputs, o.run);

  // 3. Run, one model after another (each uses every thread for its replications).
  Progress progress(Progress::wanted(o.quiet) && writes_outputs());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    ScenarioInput& in = inputs[i];
    progress.set_label(i == 0 ? "base " + in.loaded.model.name
                              : "scenario " + std::to_string(i) + "/" + std::to_string(inputs.size() - 1) + " " +
                                    in.loaded.model.name);
    in.settings.on_progress = [&progress](int done, int total) { progress.update(done, total); };
    try {
      in.results = analysis::run_prepared(*in.prepared, in.settings);
    } catch (const sim::BudgetExceeded& e) {
      progress.clear();
      throw_over_budget(e, in.file);
    } catch (...) {
      progress.clear();
      throw;
    }
  }
  progress.clear();
  if (!writes_outputs()) return kExitOk;  // an MPI rank other than 0: its runs are gathered
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // 4. Compare.
  analysis::Comparison comparison = compare_scenarios_with_base(inputs);
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    analysis::ComparedScenario& s = comparison.scenarios[i - 1];
    s.notes = analysis::comparison_notes(base.loaded.model, inputs[i].loaded.model, s.comparison);
    for (const std::string& note : s.notes) print_warning(std::cerr, inputs[i].file + ": " + note);
  }

  // 5. Write, whole or not at all.
  OutputDir out(o.out, o.force, input_paths);
  out.write_file("comparison.json", [&](std::ostream& f) { f << analysis::to_json(comparison).dump(2) << '\n'; });
  out.write_file("comparison.csv", [&](std::ostream& f) { analysis::write_comparison_csv(f, comparison); });
  out.write_file("comparison_timeseries.csv", [&](std::ostream& f) {
    analysis::write_comparison_timeseries_csv(f, comparison, base.prepared->start_day);
  });
  out.commit();

  if (!o.quiet) print_human(std::cout, comparison, wall, out.target().string());
  return kExitOk;
}

}  // namespace

Command add_compare_command(CLI::App& parent) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* app = parent.add_subcommand("compare");
  app->description(
      "Compare scenarios with a base model, paired by common random numbers\n\n"
      "Run BASE and each SCENARIO with the same seed and replications. Each stage draws the\n"
      "same random numbers in every run (common random numbers), so replication r of a\n"
      "scenario pairs with replication r of the base: the change scenario - base is taken\n"
      "within each pair, then given as a mean with a 95% interval across pairs. Pairing\n"
      "removes most of the noise the runs share, so intervals on changes are far narrower\n"
      "than the intervals of the two levels would suggest.\n"
      "\n"
      "Writes DIR/comparison.json (per scenario: \"delta\" for the system, every stage and case\n"
      "type; the levels of base and scenario; the changes applied), DIR/comparison.csv (tidy:\n"
      "scenario, stage, measure, base, scenario and change with its interval) and\n"
      "DIR/comparison_timeseries.csv (change per period of wip, waiting, wip_over_N_days\n"
      "with N = --over, and completions).\n"
      "DIR is written whole or not at all. All durations are in days.\n"
      "\n"
      "Replications, seed and period are the base's (option, else the base model's, else the\n"
      "defaults) for every run. Stages and case types are matched by id; ids in only one run\n"
      "are listed and left out. The same --seed gives the same files whatever --threads.");
  app->add_option("BASE", o->base, "The base model (a model or scenario file)")->required()->type_name("");
  app->add_option("SCENARIO", o->scenarios, "One or more scenarios (scenario or model files)")
      ->required()
      ->type_name("");
  app->add_option("--out", o->out, "Output directory (must be absent or empty, or --force)")
      ->required()
      ->type_name("DIR");
  add_run_options(*app, o->run);
  add_over_option(*app, o->run);
  app->add_flag("--force", o->force, "Replace DIR if it exists and is not empty");
  app->add_flag("--quiet", o->quiet, "No progress line and no table on stdout");
  app->footer(
      "Examples:\n"
      "  courtflow compare models/reference/england_wales.json \\\n"
      "      scenarios/examples/ew_more_sitting_days.json --out out/sitting-days\n"
      "  courtflow compare models/reference/divorce.json scenarios/examples/divorce_fix_review.json \\\n"
      "      --out out/divorce --replications 20 --seed 7\n"
      "\n"
      "Exit codes: 0 written; 2 bad usage, a bad model or scenario (every problem listed; nothing\n"
      "runs) or a run over budget; 1 anything else. Nothing is written unless every run succeeds.");
  return Command{app, [o] { return compare(*o); }};
}

}  // namespace courtflow::cli

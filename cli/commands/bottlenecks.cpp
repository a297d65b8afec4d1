// `courtflow bottlenecks MODEL --out DIR`: rank the stages where throughput is lost and price
// extra capacity. Loads and validates the model like `run`, runs the base and one run per
// priced stage through analysis/bottleneck_report (same seed: common random numbers), and
// writes DIR/bottlenecks.json and DIR/bottlenecks.csv atomically (cli/output_dir). Stdout
// gets the ranking and the marginal-value table; stderr a progress line on a terminal.
#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/bottleneck_report.hpp"
#include "analysis/marginal_capacity.hpp"
#include "analysis/periods.hpp"
#include "analysis/simulation.hpp"
#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/model_input.hpp"
#include "cli/option_checks.hpp"
#include "cli/output_dir.hpp"
#include "cli/run_support.hpp"
#include "models/dates.hpp"
#include "sim/errors.hpp"

namespace courtflow::cli {
namespace {

struct BottlenecksOptions {
  std::string model;
  std::string out;
  RunOptionValues run;
  std::string add = "1";
  std::vector<std::string> stages;
  bool force = false;
  bool quiet = false;
};

std::string unit_of(const analysis::BottleneckReport& r) { return r.count_unit.empty() ? "cases" : r.count_unit; }

// "cc_trial throughout" or "a until 2025-03-31, then b until ..., then c": the top stage per
// period, collapsed into runs.
std::string shifting_text(const analysis::BottleneckReport& r) {
  struct Spell {
    std::string stage;
    double last_end = 0;
  };
  std::vector<Spell> spells;
  for (const analysis::PeriodRanking& p : r.ledger.by_period) {
    const std::string stage = p.order.empty() ? std::string("(none)") : r.ledger.rows[p.order.front()].stage;
    if (spells.empty() || spells.back().stage != stage) spells.push_back({stage, p.period_end_day});
    spells.back().last_end = p.period_end_day;
  }
  if (spells.empty()) return "no periods";
  if (spells.size() == 1) return spells.front().stage + " in every period";
  constexpr std::size_t kShown = 6;
  std::string text;
  for (std::size_t k = 0; k < spells.size() && k < kShown; ++k) {
    if (k > 0) text += ", then ";
    text += spells[k].stage;
    if (k + 1 < spells.size()) {
      text += " to ";
      if (r.start_day) {
        text += models::format_iso_date(analysis::period_label_day(*r.start_day, spells[k].last_end));
      } else {
        text += "day " + fixed(spells[k].last_end, 0);
      }
    }
  }
  if (spells.size() > kShown) text += " (" + std::to_string(spells.size() - kShown) + " more changes)";
  return text;
}

void print_report(std::ostream& out, const analysis::BottleneckReport& r, double wall, const std::string& dir) {
  out << "model: " << r.model << '\n';
  out << "replications: " << r.replications << ", seed " << r.seed << ", horizon " << fixed(r.horizon_days, 0)
      << " days";
  if (r.warmup_days > 0) out << " (warm-up " << fixed(r.warmup_days, 0) << ")";
  out << "; " << r.runs << (r.runs == 1 ? " run" : " runs") << " in " << fixed(wall, 1) << " s\n";

  out << "\nranking, worst first (utilisation: mean and 95% CI across replications):\n";
  if (r.ledger.ranking.empty()) {
    out << "  no capacity-limited stage: every stage is a pure delay\n";
  } else {
    std::vector<std::vector<std::string>> rows{{"rank", "stage", "utilisation", "reason"}};
    int rank = 0;
    for (const analysis::LedgerRank& entry : r.ledger.ranking) {
      const analysis::LedgerRow& row = r.ledger.rows[entry.row];
      rows.push_back({std::to_string(++rank), row.stage, with_interval(row.utilisation, 2), entry.reason});
    }
    print_table(out, rows);
  }

  if (!r.marginal.empty()) {
    out << "\nmarginal value of capacity (scenario - base, paired by replication; mean and 95% CI):\n";
    std::vector<std::vector<std::string>> rows{
        {"stage", "added", "time_in_system_days", "wip_end_" + unit_of(r), "stage_wait_days"}};
    for (const analysis::MarginalEntry& m : r.marginal) {
      rows.push_back({r.ledger.rows[m.stage].stage, "+" + std::to_string(m.added_servers),
                      with_interval(m.delta.mean_time_in_system_days, -1, true),
                      with_interval(m.delta.wip_end, -1, true),
                      with_interval(m.delta.stage_mean_wait_days, -1, true)});
    }
    print_table(out, rows);
  }

  if (!r.ledger.by_period.empty() && !r.ledger.ranking.empty()) {
    out << "\nbottleneck by period: " << shifting_text(r) << '\n';
  }
  const analysis::TrafficSolution& t = r.traffic;
  out << "analytic cross-check: ";
  if (!t.solved) {
    out << "not available: " << t.problem << '\n';
  } else {
    if (t.binding_stage) {
      out << "throughput bound " << fixed(t.throughput_bound_per_day, 1) << " " << unit_of(r)
          << "/day entering (binding stage " << r.ledger.rows[*t.binding_stage].stage << ") against "
          << fixed(t.external_arrivals_per_day, 1) << "/day arriving";
    } else {
      out << "no capacity-limited stage is reached";
    }
    std::string disagree;
    for (std::size_t i = 0; i < r.checks.size(); ++i) {
      if (!r.checks[i].disagrees) continue;
      disagree += disagree.empty() ? "" : ", ";
      disagree += r.ledger.rows[i].stage;
    }
    out << "; " << (disagree.empty() ? std::string("simulation agrees at every stage")
                                      : "simulation differs at " + disagree + " (see analytic in bottlenecks.json)");
    if (!t.stationary) out << "; network not stationary";
    out << '\n';
  }
  out << "\nwrote " << dir << "/bottlenecks.json and " << dir << "/bottlenecks.csv\n";
}

int run_bottlenecks(const BottlenecksOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  // 1. The model: every problem is reported, nothing is written if there are errors.
  LoadedModel loaded = load_and_validate(o.model);
  print_diagnostics(std::cerr, loaded.diagnostics);
  if (loaded.errors > 0) return kExitBadInput;
  const models::Model& model = loaded.model;

  // 2. The output directory, checked before the runs and again when it is committed.
  OutputDir::check_target(o.out, o.force, {o.model});

  // 3. What to run.
  analysis::RunSettings settings = run_settings(o.run, model);
  Progress progress(Progress::wanted(o.quiet));
  settings.on_progress = [&progress](int done, int total) { progress.update(done, total); };
  const analysis::PreparedRun prepared = analysis::prepare_run(model, settings, o.model);
  analysis::BottleneckOptions options;
  options.add = *analysis::parse_add_servers(o.add);  // checked by the option's validator
  options.stages = o.stages;
  if (const auto problem = analysis::check_marginal_stages(prepared.network, options.stages)) {
    throw UsageError("--stages: " + o.model + ": " + *problem);
  }
  options.on_run = [&progress](int run, int runs, const std::string& label) {
    progress.set_label("run " + std::to_string(run + 1) + "/" + std::to_string(runs) + " (" + label + ")");
  };

  // 4. Run.
  analysis::BottleneckReport report;
  try {
    report = analysis::analyse_bottlenecks(prepared, settings, options);
  } catch (const sim::BudgetExceeded& e) {
    progress.clear();
    throw_over_budget(e, o.model);
  } catch (...) {
    progress.clear();
    throw;
  }
  progress.clear();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // 5. Write, whole or not at all.
  OutputDir out(o.out, o.force, {o.model});
  out.write_file("bottlenecks.json", [&](std::ostream& s) { s << analysis::to_json(report).dump(2) << '\n'; });
  out.write_file("bottlenecks.csv", [&](std::ostream& s) { analysis::write_bottlenecks_csv(s, report); });
  out.commit();

  if (!o.quiet) print_report(std::cout, report, wall, out.target().string());
  return kExitOk;
}

}  // namespace

Command add_bottlenecks_command(CLI::App& parent) {
  auto o = std::make_shared<BottlenecksOptions>();
  CLI::App* app = parent.add_subcommand("bottlenecks");
  app->description(
      "Rank stages where throughput is lost and price extra capacity (bottlenecks.json)\n\n"
      "Simulate MODEL, then write DIR/bottlenecks.json and DIR/bottlenecks.csv:\n"
      "  - a ledger per stage: demand against capacity, utilisation, mean wait, queue growth,\n"
      "    share of time in system spent waiting there, work in progress and its age;\n"
      "  - the capacity-limited stages ranked worst first, each with a reason in plain words\n"
      "    (pure delays are never bottlenecks); the same ranking per report period;\n"
      "  - an analytic cross-check: visit rates from the traffic equations, offered load per\n"
      "    stage and the throughput bound, with disagreements flagged;\n"
      "  - the marginal value of capacity: for each capacity-limited stage, K more servers at\n"
      "    every step of its schedule and a rerun with the same seed (common random numbers);\n"
      "    the paired change in mean time in system and in work in progress at the horizon.\n"
      "Runs: 1 + one per priced stage, one after another, each with its replications in\n"
      "parallel. The same --seed gives byte-identical files whatever --threads.");
  app->add_option("MODEL", o->model, "Model or scenario file (JSON)")->required()->type_name("");
  app->add_option("--out", o->out, "Output directory (must be absent or empty, or --force)")
      ->required()
      ->type_name("DIR");
  add_run_options(*app, o->run);
  app->add_option("--add", o->add,
                  "Servers added per priced stage: K (whole number) or P% of its servers,\n"
                  "rounded up, at least 1 [default: 1]")
      ->type_name("K|P%")
      ->check(added_servers());
  app->add_option("--stages", o->stages, "Price only these capacity-limited stages [default: all]")
      ->type_name("ID,ID")
      ->delimiter(',');
  app->add_flag("--force", o->force, "Replace DIR if it exists and is not empty");
  app->add_flag("--quiet", o->quiet, "No progress line and no tables on stdout");
  app->footer(
      "Examples:\n"
      "  courtflow bottlenecks models/reference/divorce.json --out out/divorce-bn\n"
      "  courtflow bottlenecks model.json --out out/bn --add 10% --stages review,hearing --replications 20\n"
      "\n"
      "Exit codes: 0 written; 2 bad usage, bad model (every problem listed) or a run over budget;\n"
      "1 anything else. Nothing is written unless every run succeeds.");
  return Command{app, [o] { return run_bottlenecks(*o); }};
}

}  // namespace courtflow::cli

// `courtflow run MODEL --out DIR`: load and validate the model, compile it, run independent
// replications in parallel, and write DIR/summary.json and DIR/timeseries.csv atomically
// (cli/output_dir). Prints a progress line on stderr when it is a terminal, and a short human
// summary on stdout. Defaults that change results (replications, seed) are documented here
// and echoed in summary.json so that every run can be repeated.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/backlog.hpp"
#include "analysis/eventlog/simulated_log.hpp"
#include "analysis/periods.hpp"
#include "analysis/simulation.hpp"
#include "analysis/stage_groups.hpp"
#include "analysis/summary.hpp"
#include "analysis/timeseries.hpp"
#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/model_input.hpp"
#include "cli/option_checks.hpp"
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
  std::vector<std::string> targets;  ///< --target N or STAGE=N, as typed
  std::vector<std::string> show;     ///< --show ID: groups, stages or "system" to print by period
  double target_after = -1;          ///< --target-after DAY (-1: every period end)
  std::string event_log;  ///< --event-log FILE: replication 0's simulated event log (CSV)
  bool force = false;
  bool quiet = false;
};

// --event-log FILE is checked before the run, as --out is: a path that cannot be written is
// bad input (exit 2, nothing written), not a failure found after the work is done.
void check_event_log_target(const std::string& path, const std::string& model) {
  namespace fs = std::filesystem;
  const fs::path file(path);
  check_file_target(file, "--event-log");
  std::error_code ec;
  if (fs::equivalent(file, model, ec)) throw UsageError("--event-log " + path + ": is the model file");
}

std::string rate(double events_per_second) {
  if (events_per_second >= 1e6) return fixed(events_per_second / 1e6, 1) + " million";
  if (events_per_second >= 1e3) return fixed(events_per_second / 1e3, 1) + " thousand";
  return fixed(events_per_second, 0);
}

// A --target value: "N" (every stage and the system) or "STAGE=N"; N cases, >= 0.
struct TargetSpec {
  std::string stage;  ///< empty: every stage and the system
  double wip = 0;
};

std::optional<TargetSpec> parse_target(const std::string& text) {
  TargetSpec spec;
  std::string number = text;
  const std::size_t eq = text.rfind('=');
  if (eq != std::string::npos) {
    spec.stage = text.substr(0, eq);
    number = text.substr(eq + 1);
    if (spec.stage.empty()) return std::nullopt;
  }
  const char* last = number.data() + number.size();
  const auto [end, ec] = std::from_chars(number.data(), last, spec.wip, std::chars_format::fixed);
  if (number.empty() || ec != std::errc() || end != last || !(spec.wip >= 0) || spec.wip > 1e12) return std::nullopt;
  return spec;
}

// Per row of the period series (stages, then the system): the target, NaN where none. A
// named stage overrides a plain number. Throws UsageError for a stage the model lacks.
std::vector<double> resolve_targets(const std::vector<std::string>& texts, const sim::Network& network,
                                    const std::string& model_file) {
  std::vector<double> rows;
  if (texts.empty()) return rows;
  rows.assign(network.stages.size() + 1, std::nan(""));
  std::vector<TargetSpec> named;
  for (const std::string& text : texts) {
    const TargetSpec spec = *parse_target(text);  // checked by the option's validator
    if (spec.stage.empty()) {
      std::fill(rows.begin(), rows.end(), spec.wip);
    } else {
      named.push_back(spec);
    }
  }
  for (const TargetSpec& spec : named) {
    if (spec.stage == "system") {
      rows.back() = spec.wip;
      continue;
    }
    const auto it = std::find_if(network.stages.begin(), network.stages.end(),
                                 [&](const sim::StageSpec& st) { return st.name == spec.stage; });
    if (it == network.stages.end()) {
      std::string ids;
      for (const sim::StageSpec& st : network.stages) ids += (ids.empty() ? "" : ", ") + st.name;
      throw UsageError("--target " + spec.stage + "=...: no stage \"" + spec.stage + "\" in " + model_file +
                       " (stages: " + ids + ", or system)");
    }
    rows[static_cast<std::size_t>(it - network.stages.begin())] = spec.wip;
  }
  return rows;
}

void print_targets(std::ostream& out, const analysis::Summary& s) {
  if (s.targets.empty()) return;
  out << "\ntime to clear to the target (first period end with wip at or below it";
  if (!s.targets.empty() && s.targets.front().after_day >= 0) out << " after day " << fixed(s.targets.front().after_day, 0);
  out << "), days from day 0:\n";
  std::vector<std::vector<std::string>> rows{{"stage", "target", "reached", "days_to_target"}};
  for (const analysis::TargetResult& t : s.targets) {
    rows.push_back({t.id, fixed(t.target_wip, t.target_wip == std::trunc(t.target_wip) ? 0 : 1),
                    std::to_string(t.reached) + "/" + std::to_string(t.replications),
                    t.reached == 0 ? std::string("not within the horizon") : with_interval(t.days, 0)});
  }
  print_table(out, rows);
}

// The --show selections (default: the model's groups), each an id the model knows. Throws
// UsageError for an unknown id, before anything runs.
std::vector<analysis::CaseloadSelection> resolve_show(const std::vector<std::string>& ids, const models::Model& model,
                                                      const sim::Network& network, const std::string& model_file) {
  if (ids.empty()) return analysis::model_groups(model, network);
  std::vector<analysis::CaseloadSelection> out;
  for (const std::string& id : ids) {
    std::optional<analysis::CaseloadSelection> sel = analysis::find_selection(id, model, network);
    if (!sel) {
      std::string known;
      for (const models::StageGroupDef& g : model.groups) known += (known.empty() ? "" : ", ") + g.id;
      for (const sim::StageSpec& st : network.stages) known += (known.empty() ? "" : ", ") + st.name;
      throw UsageError("--show " + id + ": no group or stage \"" + id + "\" in " + model_file + " (known: " +
                       known + ", system)");
    }
    out.push_back(std::move(*sel));
  }
  return out;
}

// A whole number with thousands separators ("73,170"), as caseloads are published.
std::string grouped(double value) {
  std::string digits = fixed(std::fabs(value), 0);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return (value <= -0.5 ? "-" : "") + digits;
}

// Per selection, the open caseload at each period end: the mean with its 95% confidence
// interval (how sure the projection of the average is) and the 5%-95% range across
// replications (where one actual future may fall).
void print_caseloads(std::ostream& out, const sim::ReplicationSet& set,
                     const std::vector<analysis::CaseloadSelection>& selections,
                     std::optional<std::int64_t> start_day, const std::string& unit) {
  for (const analysis::CaseloadSelection& sel : selections) {
    out << "\nopen caseload, " << sel.id;
    if (!sel.description.empty()) out << " (" << sel.description << ")";
    out << ", " << unit << " at each period end:\n";
    std::vector<std::vector<std::string>> rows{
        {start_day ? "period_end" : "period_end_day", "mean (95% CI)", "5%-95% of replications"}};
    for (const analysis::CaseloadPoint& p : analysis::caseload_series(set, sel)) {
      const std::string when = start_day ? models::format_iso_date(analysis::period_label_day(*start_day, p.period_end))
                                         : fixed(p.period_end, 0);
      if (!p.mean.has_value()) {
        rows.push_back({when, "-", "-"});
        continue;
      }
      const std::string ci = p.mean.n > 1 ? " (" + grouped(p.mean.lo) + "-" + grouped(p.mean.hi) + ")" : "";
      rows.push_back({when, grouped(p.mean.mean) + ci, grouped(p.p05) + "-" + grouped(p.p95)});
    }
    print_table(out, rows);
  }
}

void print_human_summary(std::ostream& out, const analysis::Summary& s) {
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
  print_targets(out, s);
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
  if (!o.event_log.empty()) check_event_log_target(o.event_log, o.model);

  // 3. What to run.
  analysis::RunSettings settings = run_settings(o.run, model);
  Progress progress(Progress::wanted(o.quiet) && writes_outputs());
  settings.on_progress = [&progress](int done, int total) { progress.update(done, total); };
  const analysis::PreparedRun prepared = analysis::prepare_run(model, settings, o.model);
  const sim::Network& network = prepared.network;
  const int replications = prepared.replications;
  const std::uint64_t seed = prepared.seed;
  const std::optional<std::int64_t> start_day = prepared.start_day;
  const std::vector<double> targets = resolve_targets(o.targets, network, o.model);
  const std::vector<analysis::CaseloadSelection> shown = resolve_show(o.show, model, network, o.model);
  if (o.target_after >= 0 && targets.empty()) throw UsageError("--target-after: needs --target");

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
  if (!writes_outputs()) return kExitOk;  // an MPI rank other than 0: its runs are gathered

  // 5. Write, whole or not at all.
  analysis::Summary summary = analysis::summarise(set, model, network, analysis::RunInfo{replications, seed, wall});
  if (!targets.empty()) summary.targets = analysis::days_to_target(set, network, targets, o.target_after);
  OutputDir out(o.out, o.force, {o.model});
  out.write_file("summary.json", [&](std::ostream& s) { s << analysis::to_json(summary).dump(2) << '\n'; });
  out.write_file("timeseries.csv",
                 [&](std::ostream& s) { analysis::write_timeseries_csv(s, set, network, start_day); });
  const std::vector<analysis::CaseloadSelection> groups = analysis::model_groups(model, network);
  if (!groups.empty()) {
    out.write_file("groups.csv", [&](std::ostream& s) { analysis::write_groups_csv(s, set, groups, start_day); });
  }
  // The event log re-runs replication 0 with a trace (same streams, same results) and is
  // written atomically beside the output directory, before the directory is committed.
  if (!o.event_log.empty()) {
    write_file_atomically(o.event_log, [&](std::ostream& s) {
      analysis::eventlog::write_simulated_event_log(s, prepared, 0);
    });
  }
  out.commit();

  if (!o.quiet) {
    print_human_summary(std::cout, summary);
    print_caseloads(std::cout, set, shown, start_day, summary.count_unit.empty() ? "cases" : summary.count_unit);
    const std::string dir = out.target().string();
    std::cout << std::right << "\nwrote " << dir << "/summary.json, " << dir << "/timeseries.csv";
    if (!groups.empty()) std::cout << " and " << dir << "/groups.csv";
    std::cout << '\n';
  }
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
      "past a 2-year horizon) when the model has a start_date, else 30 days (91 past 730).\n"
      "\n"
      "Backlog measures: timeseries.csv carries, per period and stage, the open caseload's\n"
      "median and 90th-percentile age, wip_over_N_days and share_over_N_days (N = --over,\n"
      "default 365) and clearance_ratio (cases leaving over cases arriving in the period).\n"
      "--target adds, per stage in summary.json, days_to_target: the first period end at\n"
      "which the stage's open caseload is at or below the target (after --target-after DAY,\n"
      "if given), with the share of replications that got there. To clear to a year's level\n"
      "(\"the 2019 level\"), look up that year's published open caseload for the stage and\n"
      "pass it as a number: a model file carries no history.\n"
      "\n"
      "Groups: a model's \"groups\" (e.g. crown_court = every Crown Court stage) are summed\n"
      "within each replication into DIR/groups.csv (wip and waiting per period) and\n"
      "summary.json \"groups\"; the terminal shows each group's open caseload by period.");
  app->add_option("MODEL", o->model, "Model or scenario file (JSON)")->required()->type_name("");
  app->add_option("--out", o->out, "Output directory (must be absent or empty, or --force)")
      ->required()
      ->type_name("DIR");
  add_run_options(*app, o->run);
  add_over_option(*app, o->run);
  app->add_option("--target", o->targets,
                  "Time to clear to an open caseload: N cases for every stage and the system, or\n"
                  "STAGE=N (repeatable); a year such as 2019 is read as a number of cases")
      ->type_name("N|STAGE=N")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return parse_target(value) ? std::string()
                                       : "must be a number of cases >= 0, or STAGE=N (got \"" + value + "\")";
          },
          ""));
  app->add_option("--target-after", o->target_after,
                  "Look for the target only at period ends after DAY (e.g. the day a fix starts)")
      ->type_name("DAY")
      ->check(whole_number(0, 1000000000));
  app->add_option("--show", o->show,
                  "Print the open caseload at each period end (mean, 95% CI, 5%-95% range) for a\n"
                  "group, stage or system (repeatable; default: the model's groups)")
      ->type_name("ID");
  app->add_option("--event-log", o->event_log,
                  "Also write replication 0's simulated event log as CSV (case_id, activity,\n"
                  "timestamp, start, case_type, resource; times from start_date, else 1970-01-01)")
      ->type_name("FILE");
  app->add_flag("--force", o->force, "Replace DIR if it exists and is not empty");
  app->add_flag("--quiet", o->quiet, "No progress line and no summary on stdout");
  app->footer(
      "Examples:\n"
      "  courtflow run models/reference/england_wales.json --out out/ew\n"
      "  courtflow run models/reference/england_wales.json --out out/ew --show crown_court --show cc_trial\n"
      "  courtflow run model.json --out out/run1 --replications 30 --seed 7 --threads 2 --period quarter\n"
      "  courtflow run models/reference/england_wales.json --out out/ew --over 182 --target cc_trial=33000\n"
      "\n"
      "Exit codes: 0 written; 2 bad usage, bad model (every problem listed) or a run over budget;\n"
      "1 anything else. Nothing is written unless the whole run succeeds.");
  return Command{app, [o] { return run(*o); }};
}

}  // namespace courtflow::cli

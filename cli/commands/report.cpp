// `courtflow report MODEL_OR_SCENARIO... --out DIR`: the scenario report for people who will
// not read JSON. Loads and validates every file first (nothing runs if one is bad), checks
// that Vega and Graphviz are installed (exit 1 with the package to install if not), runs the
// base and each scenario with the same seed and replications as `compare` does (common random
// numbers), runs the bottleneck analysis of the base as `bottlenecks` does, draws the stage
// diagram with Graphviz, and writes DIR atomically: report.html (one self-contained page),
// report.xlsx, tidy report_*.csv, and the comparison.json and bottlenecks.json the numbers come
// from. The page, workbook and CSVs are built by analysis/report from one ReportContent.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/bottleneck_report.hpp"
#include "analysis/compare.hpp"
#include "analysis/comparison_output.hpp"
#include "analysis/marginal_capacity.hpp"
#include "analysis/measures.hpp"
#include "analysis/report/report_content.hpp"
#include "analysis/report/report_html.hpp"
#include "analysis/report/report_tables.hpp"
#include "analysis/simulation.hpp"
#include "analysis/summary.hpp"
#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/graphviz_svg.hpp"
#include "cli/option_checks.hpp"
#include "cli/output_dir.hpp"
#include "cli/run_support.hpp"
#include "cli/scenario_inputs.hpp"
#include "cli/vega_loader.hpp"
#include "models/dates.hpp"
#include "models/graphviz.hpp"
#include "models/model_json.hpp"
#include "sim/errors.hpp"
#include "sim/replications.hpp"

namespace courtflow::cli {
namespace {

namespace fs = std::filesystem;
namespace rpt = analysis::report;

struct ReportOptions {
  std::vector<std::string> files;
  std::string out;
  RunOptionValues run;
  std::string add = "10%";
  std::vector<std::string> stages;
  std::optional<int> suppress_below;
  std::string title;
  std::string date;
  bool force = false;
  bool quiet = false;
};

fs::path required_dot() {
  const fs::path dot = find_dot();
  if (dot.empty()) {
    throw ToolError("report: the stage diagram needs Graphviz's \"dot\" on PATH (apt-get install graphviz)");
  }
  return dot;
}


std::string today_iso() {
  const std::time_t now = std::time(nullptr);
  return models::format_iso_date(static_cast<std::int64_t>(now / 86400));
}

// The comparison of every scenario with the base, as `courtflow compare` builds it, with the
// report's caveats where a scenario's window or dates differ from the base's.
analysis::Comparison compare_all(const std::vector<ScenarioInput>& inputs) {
  const models::Model& base_model = inputs.front().loaded.model;
  analysis::Comparison c = compare_scenarios_with_base(inputs);
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    const models::Model& model = inputs[i].loaded.model;
    std::vector<std::string>& notes = c.scenarios[i - 1].notes;
    if (model.horizon_days != base_model.horizon_days || model.warmup_days != base_model.warmup_days) {
      notes.push_back("horizon or warm-up differs from the base's: the measures cover different windows");
    }
    if (model.start_date != base_model.start_date) {
      notes.push_back("start_date differs from the base's: periods are matched by day, not by date");
    }
  }
  return c;
}

int run_report(const ReportOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  if (!o.date.empty() && !models::parse_iso_date(o.date)) {
    throw UsageError("--date: must be an ISO date YYYY-MM-DD (got \"" + o.date + "\")");
  }

  // 1. Every file loads and validates before anything runs.
  std::optional<std::vector<ScenarioInput>> loaded = load_scenario_inputs(o.files, std::cerr);
  if (!loaded) return kExitBadInput;
  std::vector<ScenarioInput>& inputs = *loaded;
  const std::vector<fs::path> input_paths(o.files.begin(), o.files.end());
  OutputDir::check_target(o.out, o.force, input_paths);

  // 2. What the page needs from other programs, before spending time on runs.
  const std::string vega = load_vega_runtime("report");
  const fs::path dot = required_dot();

  // 3. Settings: the base's replications, seed and period for everyone (as in `compare`).
  ScenarioInput& base = inputs.front();
  prepare_base(base, o.run);
  for (const std::string& id : o.stages) {
    if (const auto problem = rpt::check_key_series(base.loaded.model, base.prepared->network, id)) {
      throw UsageError("--stages: " + base.file + ": " + *problem);
    }
  }
  prepare_scenarios(inputs, o.run);
  analysis::BottleneckOptions bn_options;
  bn_options.add = *analysis::parse_add_servers(o.add);  // checked by the option's validator

  // 4. Run: the base, each scenario, then the bottleneck analysis of the base.
  Progress progress(Progress::wanted(o.quiet));
  analysis::BottleneckReport bottlenecks;
  std::size_t current = 0;
  try {
    for (current = 0; current < inputs.size(); ++current) {
      ScenarioInput& in = inputs[current];
      progress.set_label(current == 0 ? "base " + in.loaded.model.name
                                      : "scenario " + std::to_string(current) + "/" +
                                            std::to_string(inputs.size() - 1) + " " + in.loaded.model.name);
      in.settings.on_progress = [&progress](int done, int total) { progress.update(done, total); };
      in.results = analysis::run_prepared(*in.prepared, in.settings);
    }
    current = 0;
    bn_options.on_run = [&progress](int run, int runs, const std::string& label) {
      progress.set_label("bottlenecks " + std::to_string(run + 1) + "/" + std::to_string(runs) + " (" + label + ")");
    };
    bottlenecks = analysis::analyse_bottlenecks(*base.prepared, base.settings, bn_options);
  } catch (const sim::BudgetExceeded& e) {
    progress.clear();
    throw_over_budget(e, inputs[current].file);
  } catch (...) {
    progress.clear();
    throw;
  }
  progress.clear();
  const analysis::Comparison comparison = compare_all(inputs);

  // 5. The stage diagram and the content.
  rpt::PageAssets assets;
  assets.vega_runtime = vega;
  assets.stage_diagram_svg = render_svg(dot, models::to_dot(base.loaded.model));
  rpt::ReportInputs report_in;
  report_in.title = o.title.empty() ? "Scenario report: " + base.loaded.model.name : o.title;
  report_in.made_on = o.date.empty() ? today_iso() : o.date;
  for (const ScenarioInput& in : inputs) {
    report_in.runs.push_back({in.loaded.model.name, in.file, &in.prepared->model, &in.prepared->network, &in.results,
                              in.loaded.applied});
  }
  report_in.comparison = &comparison;
  report_in.bottlenecks = &bottlenecks;
  report_in.key_series = o.stages;
  std::vector<const models::Model*> models;
  for (const ScenarioInput& in : inputs) models.push_back(&in.loaded.model);
  report_in.disclosure = rpt::choose_disclosure(o.suppress_below, models);
  const rpt::ReportContent content = rpt::build_report(report_in);

  // 6. Write, whole or not at all.
  OutputDir out(o.out, o.force, input_paths);
  out.write_file("report.html", [&](std::ostream& f) { rpt::write_report_html(f, content, assets); });
  try {
    rpt::write_report_xlsx(out.staging() / "report.xlsx", content);
  } catch (const std::runtime_error& e) {
    throw ToolError(e.what());
  }
  for (const rpt::Table& t : rpt::report_tables(content)) {
    out.write_file("report_" + t.name + ".csv", [&](std::ostream& f) { rpt::write_table_csv(f, t); });
  }
  out.write_file("comparison.json", [&](std::ostream& f) { f << analysis::to_json(comparison).dump(2) << '\n'; });
  out.write_file("bottlenecks.json", [&](std::ostream& f) { f << analysis::to_json(bottlenecks).dump(2) << '\n'; });
  out.commit();

  if (!o.quiet) {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << content.title << " (" << inputs.size() << (inputs.size() == 1 ? " run" : " runs") << " of "
              << content.replications << " replications and " << bottlenecks.runs - 1 << " capacity "
              << (bottlenecks.runs - 1 == 1 ? "run" : "runs") << " in " << fixed(wall, 1) << " s)\n\n";
    for (const rpt::Headline& h : content.headlines) std::cout << "- " << h.text << '\n';
    std::cout << "\nwrote " << out.target().string() << "/report.html, report.xlsx, report_*.csv, comparison.json "
              << "and bottlenecks.json\n";
  }
  return kExitOk;
}

}  // namespace

Command add_report_command(CLI::App& parent) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* app = parent.add_subcommand("report");
  app->description(
      "The scenario report: one self-contained HTML page, a workbook and tidy CSVs\n\n"
      "Run the first file (the base) and every other file (scenarios) with the same seed and\n"
      "replications (common random numbers, as in 'compare'), analyse the base's bottlenecks\n"
      "(as in 'bottlenecks'), and write DIR/report.html: headline sentences in plain English,\n"
      "fan charts of the open caseload of key stages (base and scenarios, with the range of 90%\n"
      "of runs), the bottleneck table, the stage diagram, the value of more capacity, what each\n"
      "scenario assumes, and the method, sources and caveats. The page loads nothing from any\n"
      "other file or host (it opens offline, from an email) and prints on A4.\n"
      "Also writes DIR/report.xlsx and DIR/report_*.csv (the same tables), and the\n"
      "comparison.json and bottlenecks.json the numbers come from.\n"
      "Needs Debian's libjs-vega (charts; or COURTFLOW_VEGA_DIR) and graphviz (diagram).");
  app->add_option("MODEL_OR_SCENARIO", o->files, "The base, then any scenarios (model or scenario files)")
      ->required()
      ->type_name("");
  app->add_option("--out", o->out, "Output directory (must be absent or empty, or --force)")
      ->required()
      ->type_name("DIR");
  add_run_options(*app, o->run);
  app->add_option("--stages", o->stages,
                  "Groups or stages to chart (or 'system'); the first is the subject of the\n"
                  "headlines [default: the model's groups, the three worst bottlenecks, system]")
      ->type_name("ID,ID")
      ->delimiter(',');
  app->add_option("--add", o->add, "Servers added when pricing capacity: K or P% [default: 10%]")
      ->type_name("K|P%")
      ->check(added_servers());
  app->add_option("--suppress-below", o->suppress_below,
                  "Show counts below K as \"<K\" [default: 10 when a model was fitted to\n"
                  "case-level data by 'courtflow calibrate', else none]")
      ->type_name("K")
      ->check(CLI::Range(1, 1000000));
  app->add_option("--title", o->title, "The page's title [default: Scenario report: BASE]")->type_name("TEXT");
  app->add_option("--date", o->date, "The date printed on the report [default: today]")->type_name("YYYY-MM-DD");
  app->add_flag("--force", o->force, "Replace DIR if it exists and is not empty");
  app->add_flag("--quiet", o->quiet, "No progress line and no headlines on stdout");
  app->footer(
      "Examples:\n"
      "  courtflow report models/reference/england_wales.json scenarios/examples/ew_*.json --out out/report\n"
      "  courtflow report models/reference/divorce.json scenarios/examples/divorce_fix_review.json \\\n"
      "      --out out/divorce-report --replications 20 --suppress-below 10\n"
      "\n"
      "Exit codes: 0 written; 2 bad usage, a bad model or scenario (every problem listed; nothing\n"
      "runs) or a run over budget; 1 anything else, including Vega or Graphviz missing. Nothing is\n"
      "written unless every run succeeds.");
  return Command{app, [o] { return run_report(*o); }};
}

}  // namespace courtflow::cli

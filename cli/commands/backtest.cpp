// `courtflow backtest --series SERIES.csv --model MODEL --split DATE --out DIR`: fit the model's
// stages to the series up to DATE, simulate the periods after it (parameter draws across
// replications), and score the projected open caseload against what happened, beside the
// naive (last value) and linear-trend baselines. Writes DIR/backtest.json and
// DIR/projection.csv whole or not at all; prints a short table. The work is in
// analysis/series; this file parses options, reports problems and writes files.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "analysis/number_text.hpp"
#include "analysis/series/backtest_setup.hpp"
#include "analysis/series/projection.hpp"
#include "analysis/series/series_report.hpp"
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

struct BacktestOptions {
  std::string series;
  std::string model;
  std::string split;
  std::string out;
  std::vector<std::string> stages;   ///< --stage MODEL_STAGE=SERIES_STAGE
  std::vector<std::string> exclude;  ///< --exclude DATE
  /// --window, --periods, --replications, --draws, --seed, --threads, --known-receipts (the
  /// dates of --exclude and the inverse of --no-capacity are filled in by run).
  analysis::series::BacktestChoices choices;
  bool no_capacity = false;
  bool force = false;
  bool quiet = false;
};

std::int64_t date_option(const std::string& option, const std::string& text) {
  const auto day = models::parse_iso_date(text);
  if (!day) throw UsageError(option + ": must be a date YYYY-MM-DD (got \"" + text + "\")");
  return *day;
}

std::string percent(double v) { return std::isfinite(v) ? analysis::fixed_text(v, 1) + "%" : "-"; }

int run(const BacktestOptions& o) {
  const std::int64_t split = date_option("--split", o.split);
  analysis::series::BacktestChoices choices = o.choices;
  choices.use_capacity = !o.no_capacity;
  for (const std::string& d : o.exclude) choices.exclude.push_back(date_option("--exclude", d));
  const analysis::series::ProjectionOptions options = analysis::series::projection_options(choices);

  LoadedModel loaded = load_and_validate(o.model);
  print_diagnostics(std::cerr, loaded.diagnostics);
  if (loaded.errors > 0) return kExitBadInput;
  const analysis::series::Series series = analysis::series::load_series(o.series);
  const std::vector<analysis::series::StageMap> maps =
      analysis::series::match_stages(loaded.model, o.model, series, o.stages);
  OutputDir::check_target(o.out, o.force, {o.model, o.series});

  analysis::series::Backtest bt;
  try {
    bt = analysis::series::run_backtest(loaded.model, series, maps, split, options);
  } catch (const sim::BudgetExceeded& e) {
    throw_over_budget(e, o.model);
  }
  for (const std::string& warning : analysis::series::flow_balance_warnings(bt, o.series)) {
    print_warning(std::cerr, warning);
  }

  OutputDir out(o.out, o.force, {o.model, o.series});
  out.write_file("backtest.json", [&](std::ostream& s) { s << analysis::series::to_json(bt).dump(2) << '\n'; });
  out.write_file("projection.csv", [&](std::ostream& s) { analysis::series::write_projection_csv(s, bt); });
  out.commit();

  if (!o.quiet) {
    std::cout << "split " << o.split << ", receipts " << (choices.known_receipts ? "known" : "projected") << ", "
              << choices.replications << " replications (a parameter draw each), seed " << choices.seed << '\n';
    std::vector<std::vector<std::string>> rows{
        {"stage", "periods", "mape", "mape_naive", "mape_trend", "in_90%_band", "receipts", "disposals"}};
    for (const analysis::series::StageBacktest& s : bt.stages) {
      rows.push_back({s.map.series_stage, std::to_string(s.periods.size()), percent(s.mape), percent(s.mape_naive),
                      percent(s.mape_trend), percent(100 * s.coverage_90), s.fit.receipts.form(),
                      analysis::series::to_string(s.fit.basis) +
                          (s.fit.basis == analysis::series::DisposalBasis::rate ? " " + s.fit.disposal_rate.form()
                                                                                : std::string())});
    }
    print_table(std::cout, rows);
    for (const std::string& n : bt.notes) std::cout << "note: " << n << '\n';
    std::cout << "wrote " << out.target().string() << "/backtest.json and " << out.target().string()
              << "/projection.csv\n";
  }
  return kExitOk;
}

}  // namespace

Command add_backtest_command(CLI::App& parent) {
  auto o = std::make_shared<BacktestOptions>();
  CLI::App* app = parent.add_subcommand("backtest");
  app->description(
      "Fit to a series up to a date, project the rest, score against what happened\n\n"
      "Fit MODEL's stages to SERIES (period_end, stage, receipts, disposals, outstanding,\n"
      "optional capacity) on the --window periods up to --split: receipts per day (level,\n"
      "trend, seasons: chosen by AICc) and disposals (per day, per capacity unit when the\n"
      "series has capacity, per open case at a pure-delay stage), each with bootstrap draws.\n"
      "Then simulate the periods after the split from the open caseload at the split, each\n"
      "replication with its own parameter draw, and score the mean projected outstanding\n"
      "against the series: DIR/backtest.json (mape, mape_naive = last value carried forward,\n"
      "mape_trend = straight line through the window, coverage_90 = share of periods inside\n"
      "the 5-95% band; MAPE in percent) and DIR/projection.csv. A series stage fits the model\n"
      "stage with the same id, or the one named by --stage MODEL_STAGE=SERIES_STAGE.\n"
      "--known-receipts takes receipts after the split from the series (throughput error only).");
  app->add_option("--series", o->series, "Aggregate series (CSV)")->required()->type_name("SERIES.csv");
  app->add_option("--model", o->model, "Model or scenario file (JSON) whose stages the series describe")
      ->required()
      ->type_name("MODEL");
  app->add_option("--split", o->split, "Fit on periods ending up to DATE (a period end), score the rest")
      ->required()
      ->type_name("DATE");
  app->add_option("--out", o->out, "Output directory (must be absent or empty, or --force)")
      ->required()
      ->type_name("DIR");
  app->add_flag("--known-receipts", o->choices.known_receipts, "Receipts after the split from the series, not projected");
  app->add_option("--window", o->choices.window, "Fit on at most N periods up to the split [default: 12]")
      ->type_name("N")
      ->check(whole_number(3, 10000));
  app->add_option("--periods", o->choices.periods, "Score at most N periods after the split [default: all]")
      ->type_name("N")
      ->check(whole_number(1, 10000));
  app->add_option("--exclude", o->exclude, "Leave the period ending DATE out of the fit (repeatable)")
      ->type_name("DATE");
  app->add_option("--stage", o->stages, "Pair a model stage with a series stage (repeatable)")
      ->type_name("MODEL_STAGE=SERIES_STAGE");
  app->add_flag("--no-capacity", o->no_capacity, "Ignore the capacity column: fit disposals per day");
  app->add_option("--replications", o->choices.replications, "Replications, one parameter draw each [default: 40]")
      ->type_name("N")
      ->check(whole_number(1, 100000));
  app->add_option("--draws", o->choices.draws, "Bootstrap refits for the parameter intervals [default: 200]")
      ->type_name("N")
      ->check(whole_number(10, 100000));
  app->add_option("--seed", o->choices.seed, "Random seed [default: 12345]")
      ->type_name("S")
      ->check(whole_number(0, UINT64_MAX));
  app->add_option("--threads", o->choices.threads, "Worker threads, 0 = all cores [default: 0]")
      ->type_name("T")
      ->check(whole_number(0, 1024));
  app->add_flag("--force", o->force, "Replace DIR if it exists and is not empty");
  app->add_flag("--quiet", o->quiet, "No table on stdout");
  app->footer(
      "Examples:\n"
      "  courtflow backtest --series tests/data/series/crown_court_onecrown.csv \\\n"
      "      --model models/series/crown_court.json --split 2019-12-31 --out out/bt\n"
      "  courtflow backtest --series S.csv --model M.json --split 2022-12-31 --known-receipts --out out/bt2\n"
      "\n"
      "Exit codes: 0 written; 2 bad usage, bad series or model; 1 anything else. Nothing is\n"
      "written unless the whole back-test succeeds.");
  return Command{app, [o] { return run(*o); }};
}

}  // namespace courtflow::cli

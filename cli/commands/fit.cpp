// `courtflow fit --series SERIES.csv --model MODEL --until DATE --out FITTED.json`: fit the
// model's stages to the series up to DATE and write a model file that `courtflow run` runs:
// day 0 is the day after DATE, the open caseload at DATE is the initial work, and arrival and
// capacity schedules carry the fitted rates period by period (point estimates). Prints the
// estimates with their 95% bootstrap intervals; --report writes them as JSON. The work is in
// analysis/series; this file parses options, reports problems and writes files.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "analysis/number_text.hpp"
#include "analysis/series/projection.hpp"
#include "analysis/series/series_report.hpp"
#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/model_input.hpp"
#include "cli/option_checks.hpp"
#include "cli/output_dir.hpp"
#include "cli/run_support.hpp"
#include "models/dates.hpp"
#include "models/model_json.hpp"

namespace courtflow::cli {
namespace {

struct FitOptions {
  std::string series;
  std::string model;
  std::string until;
  std::string out;
  std::string report;
  std::vector<std::string> stages;
  std::vector<std::string> exclude;
  int window = 12;
  int periods = 8;
  int draws = 200;
  std::uint64_t seed = 12345;
  bool no_capacity = false;
  bool force = false;
  bool quiet = false;
};

std::int64_t date_option(const std::string& option, const std::string& text) {
  const auto day = models::parse_iso_date(text);
  if (!day) throw UsageError(option + ": must be a date YYYY-MM-DD (got \"" + text + "\")");
  return *day;
}

std::string cell(const analysis::series::Estimate& e, int decimals) {
  return analysis::fixed_text(e.value, decimals) + " (" + analysis::fixed_text(e.lo, decimals) + " to " +
         analysis::fixed_text(e.hi, decimals) + ")";
}

void check_output_file(const std::string& path, bool force, const std::string& option) {
  const std::filesystem::path p(path);
  check_file_target(p, option);
  if (std::filesystem::exists(p) && !force) throw UsageError(option + " " + path + ": exists (use --force to replace it)");
}

void print_fit(std::ostream& out, const analysis::series::FittedModel& fitted) {
  std::vector<std::vector<std::string>> rows{{"stage", "quantity", "form", "estimate (95% interval)"}};
  for (std::size_t i = 0; i < fitted.fits.size(); ++i) {
    const analysis::series::StageFit& f = fitted.fits[i];
    const auto rate_rows = [&](const std::string& what, const analysis::series::RateModel& m) {
      rows.push_back({what == "receipts" ? f.stage : "", what + " per day", m.form(), cell(m.level(), 1)});
      if (m.trend) rows.push_back({"", "  trend per period", "", cell(m.slope(), 2)});
      if (m.season) {
        for (int s = 0; s < m.seasons; ++s) rows.push_back({"", "  season " + std::to_string(s + 1), "", cell(m.effect(s), 1)});
      }
    };
    rate_rows("receipts", f.receipts);
    switch (f.basis) {
      case analysis::series::DisposalBasis::rate:
        rate_rows("disposals", f.disposal_rate);
        break;
      case analysis::series::DisposalBasis::per_capacity_unit:
        rows.push_back({"", "disposals per capacity unit", "ratio", cell(f.ratio.theta(), 3)});
        break;
      case analysis::series::DisposalBasis::per_open_case:
        rows.push_back({"", "disposals per day per open case", "ratio", cell(f.ratio.theta(), 5)});
        break;
    }
    rows.push_back({"", "open caseload at the date", "", analysis::amount_text(f.outstanding)});
  }
  print_table(out, rows);
  for (const std::string& n : fitted.notes) out << "note: " << n << '\n';
}

int run(const FitOptions& o) {
  const std::int64_t until = date_option("--until", o.until);
  analysis::series::FitOptions options;
  options.window = o.window;
  options.draws = o.draws;
  options.seed = o.seed;
  options.use_capacity = !o.no_capacity;
  for (const std::string& d : o.exclude) options.exclude.push_back(date_option("--exclude", d));

  LoadedModel loaded = load_and_validate(o.model);
  print_diagnostics(std::cerr, loaded.diagnostics);
  if (loaded.errors > 0) return kExitBadInput;
  const analysis::series::Series series = analysis::series::load_series(o.series);
  const std::vector<analysis::series::StageMap> maps =
      analysis::series::match_stages(loaded.model, o.model, series, o.stages);
  check_output_file(o.out, o.force, "--out");
  if (!o.report.empty()) check_output_file(o.report, o.force, "--report");

  const analysis::series::FittedModel fitted =
      analysis::series::fit_model(loaded.model, series, maps, until, o.periods, options);
  for (std::size_t i = 0; i < maps.size(); ++i) {
    const std::string balance = analysis::series::describe_balance(fitted.balance[i]);
    if (!balance.empty()) {
      print_warning(std::cerr, o.series + ": stage \"" + maps[i].series_stage +
                                   "\": outstanding does not follow receipts - disposals " + balance);
    }
  }
  models::Model model = fitted.model;
  model.description = "Fitted by courtflow fit to " + o.series + " up to " + o.until + " (" +
                      std::to_string(fitted.fits.front().used.size()) + " periods): day 0 is the day after; " +
                      std::to_string(o.periods) + " periods of fitted arrival and capacity schedules. " +
                      (loaded.model.description.empty() ? std::string() : "Base: " + loaded.model.description);
  write_file_atomically(o.out, [&](std::ostream& s) { s << models::to_json(model).dump(2) << '\n'; });
  if (!o.report.empty()) {
    write_file_atomically(o.report, [&](std::ostream& s) { s << analysis::series::to_json(fitted).dump(2) << '\n'; });
  }
  if (!o.quiet) {
    std::cout << "fitted " << o.model << " to " << o.series << " up to " << o.until << '\n';
    print_fit(std::cout, fitted);
    std::cout << "wrote " << o.out << (o.report.empty() ? "" : " and " + o.report) << '\n';
  }
  return kExitOk;
}

}  // namespace

Command add_fit_command(CLI::App& parent) {
  auto o = std::make_shared<FitOptions>();
  CLI::App* app = parent.add_subcommand("fit");
  app->description(
      "Fit a model's arrival rates and capacities to an aggregate series\n\n"
      "Fit MODEL's stages to SERIES (period_end, stage, receipts, disposals, outstanding,\n"
      "optional capacity) on the --window periods up to --until: receipts per day (level,\n"
      "trend, seasons: chosen by AICc) and disposals (per day as effective capacity, per\n"
      "capacity unit when the series has capacity, per open case at a pure-delay stage),\n"
      "with 95% residual-bootstrap intervals. Writes FITTED.json, a model that starts the day\n"
      "after --until with the open caseload then as its initial work and --periods periods of\n"
      "fitted arrival and capacity schedules (point estimates). Servers = capacity per day x\n"
      "the stage's mean service time. A series stage fits the model stage with the same id,\n"
      "or the one named by --stage MODEL_STAGE=SERIES_STAGE. For projections with intervals\n"
      "that include parameter uncertainty, see 'courtflow backtest'.");
  app->add_option("--series", o->series, "Aggregate series (CSV)")->required()->type_name("SERIES.csv");
  app->add_option("--model", o->model, "Model or scenario file (JSON) whose stages the series describe")
      ->required()
      ->type_name("MODEL");
  app->add_option("--until", o->until, "Fit on periods ending up to DATE (a period end)")->required()->type_name("DATE");
  app->add_option("--out", o->out, "The fitted model file to write")->required()->type_name("FITTED.json");
  app->add_option("--report", o->report, "Also write the estimates and intervals as JSON")->type_name("FIT.json");
  app->add_option("--periods", o->periods, "Periods of schedule after DATE [default: 8]")
      ->type_name("N")
      ->check(whole_number(1, 1000));
  app->add_option("--window", o->window, "Fit on at most N periods up to DATE [default: 12]")
      ->type_name("N")
      ->check(whole_number(3, 10000));
  app->add_option("--exclude", o->exclude, "Leave the period ending DATE out of the fit (repeatable)")
      ->type_name("DATE");
  app->add_option("--stage", o->stages, "Pair a model stage with a series stage (repeatable)")
      ->type_name("MODEL_STAGE=SERIES_STAGE");
  app->add_flag("--no-capacity", o->no_capacity, "Ignore the capacity column: fit disposals per day");
  app->add_option("--draws", o->draws, "Bootstrap refits for the intervals [default: 200]")
      ->type_name("N")
      ->check(whole_number(10, 100000));
  app->add_option("--seed", o->seed, "Random seed of the bootstrap [default: 12345]")
      ->type_name("S")
      ->check(whole_number(0, UINT64_MAX));
  app->add_flag("--force", o->force, "Replace FITTED.json (and FIT.json) if they exist");
  app->add_flag("--quiet", o->quiet, "No table on stdout");
  app->footer(
      "Examples:\n"
      "  courtflow fit --series tests/data/series/crown_court_onecrown.csv \\\n"
      "      --model models/series/crown_court.json --until 2024-09-30 --out out/fitted.json\n"
      "  courtflow run out/fitted.json --out out/projection\n"
      "\n"
      "Exit codes: 0 written; 2 bad usage, bad series or model; 1 anything else.");
  return Command{app, [o] { return run(*o); }};
}

}  // namespace courtflow::cli

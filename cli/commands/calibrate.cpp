// `courtflow calibrate --events LOG --out MODEL.json [--report DIR]`: read an event log (CSV or
// XES), fit a model to it (analysis/eventlog/calibrate), simulate the fitted model to check it
// reproduces the log, and write the model (atomically) and the report (report.json, report.md
// and report.html, the page rendered from report.json's document; written whole or not at all). Bad logs stop with one line on stderr and exit 2, before
// anything is written.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "analysis/eventlog/calibrate.hpp"
#include "analysis/eventlog/calibration_report.hpp"
#include "analysis/eventlog/calibration_report_html.hpp"
#include "analysis/eventlog/log_reader.hpp"
#include "cli/command.hpp"
#include "cli/option_checks.hpp"
#include "cli/output_dir.hpp"
#include "cli/run_support.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"

namespace courtflow::cli {
namespace {

namespace ev = analysis::eventlog;

struct CalibrateCliOptions {
  std::string events;
  std::string out;
  std::string report;
  ev::CsvColumns columns;
  ev::CalibrateOptions fit;
  bool force = false;
  bool quiet = false;
};

int calibrate(const CalibrateCliOptions& o) {
  namespace fs = std::filesystem;
  const fs::path model_path(o.out);
  check_file_target(model_path, "--out");
  if (fs::exists(model_path) && !o.force) throw UsageError("--out " + o.out + ": exists (use --force to replace it)");
  if (!o.report.empty()) OutputDir::check_target(o.report, o.force, {o.events});

  const ev::EventLog log = ev::read_event_log(o.events, o.columns);
  ev::Calibration calibration = ev::calibrate(log, o.fit);
  // The fitted model must be one `courtflow run` accepts: check it as run would.
  const std::vector<models::Diagnostic> problems = models::validate(calibration.model, o.out);
  for (const models::Diagnostic& d : problems) {
    if (!d.warning) throw ToolError("internal: the fitted model is invalid: " + d.to_string());
  }
  ev::validate_calibration(calibration, log, o.fit);

  std::unique_ptr<OutputDir> report;
  if (!o.report.empty()) {
    report = std::make_unique<OutputDir>(o.report, o.force, std::vector<fs::path>{o.events});
    const nlohmann::ordered_json document = ev::report_json(calibration);
    report->write_file("report.json", [&](std::ostream& s) { s << document.dump(2) << '\n'; });
    report->write_file("report.md", [&](std::ostream& s) { ev::write_report_markdown(s, calibration); });
    report->write_file("report.html", [&](std::ostream& s) { ev::write_report_html(s, document); });
  }
  write_file_atomically(model_path,
                        [&](std::ostream& s) { s << models::to_json(calibration.model).dump(2) << '\n'; });
  if (report) report->commit();

  if (!o.quiet) {
    const ev::DataQuality& q = calibration.quality;
    // Small counts are shown as the report shows them: a screen is shared as often as a file.
    std::cout << "read " << ev::count_text(q.rows_read) << " rows, kept " << ev::count_text(q.rows_kept) << " events of "
              << ev::count_text(q.cases)
              << " cases";
    const std::uint64_t dropped = q.rows_read - q.rows_kept;
    if (dropped > 0) std::cout << " (" << ev::count_text(dropped) << " dropped: see the report)";
    std::cout << "\nstages: " << calibration.stages.size() << ", routes: " << calibration.model.routes.size()
              << ", arrivals: " << fixed(calibration.arrival_pattern.rate_per_day, 3) << " cases a day\n";
    if (calibration.validation) {
      const auto& v = *calibration.validation;
      std::cout << "validation: mean case duration " << fixed(v.log.duration_mean, 1) << " days in the log, "
                << fixed(v.simulated.duration_mean, 1) << " simulated\n";
    }
    std::cout << "wrote " << o.out;
    if (report) std::cout << " and " << report->target().string() << "/report.json, report.md, report.html";
    std::cout << '\n';
  }
  return kExitOk;
}

}  // namespace

Command add_calibrate_command(CLI::App& parent) {
  auto o = std::make_shared<CalibrateCliOptions>();
  CLI::App* app = parent.add_subcommand("calibrate");
  app->description(
      "Fit a model to a case-level event log, with a data-quality and fit report\n\n"
      "Read LOG (CSV with columns case_id, activity, timestamp and optional start, case_type,\n"
      "resource; or XES when the name ends in .xes), fit a stage-graph model and write it to\n"
      "MODEL.json, ready for `courtflow run`. Stages are the activities; routes the\n"
      "directly-follows shares per case type; arrivals the case starts per day (monthly rates\n"
      "when they vary; month-of-year factors, kept beyond the log, when 24 or more whole months\n"
      "show a seasonal pattern); durations are fitted by maximum likelihood (exponential, lognormal,\n"
      "gamma, Weibull; lowest AIC; the observed values when no family fits). With start times\n"
      "a step's duration is its service time and capacity comes from the resources active\n"
      "in each calendar month (a capacity schedule where that changes; without resources,\n"
      "the peak concurrency); with completion times only, each step is a delay timed from the\n"
      "case's previous event. The fitted model is then simulated and compared with the log\n"
      "(case duration, activity frequency per case, routing), with enough simulated cases\n"
      "that a difference over 10% is not simulation noise. --report DIR writes report.json,\n"
      "report.md and report.html (one self-contained page); counts below 10 are suppressed\n"
      "and no case id is written.");
  app->add_option("--events", o->events, "Event log (CSV, or XES if it ends in .xes)")->required()->type_name("LOG");
  app->add_option("--out", o->out, "Model file to write (must not exist, or --force)")->required()->type_name("MODEL.json");
  app->add_option("--report", o->report, "Report directory (must be absent or empty, or --force)")->type_name("DIR");
  app->add_option("--name", o->fit.model_name, "Name of the fitted model [default: calibrated]")->type_name("NAME");
  app->add_option("--seed", o->fit.seed, "Seed written into the model and used for the validation [default: 12345]")
      ->type_name("S")
      ->check(whole_number(0, UINT64_MAX));
  app->add_option("--validation-replications", o->fit.validation_replications,
                  "Most replications simulated for the validation [default: as many as give a\n"
                  "simulation standard error of about 3% on every activity with 10 or more events,\n"
                  "at most about 4 million simulated events]")
      ->type_name("N")
      ->check(whole_number(1, 1000));
  app->add_option("--case-id", o->columns.case_id, "Name of the case id column [default: case_id]")->type_name("COL");
  app->add_option("--activity", o->columns.activity, "Name of the activity column [default: activity]")->type_name("COL");
  app->add_option("--timestamp", o->columns.timestamp, "Name of the completion time column [default: timestamp]")
      ->type_name("COL");
  app->add_option("--start", o->columns.start, "Name of the start time column [default: start]")->type_name("COL");
  app->add_option("--case-type", o->columns.case_type, "Name of the case type column [default: case_type]")
      ->type_name("COL");
  app->add_option("--resource", o->columns.resource, "Name of the resource column [default: resource]")->type_name("COL");
  app->add_flag("--force", o->force, "Replace MODEL.json and DIR if they exist");
  app->add_flag("--quiet", o->quiet, "Print nothing on success");
  app->footer(
      "Examples:\n"
      "  courtflow calibrate --events log.csv --out fitted.json --report out/calibration\n"
      "  courtflow calibrate --events export.csv --case-id CaseRef --timestamp Completed --out m.json\n"
      "  courtflow calibrate --events log.xes --out m.json\n"
      "\n"
      "Exit codes: 0 written; 2 bad usage or a log that cannot be read (empty, no header, a\n"
      "required column missing, a line over 1 MiB, no usable rows); 1 anything else.");
  return Command{app, [o] { return calibrate(*o); }};
}

}  // namespace courtflow::cli

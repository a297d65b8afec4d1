#pragma once
// What `courtflow report` says, worked out once from the runs and then written three ways
// (report_html: the page; report_xlsx: the workbook; report_csv: tidy CSVs), so that the page,
// the workbook and the CSVs can never disagree. Built from the base run, the scenario runs,
// their paired comparison (analysis/compare) and the bottleneck analysis of the base
// (analysis/bottleneck_report). Counts below the disclosure threshold are replaced here, once,
// by "<K" (see Disclosure), so no writer can leak them. Pure: no I/O, no clock.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "analysis/bottleneck_report.hpp"
#include "analysis/comparison_output.hpp"
#include "models/model.hpp"
#include "scenarios/scenario.hpp"
#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis::report {

/// One simulated model: the base or a scenario. The pointers must outlive build_report.
struct RunInput {
  std::string name;  ///< the model's name (a scenario's "scenario")
  std::string file;  ///< as given on the command line
  const models::Model* model = nullptr;
  const sim::Network* network = nullptr;
  const sim::ReplicationSet* results = nullptr;
  /// Scenario files applied to reach this model, base outwards (empty for a model file).
  std::vector<scenarios::Scenario> applied;
};

/// Counts below `threshold` are shown as "<threshold" (0: nothing is suppressed).
struct Disclosure {
  int threshold = 0;
  std::string reason;  ///< why it applies, for the caveats ("--suppress-below 10 was given")
};

/// True when `model` came from case-level data: models written by `courtflow calibrate` say so
/// at the start of their description ("Fitted by courtflow calibrate to ...",
/// analysis/eventlog/calibrate.cpp). The model format has no provenance field yet; this
/// convention is the marker until it has.
bool from_case_level_data(const models::Model& model);

/// The disclosure control for a report: `requested` (--suppress-below) when given; else the
/// default threshold 10 when any of `models` came from case-level data; else none.
Disclosure choose_disclosure(std::optional<int> requested, const std::vector<const models::Model*>& models);

/// The default disclosure threshold for case-level data (PRODUCT.md: privacy).
inline constexpr int kDefaultDisclosureThreshold = 10;

struct ReportInputs {
  std::string title;
  std::string made_on;         ///< ISO date the report was made (the caller's clock)
  std::vector<RunInput> runs;  ///< the base first, then the scenarios
  const Comparison* comparison = nullptr;         ///< base against each scenario
  const BottleneckReport* bottlenecks = nullptr;  ///< of the base
  /// Group ids, stage ids or "system", whose open caseload is charted, in order; the first one is the
  /// subject of the headline sentences. Empty: chosen by default_key_series.
  std::vector<std::string> key_series;
  Disclosure disclosure;
};

/// A table cell: empty, a number, or text (suppressed counts are text).
using Value = std::variant<std::monostate, double, std::string>;

struct Column {
  std::string name;     ///< tidy column name (CSV header, workbook header)
  std::string heading;  ///< for people (the page)
  int decimals = -1;  ///< 0: whole numbers with thousands separators; -1: by size (two below 1, one below 100, none above)
  bool hidden_on_page = false;  ///< a column for machines only (e.g. a raw day count)
  /// This column and the next two are mean, lo and hi of a 95% interval: the page shows one
  /// cell "mean (lo to hi)"; CSVs and the workbook keep three numeric columns.
  bool interval_start = false;
};

struct Table {
  std::string name;     ///< file stem and sheet name: "bottlenecks" -> report_bottlenecks.csv
  std::string title;    ///< heading on the page and in the workbook
  std::string caption;  ///< one sentence saying what the numbers are and their units
  std::vector<Column> columns;
  std::vector<std::vector<Value>> rows;
};

/// A headline sentence and the numbers it was made from (written as data- attributes so that
/// tests can check the words against comparison.json).
struct Headline {
  std::string text;
  std::vector<std::pair<std::string, std::string>> data;
};

/// One line and band of a fan chart: a run's open caseload of one key series per period end.
struct FanLine {
  std::string run;
  std::vector<double> period_end_days;
  std::vector<std::string> period_end_dates;  ///< ISO dates; empty strings without a start date
  std::vector<double> mean, p05, p50, p95;    ///< per period end; NaN where suppressed
};

struct FanChart {
  std::string series;  ///< stage id or "system"
  std::string label;   ///< "Crown Court trial list", "whole system"
  std::vector<FanLine> lines;  ///< base first; runs without this stage are left out
};

struct ReportContent {
  std::string title;
  std::string made_on;
  std::string base;
  std::vector<std::string> scenarios;
  std::string count_unit;  ///< "cases" when the model says nothing
  int replications = 0;
  std::uint64_t seed = 0;
  std::optional<std::string> start_date;
  std::string horizon_date;  ///< ISO date of the last day, or "day N"
  std::vector<Headline> headlines;
  std::vector<FanChart> charts;
  Table caseload;     ///< the fan charts' data, tidy
  Table levels;       ///< open caseload at the horizon per run and key series, with changes
  Table bottlenecks;  ///< ranking with reasons
  Table marginal;     ///< marginal value of capacity
  Table levers;       ///< every change that differs between scenarios
  Table assumptions;  ///< what every run shares
  std::vector<std::string> method;       ///< paragraphs
  std::vector<std::string> sources;      ///< paragraphs: data sources and vintages
  std::vector<std::string> caveats;      ///< paragraphs
  Disclosure disclosure;
};

/// What to chart when the user names nothing: the model's reporting groups (at most three,
/// e.g. "crown_court"), the capacity-limited stages in the bottleneck ranking (worst first, at
/// most three), then the whole system ("system").
std::vector<std::string> default_key_series(const models::Model& model, const BottleneckReport& bottlenecks);

/// A key series' name for people: a group's description when it is short; a stage's
/// description up to the first ':' when that is short; else the id with underscores as
/// spaces; "whole system" for "system".
std::string series_label(const models::Model& model, const std::string& id);

/// The problem with a key-series id (a group of `model`, a stage of `network`, or "system"),
/// or nullopt.
std::optional<std::string> check_key_series(const models::Model& model, const sim::Network& network,
                                            const std::string& id);

/// Everything the report says. Throws std::invalid_argument if the inputs do not fit
/// together (no runs, a missing comparison or bottleneck report, an unknown key series).
ReportContent build_report(const ReportInputs& inputs);

/// `value` as shown on the page: "<K" when it is a count below the threshold, else a number
/// with `decimals` (-1: by size) and thousands separators.
std::string show_count(double value, const Disclosure& disclosure, int decimals = 0);

/// A number for people: by size as in number_text.hpp's amount_text, or fixed decimals.
std::string show_number(double value, int decimals);

}  // namespace courtflow::analysis::report

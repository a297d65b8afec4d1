// The Python module's operations in plain C++ (api.hpp). Each follows its CLI command in
// cli/commands/ step by step (load and validate, resolve the settings as the CLI does, run,
// build the outputs with the same analysis functions), minus printing and files.
#include "python/src/api.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/bottleneck_report.hpp"
#include "analysis/compare.hpp"
#include "analysis/comparison_output.hpp"
#include "analysis/eventlog/calibrate.hpp"
#include "analysis/eventlog/calibration_report.hpp"
#include "analysis/eventlog/log_reader.hpp"
#include "analysis/marginal_capacity.hpp"
#include "analysis/measures.hpp"
#include "analysis/periods.hpp"
#include "analysis/series/backtest_setup.hpp"
#include "analysis/series/projection.hpp"
#include "analysis/series/series.hpp"
#include "analysis/series/series_report.hpp"
#include "analysis/simulation.hpp"
#include "analysis/stage_groups.hpp"
#include "analysis/summary.hpp"
#include "analysis/timeseries.hpp"
#include "models/dates.hpp"
#include "models/json_input.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"
#include "models/one_line.hpp"
#include "scenarios/load.hpp"
#include "scenarios/overlay.hpp"
#include "scenarios/scenario_json.hpp"
#include "sim/errors.hpp"

namespace courtflow::python {
namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

// Loader warnings plus semantic validation, as cli/model_input.cpp: every error is reported.
ModelHandle validated(models::Model model, const std::string& source, std::vector<scenarios::Scenario> applied,
                      const std::vector<models::Diagnostic>& loader_warnings) {
  ModelHandle handle;
  handle.source = source;
  handle.applied = std::move(applied);
  std::vector<std::string> errors;
  std::vector<models::Diagnostic> all = loader_warnings;
  const std::vector<models::Diagnostic> semantic = models::validate(model, source);
  all.insert(all.end(), semantic.begin(), semantic.end());
  for (const models::Diagnostic& d : all) {
    (d.warning ? handle.warnings : errors).push_back(models::one_line(d.to_string()));
  }
  if (!errors.empty()) throw InputErrors(errors);
  handle.model = std::move(model);
  return handle;
}

// The CLI's run_settings (cli/run_support.cpp) without the memory guard, which only lowers
// the case budget (a run that fits gives the same numbers either way).
analysis::RunSettings settings_for(const RunOptions& o, const std::atomic<bool>* cancel) {
  analysis::RunSettings settings;
  settings.replications = o.replications;
  settings.seed = o.seed;
  settings.threads = o.threads;
  if (!o.period.empty()) {
    const auto period = analysis::parse_period(o.period);
    if (!period) {
      throw InputErrors({"period: must be month, quarter, year or a positive number of days (got \"" + o.period +
                         "\")"});
    }
    settings.period = *period;
  }
  if (!(o.over_days > 0 && o.over_days <= 1e6)) {
    throw InputErrors({"over_days: must be a number of days above 0 (got " + std::to_string(o.over_days) + ")"});
  }
  settings.age_threshold_days = o.over_days;
  if (o.max_events) settings.max_events = *o.max_events;
  if (o.max_cases) settings.max_cases = *o.max_cases;
  settings.cancel = cancel;
  return settings;
}

// As the CLI's throw_over_budget, naming the keyword arguments instead of the options.
[[noreturn]] void over_budget(const sim::BudgetExceeded& e, const std::string& source) {
  const std::string what = e.what();
  const bool events = what.rfind("event", 0) == 0;
  throw InputErrors({source + ": run stopped: " + what +
                     "; the model may be unstable (arrivals faster than service), or raise the budget with " +
                     (events ? "max_events=N" : "max_cases=N")});
}

sim::ReplicationSet run_checked(const analysis::PreparedRun& prepared, const analysis::RunSettings& settings,
                                const std::string& source) {
  try {
    return analysis::run_prepared(prepared, settings);
  } catch (const sim::BudgetExceeded& e) {
    over_budget(e, source);
  }
}

template <class Write>
std::string text_of(Write&& write) {
  std::ostringstream out;
  write(out);
  return out.str();
}

}  // namespace

InputErrors::InputErrors(std::vector<std::string> lines) : std::runtime_error(join_lines(lines)), lines_(std::move(lines)) {}

ModelHandle load_file(const std::string& path) {
  std::vector<models::Diagnostic> warnings;
  scenarios::LoadedInput input = scenarios::load_model_or_scenario(path, &warnings);
  return validated(std::move(input.model), path, std::move(input.scenarios), warnings);
}

ModelHandle load_json_text(const std::string& text, const std::string& label, const std::string& base_dir) {
  std::vector<models::Diagnostic> warnings;
  const nlohmann::json j = models::parse_json_text(text, label);
  if (!scenarios::is_scenario(j)) {
    models::Model model = models::parse_model(j, label, &warnings);
    return validated(std::move(model), label, {}, warnings);
  }
  // A scenario: its base chain loads from files, as load_model_or_scenario does for a file.
  scenarios::Scenario scenario = scenarios::parse_scenario(j, label, &warnings);
  std::filesystem::path base = scenario.base;
  if (base.is_relative()) base = std::filesystem::path(base_dir) / base;
  std::error_code ec;
  if (!std::filesystem::exists(base, ec)) {
    throw models::InputError(
        {label, "base", "base file \"" + scenario.base + "\" not found (looked for " + base.string() + ")", false});
  }
  scenarios::LoadedInput input = scenarios::load_scenario_base(base, &warnings);
  models::Model model = scenarios::apply(input.model, scenario, label, &warnings);
  input.scenarios.push_back(std::move(scenario));
  return validated(std::move(model), label, std::move(input.scenarios), warnings);
}

ModelHandle with_changes(const ModelHandle& base, const std::string& changes_json, const std::string& name,
                         const std::string& description) {
  const std::string label = "<changes>";
  nlohmann::json scenario_json = {{"courtflow", 1},
                                  {"scenario", name.empty() ? base.model.name + " (changed)" : name},
                                  {"base", base.source},
                                  {"changes", models::parse_json_text(changes_json, label, "changes list")}};
  if (!description.empty()) scenario_json["description"] = description;
  std::vector<models::Diagnostic> warnings;
  scenarios::Scenario scenario = scenarios::parse_scenario(scenario_json, label, &warnings);
  models::Model model = scenarios::apply(base.model, scenario, label, &warnings);
  std::vector<scenarios::Scenario> applied = base.applied;
  applied.push_back(std::move(scenario));
  return validated(std::move(model), label, std::move(applied), warnings);
}

std::string model_json(const ModelHandle& handle) { return models::to_json(handle.model).dump(2) + "\n"; }

Outputs run(const ModelHandle& handle, const RunOptions& options, const std::atomic<bool>* cancel) {
  const auto t0 = std::chrono::steady_clock::now();
  const models::Model& model = handle.model;
  const analysis::RunSettings settings = settings_for(options, cancel);
  const analysis::PreparedRun prepared = analysis::prepare_run(model, settings, handle.source);
  const sim::ReplicationSet set = run_checked(prepared, settings, handle.source);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const analysis::Summary summary = analysis::summarise(
      set, model, prepared.network, analysis::RunInfo{prepared.replications, prepared.seed, wall});
  Outputs out;
  out.files["summary.json"] = analysis::to_json(summary).dump(2) + "\n";
  out.files["timeseries.csv"] = text_of([&](std::ostream& s) {
    analysis::write_timeseries_csv(s, set, prepared.network, prepared.start_day);
  });
  const std::vector<analysis::CaseloadSelection> groups = analysis::model_groups(model, prepared.network);
  if (!groups.empty()) {
    out.files["groups.csv"] = text_of(
        [&](std::ostream& s) { analysis::write_groups_csv(s, set, groups, prepared.start_day); });
  }
  return out;
}

Outputs bottlenecks(const ModelHandle& handle, const RunOptions& options, const std::string& add,
                    const std::vector<std::string>& stages, const std::atomic<bool>* cancel) {
  const analysis::RunSettings settings = settings_for(options, cancel);
  const analysis::PreparedRun prepared = analysis::prepare_run(handle.model, settings, handle.source);
  analysis::BottleneckOptions bn;
  const auto parsed = analysis::parse_add_servers(add);
  if (!parsed) {
    throw InputErrors({"add: must be a whole number of servers from 1 to 1000000 or a percentage such as 10% (got \"" +
                       add + "\")"});
  }
  bn.add = *parsed;
  bn.stages = stages;
  if (const auto problem = analysis::check_marginal_stages(prepared.network, bn.stages)) {
    throw InputErrors({"stages: " + handle.source + ": " + *problem});
  }
  analysis::BottleneckReport report;
  try {
    report = analysis::analyse_bottlenecks(prepared, settings, bn);
  } catch (const sim::BudgetExceeded& e) {
    over_budget(e, handle.source);
  }
  Outputs out;
  out.files["bottlenecks.json"] = analysis::to_json(report).dump(2) + "\n";
  out.files["bottlenecks.csv"] = text_of([&](std::ostream& s) { analysis::write_bottlenecks_csv(s, report); });
  return out;
}

Outputs compare(const ModelHandle& base, const std::vector<const ModelHandle*>& scenario_handles,
                const RunOptions& options, const std::atomic<bool>* cancel) {
  if (scenario_handles.empty()) throw InputErrors({"compare: needs a base and at least one scenario"});
  // Settings: the base's replications, seed and period for everyone, so that the pairs line up.
  const analysis::RunSettings base_settings = settings_for(options, cancel);
  const analysis::PreparedRun base_prepared = analysis::prepare_run(base.model, base_settings, base.source);
  const analysis::PeriodSpec period =
      base_settings.period ? *base_settings.period
                           : analysis::default_period(base.model.horizon_days, base.model.start_date.has_value());
  std::vector<analysis::RunSettings> settings;
  std::vector<analysis::PreparedRun> prepared;
  for (const ModelHandle* s : scenario_handles) {
    analysis::RunSettings rs = settings_for(options, cancel);
    rs.replications = base_prepared.replications;
    rs.seed = base_prepared.seed;
    rs.period = period;
    prepared.push_back(analysis::prepare_run(s->model, rs, s->source));
    settings.push_back(rs);
  }
  // Run, one model after another (each uses every thread for its replications).
  const sim::ReplicationSet base_results = run_checked(base_prepared, base_settings, base.source);
  std::vector<sim::ReplicationSet> results;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    results.push_back(run_checked(prepared[i], settings[i], scenario_handles[i]->source));
  }

  std::vector<analysis::ScenarioRun> runs;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    const ModelHandle& in = *scenario_handles[i];
    runs.push_back({in.model.name, in.model.description, in.source, &in.model, in.applied, &prepared[i].network,
                    &results[i]});
  }
  analysis::Comparison comparison = analysis::compare_with_base(base.source, base_prepared,
                                                                base_settings.age_threshold_days, base_results, runs);
  Outputs out;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    analysis::ComparedScenario& s = comparison.scenarios[i];
    s.notes = analysis::comparison_notes(base.model, scenario_handles[i]->model, s.comparison);
    for (const std::string& note : s.notes) out.warnings.push_back(scenario_handles[i]->source + ": " + note);
  }
  out.files["comparison.json"] = analysis::to_json(comparison).dump(2) + "\n";
  out.files["comparison.csv"] = text_of([&](std::ostream& f) { analysis::write_comparison_csv(f, comparison); });
  out.files["comparison_timeseries.csv"] = text_of([&](std::ostream& f) {
    analysis::write_comparison_timeseries_csv(f, comparison, base_prepared.start_day);
  });
  return out;
}

Calibrated calibrate(const CalibrateInput& input) {
  namespace ev = analysis::eventlog;
  std::istringstream in(input.csv);
  const ev::EventLog log = ev::read_csv_log(in, input.label);
  ev::CalibrateOptions options;
  options.model_name = input.name;
  options.seed = input.seed;
  // 0 (Python's None): as many as the validation needs, the command line's default; else a cap.
  if (input.validation_replications < 0 || input.validation_replications > 1000) {
    throw InputErrors({"validation_replications: must be None or a whole number from 1 to 1000 (got " +
                       std::to_string(input.validation_replications) + ")"});
  }
  options.validation_replications = input.validation_replications;
  ev::Calibration calibration = ev::calibrate(log, options);
  // The fitted model must be one `run` accepts: check it as the CLI does.
  for (const models::Diagnostic& d : models::validate(calibration.model, input.name)) {
    if (!d.warning) throw std::runtime_error("internal: the fitted model is invalid: " + d.to_string());
  }
  ev::validate_calibration(calibration, log, options);
  Calibrated out;
  out.report_json = ev::report_json(calibration).dump(2) + "\n";
  out.model = validated(calibration.model, "<calibrated " + input.name + ">", {}, {});
  return out;
}

Outputs backtest(const ModelHandle& handle, const BacktestInput& input) {
  namespace se = analysis::series;
  const auto day = [](const std::string& what, const std::string& text) {
    const auto d = models::parse_iso_date(text);
    if (!d) throw InputErrors({what + ": must be a date YYYY-MM-DD (got \"" + text + "\")"});
    return *d;
  };
  const std::int64_t split = day("split", input.split);
  se::BacktestChoices choices{.window = input.window,
                              .periods = input.periods,
                              .replications = input.replications,
                              .draws = input.draws,
                              .seed = input.seed,
                              .threads = input.threads,
                              .known_receipts = input.known_receipts,
                              .use_capacity = input.use_capacity,
                              .exclude = {}};
  for (const std::string& d : input.exclude) choices.exclude.push_back(day("exclude", d));
  const se::ProjectionOptions options = se::projection_options(choices);
  if (input.window < 3 || input.window > 10000) throw InputErrors({"window: must be from 3 to 10000"});
  if (input.replications < 1 || input.replications > 100000) throw InputErrors({"replications: must be from 1 to 100000"});
  if (input.periods < 0) throw InputErrors({"periods: must be 0 (all) or more"});

  std::istringstream in(input.csv);
  const se::Series series = se::parse_series(in, input.label);
  const std::vector<se::StageMap> maps = se::match_stages(handle.model, handle.source, series, input.stages);
  se::Backtest bt;
  try {
    bt = se::run_backtest(handle.model, series, maps, split, options);
  } catch (const sim::BudgetExceeded& e) {
    over_budget(e, handle.source);
  }
  Outputs out;
  out.warnings = se::flow_balance_warnings(bt, input.label);
  out.files["backtest.json"] = se::to_json(bt).dump(2) + "\n";
  out.files["projection.csv"] = text_of([&](std::ostream& s) { se::write_projection_csv(s, bt); });
  return out;
}

}  // namespace courtflow::python

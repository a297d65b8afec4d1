// The base and scenarios of `compare` and `report` (scenario_inputs.hpp).

#include "cli/scenario_inputs.hpp"

#include <ostream>

#include "analysis/periods.hpp"
#include "cli/diagnostics.hpp"

namespace courtflow::cli {

std::optional<std::vector<ScenarioInput>> load_scenario_inputs(const std::vector<std::string>& files,
                                                               std::ostream& err) {
  std::vector<ScenarioInput> inputs(files.size());
  std::size_t errors = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    inputs[i].file = files[i];
    inputs[i].loaded = load_and_validate(files[i]);
    print_diagnostics(err, inputs[i].loaded.diagnostics);
    errors += inputs[i].loaded.errors;
  }
  // The name is how comparison.json, the report and the tables tell scenarios apart: two of one
  // name would be two rows nobody can tell apart. (The base is "base" there, so a scenario may
  // share its name: an identical copy of the base is a fair check that nothing changes.)
  for (std::size_t i = 2; i < inputs.size() && errors == 0; ++i) {
    for (std::size_t k = 1; k < i; ++k) {
      if (inputs[k].loaded.model.name != inputs[i].loaded.model.name) continue;
      const std::string key = inputs[i].loaded.applied.empty() ? "name" : "scenario";
      print_diagnostics(err, {models::Diagnostic{files[i], key,
                                                 "\"" + inputs[i].loaded.model.name + "\" is also the name of " + files[k] +
                                                     ": each scenario needs its own name to be told apart in the outputs",
                                                 false}});
      ++errors;
      break;
    }
  }
  if (errors > 0) return std::nullopt;
  return inputs;
}

void prepare_base(ScenarioInput& base, const RunOptionValues& options) {
  base.settings = run_settings(options, base.loaded.model);
  base.prepared = analysis::prepare_run(base.loaded.model, base.settings, base.file);
}

void prepare_scenarios(std::vector<ScenarioInput>& inputs, const RunOptionValues& options) {
  const ScenarioInput& base = inputs.front();
  const analysis::PeriodSpec period =
      base.settings.period ? *base.settings.period
                           : analysis::default_period(base.loaded.model.horizon_days,
                                                      base.loaded.model.start_date.has_value());
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    ScenarioInput& in = inputs[i];
    in.settings = run_settings(options, in.loaded.model);
    in.settings.replications = base.prepared->replications;
    in.settings.seed = base.prepared->seed;
    in.settings.period = period;
    in.prepared = analysis::prepare_run(in.loaded.model, in.settings, in.file);
  }
}

analysis::Comparison compare_scenarios_with_base(const std::vector<ScenarioInput>& inputs) {
  const ScenarioInput& base = inputs.front();
  std::vector<analysis::ScenarioRun> runs;
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    const ScenarioInput& in = inputs[i];
    runs.push_back({in.loaded.model.name, in.loaded.model.description, in.file, &in.loaded.model, in.loaded.applied,
                    &in.prepared->network, &in.results});
  }
  return analysis::compare_with_base(base.file, *base.prepared, base.settings.age_threshold_days, base.results, runs);
}

}  // namespace courtflow::cli

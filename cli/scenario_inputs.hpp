#pragma once
// The base and scenarios of `compare` and `report`: every file loaded and validated before
// anything runs, then run settings that pair them (every scenario takes the base's
// replications, seed and reporting period, so replication r of each pairs with replication r
// of the base: common random numbers), then the comparison of each scenario with the base.
// The commands run the inputs themselves (each with its own progress line and extra runs).

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "analysis/comparison_output.hpp"
#include "analysis/simulation.hpp"
#include "cli/model_input.hpp"
#include "cli/run_support.hpp"
#include "sim/replications.hpp"

namespace courtflow::cli {

/// One model to run: the base or a scenario.
struct ScenarioInput {
  std::string file;  ///< as given on the command line
  LoadedModel loaded;
  analysis::RunSettings settings;
  std::optional<analysis::PreparedRun> prepared;
  sim::ReplicationSet results;
};

/// Every file loaded and validated in order (the first is the base), each file's diagnostics
/// printed on `err` as it is read. Nothing when any file has an error (the command then exits
/// kExitBadInput, having listed every problem). A file that cannot be read or parsed throws
/// models::InputError, as load_and_validate does.
std::optional<std::vector<ScenarioInput>> load_scenario_inputs(const std::vector<std::string>& files,
                                                               std::ostream& err);

/// The base's settings (from the options, else its model, else the defaults) and its prepared run.
void prepare_base(ScenarioInput& base, const RunOptionValues& options);

/// Every scenario's settings and prepared run (inputs[1..]), with the prepared base's
/// replications and seed and its reporting period imposed, so that the pairs line up.
void prepare_scenarios(std::vector<ScenarioInput>& inputs, const RunOptionValues& options);

/// The comparison of every scenario with the base once all have run (analysis::compare_with_base),
/// notes left empty for the command.
analysis::Comparison compare_scenarios_with_base(const std::vector<ScenarioInput>& inputs);

}  // namespace courtflow::cli

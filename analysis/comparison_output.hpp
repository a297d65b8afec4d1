#pragma once
// compare's outputs (PRODUCT.md "Run outputs", comparison.json): the contract's keys in the
// contract's order, then extensions, never renamed.
//   comparison.json             {"base": NAME, "scenarios": [{"name", "delta": {"system",
//                               "stages", "case_types"}, "levels", "crn", "description",
//                               "file", "model_hash", "changes", "unmatched", "notes"}],
//                               "base_levels", "replications", "seed", "horizon_days",
//                               "provenance"}; each measure {"mean", "ci95"}, null when undefined.
//   comparison.csv              tidy: one row per scenario x (system, then stages) x measure.
//   comparison_timeseries.csv   tidy: per period end, scenario, stage (or system) and metric.
// Everything is a function of the models, seed and replication count: no clock, no thread
// count, no absolute paths beyond what the user typed. Writes to std::ostream only.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/compare.hpp"
#include "analysis/measures.hpp"
#include "analysis/simulation.hpp"
#include "models/model.hpp"
#include "scenarios/scenario.hpp"

namespace courtflow::analysis {

/// Plain-words caveats about a scenario that does not line up with its base (stages or case
/// types only in one, a different horizon, warm-up or start date): ComparedScenario::notes,
/// which comparison.json carries. Shared by `courtflow compare` and the Python package.
std::vector<std::string> comparison_notes(const models::Model& base, const models::Model& scenario,
                                          const ScenarioComparison& comparison);

/// One scenario compared with the base, with what is known of where it came from.
struct ComparedScenario {
  std::string name;         ///< the model's name (a scenario file's "scenario")
  std::string description;  ///< the model's or scenario's description
  std::string file;         ///< as given on the command line
  std::string model_hash;   ///< fnv1a64 of the canonical model JSON (summary.hpp)
  /// The scenario files applied to reach this model, from the base outwards (empty for a
  /// plain model file); their changes are listed in comparison.json.
  std::vector<scenarios::Scenario> applied;
  std::vector<std::string> notes;  ///< plain-words caveats (e.g. a different horizon)
  ScenarioComparison comparison;
};

struct Comparison {
  std::string base;  ///< the base model's name
  std::string base_file;
  std::string base_model_hash;
  int replications = 0;
  std::uint64_t seed = 0;
  double horizon_days = 0;  ///< the base's
  double warmup_days = 0;   ///< the base's
  std::optional<std::string> start_date;
  std::string count_unit;
  double age_threshold_days = 365;
  /// The base's own levels, as in its summary.json.
  std::vector<StageMeasures> base_stages;
  FlowMeasures base_system;
  std::vector<FlowMeasures> base_case_types;
  std::vector<ComparedScenario> scenarios;
};

/// A comparison with the base filled in (its name, file as given, model hash, run settings and
/// own levels) and no scenarios yet: what compare, report, serve and the Python package all
/// start from.
Comparison comparison_with_base(const std::string& base_file, const PreparedRun& base, double age_threshold_days,
                                const sim::ReplicationSet& base_results);

/// A scenario's run, to set beside the base: where it came from, as comparison.json names it,
/// and what ran. The pointers are not owned and must outlive the call.
struct ScenarioRun {
  std::string name;         ///< ComparedScenario::name
  std::string description;  ///< ComparedScenario::description
  std::string file;         ///< ComparedScenario::file
  const models::Model* model = nullptr;  ///< the model as run: its hash is model_hash
  std::vector<scenarios::Scenario> applied;
  const sim::Network* network = nullptr;
  const sim::ReplicationSet* results = nullptr;
};

/// comparison_with_base, then every scenario in order, each paired with the base by common
/// random numbers (compare_runs): the comparison compare, report, serve and the Python package
/// all build. Notes are left empty for the caller: compare and the Python package add
/// comparison_notes (and warn of them), report its own caveats, serve none (its scenarios are
/// overlays on the base).
Comparison compare_with_base(const std::string& base_file, const PreparedRun& base, double age_threshold_days,
                             const sim::ReplicationSet& base_results, const std::vector<ScenarioRun>& scenarios);

/// comparison.json (see the file comment). NaN never appears (null instead).
nlohmann::ordered_json to_json(const Comparison& comparison);

/// comparison.csv: scenario,stage,measure,base_mean,scenario_mean,delta_mean,delta_lo,delta_hi,
/// then base_lo,base_hi,scenario_lo,scenario_hi,unpaired_half_width. `stage` is "system" for
/// the whole system. Measures: system mean_time_in_system_days, wip_end, completed, abandoned,
/// arrivals; stage wip_end, waiting_end, mean_wait_days, mean_queue_length, utilisation (not at
/// pure delays), throughput_per_day, completed, abandoned, arrivals. Empty fields where
/// undefined; numbers as in timeseries.csv.
void write_comparison_csv(std::ostream& out, const Comparison& comparison);

/// comparison_timeseries.csv: period_end_day,period_end_date,scenario,stage,metric,base_mean,
/// scenario_mean,delta_mean,delta_lo,delta_hi for the kPeriodMetrics of every common stage
/// and the system at every common period end. `start_day` (days since 1970-01-01 of the
/// base's start_date) fills period_end_date; nullopt leaves it empty.
void write_comparison_timeseries_csv(std::ostream& out, const Comparison& comparison,
                                     std::optional<std::int64_t> start_day);

}  // namespace courtflow::analysis

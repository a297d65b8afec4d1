#pragma once
// Paired scenario comparison (`courtflow compare`): a base model and each scenario run with the
// same seed and replication count share random numbers stage by stage (common random numbers),
// so replication r of the scenario pairs with replication r of the base. For every measure the
// difference scenario - base is taken within each pair and then reduced to an Interval across
// pairs; the levels of base and scenario are reduced on their own, as in summary.json.
// Stages and case types are matched by id; ids in only one of the two runs are listed, not
// compared. Pure arithmetic on replication results; no I/O. comparison_output writes the files.

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/interval.hpp"
#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {

/// One measure in base and scenario, and their paired difference.
struct PairedMeasure {
  Interval base;      ///< across the base's replications
  Interval scenario;  ///< across the scenario's replications
  Interval delta;     ///< scenario - base within each pair of replications, then across pairs
  /// Half-width the 95% interval of the difference would have if the two runs were
  /// independent: t(0.975, n-1) * sqrt(var_base / n_base + var_scenario / n_scenario), with
  /// n = min(n_base, n_scenario) for the t quantile. NaN with fewer than two values in either.
  double unpaired_half_width = 0;

  /// Half-width of the paired interval, (hi - lo) / 2; NaN when undefined.
  double paired_half_width() const;
};

/// Pairs base[r] with scenario[r] for r < min(sizes). NaN values (a measure a replication
/// did not define) are left out of the levels, and a pair with a NaN out of the difference.
PairedMeasure pair_values(const std::vector<double>& base, const std::vector<double>& scenario);

/// A stage in both runs.
struct StageComparison {
  std::string id;
  bool infinite = false;  ///< a pure delay (in the base): utilisation is undefined
  PairedMeasure wip_end;             ///< waiting or in service at the horizon (cases)
  PairedMeasure waiting_end;         ///< waiting at the horizon (cases)
  PairedMeasure mean_wait_days;      ///< arrival at the stage to start of service (days)
  PairedMeasure mean_queue_length;   ///< time-averaged number waiting (cases)
  PairedMeasure utilisation;         ///< busy over available server-time (share)
  PairedMeasure throughput_per_day;  ///< completions per observed day (cases/day)
  PairedMeasure completed;           ///< services completed in the window (cases)
  PairedMeasure abandoned;           ///< reneged from the stage's queue in the window (cases)
  PairedMeasure arrivals;            ///< arrivals at the stage in the window (cases)
};

/// The whole system, or one case type present in both runs.
struct FlowComparison {
  std::string id;                          ///< case-type id; empty for the system
  PairedMeasure mean_time_in_system_days;  ///< over cases that left by a route in the window (days)
  PairedMeasure wip_end;                   ///< in the system at the horizon (cases)
  PairedMeasure completed;                 ///< left by a route in the window (cases)
  PairedMeasure abandoned;                 ///< left by reneging in the window (cases)
  PairedMeasure arrivals;                  ///< external arrivals in the window (cases)
};

/// One cell of the per-period comparison: a snapshot or count at a period end.
struct PeriodComparison {
  double period_end_day = 0;  ///< simulation day the period ends
  std::string row;            ///< stage id, or "system"
  std::string metric;         ///< the engine's name: "wip", "waiting", "completions", ...
  PairedMeasure value;
};

/// Everything compare finds for one scenario against the base.
struct ScenarioComparison {
  FlowComparison system;
  std::vector<StageComparison> stages;     ///< the stages in both, in the base's order
  std::vector<FlowComparison> case_types;  ///< the case types in both, in the base's order
  std::vector<std::string> stages_only_in_base;
  std::vector<std::string> stages_only_in_scenario;
  std::vector<std::string> case_types_only_in_base;
  std::vector<std::string> case_types_only_in_scenario;
  /// Period ends in both runs (in order) x (common stages, then the system) x kPeriodMetrics.
  std::vector<PeriodComparison> periods;
  std::size_t pairs = 0;  ///< replications paired (min of the two counts)
};

/// The engine metrics compared period by period: wip, waiting and wip_over_N_days (open
/// longer than the age threshold, --over) at the period end, and completions over the period.
inline constexpr sim::PeriodSeries::Metric kPeriodMetrics[] = {
    sim::PeriodSeries::wip, sim::PeriodSeries::waiting, sim::PeriodSeries::over_threshold,
    sim::PeriodSeries::completions};

/// Compares `scenario` (run on `scenario_network`) with `base` (run on `base_network`);
/// both runs must have used the same seed for the pairing to mean anything.
ScenarioComparison compare_runs(const sim::ReplicationSet& base, const sim::Network& base_network,
                                const sim::ReplicationSet& scenario, const sim::Network& scenario_network);

}  // namespace courtflow::analysis

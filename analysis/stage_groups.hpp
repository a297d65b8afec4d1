#pragma once
// Open caseloads of several stages together: a model's reporting groups (models::StageGroupDef,
// e.g. "crown_court" = every Crown Court stage, the published "outstanding" figure), or any
// stage or the system on its own. Sums are taken within each replication before reducing
// across replications, so a group's interval is the interval of the group's total, not a sum
// of intervals. Pure: writes to std::ostream only.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/interval.hpp"
#include "models/model.hpp"
#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {

/// What to add up: rows of sim::PeriodSeries (stage indices; the system row is stages.size()).
struct CaseloadSelection {
  std::string id;           ///< group, stage or "system"
  std::string description;  ///< the group's description, or empty
  std::vector<int> rows;
};

/// The model's groups resolved against the compiled network's stages. Groups naming a stage
/// the network lacks are impossible after validation; such a stage is skipped.
std::vector<CaseloadSelection> model_groups(const models::Model& model, const sim::Network& network);

/// A group id, stage id or "system", resolved: the model's group of that id, else the stage,
/// else the system row; nullopt for an unknown id.
std::optional<CaseloadSelection> find_selection(const std::string& id, const models::Model& model,
                                                const sim::Network& network);

/// The open caseload of a selection at one period end, across replications.
struct CaseloadPoint {
  double period_end = 0;  ///< simulation day
  Interval mean;          ///< mean and its 95% confidence interval
  double p05 = 0;         ///< 5%, 50% and 95% quantiles across replications: where a single
  double p50 = 0;         ///< future is likely to fall (wider than the interval of the mean)
  double p95 = 0;
};

/// Per period end, the selection's summed wip (metric sim::PeriodSeries::wip, or `metric`).
std::vector<CaseloadPoint> caseload_series(const sim::ReplicationSet& set, const CaseloadSelection& selection,
                                           int metric = 0);

/// The selection's summed wip at the end of the run (StageStats::wip_end), across replications.
Interval caseload_at_end(const sim::ReplicationSet& set, const CaseloadSelection& selection);

/// DIR/groups.csv, in timeseries.csv's shape with "group" for "stage": one row per period end
/// x group x metric (wip, waiting), columns period_end_day,period_end_date,group,metric,mean,
/// p05,p50,p95. Header only when the model has no groups.
void write_groups_csv(std::ostream& out, const sim::ReplicationSet& set,
                      const std::vector<CaseloadSelection>& groups, std::optional<std::int64_t> start_day);

}  // namespace courtflow::analysis

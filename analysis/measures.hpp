#pragma once
// Per-stage, per-case-type and whole-system measures across replications: each
// per-replication number from sim::RunStats (after warm-up) reduced to an Interval. This is
// the arithmetic behind summary.json and the bottleneck ranking; it neither formats nor
// prints. Stage and case-type order follow the compiled sim::Network.

#include <string>
#include <vector>

#include "analysis/interval.hpp"
#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {

struct StageMeasures {
  std::string id;
  bool infinite = false;
  Interval utilisation;         ///< busy / available server-time; no values for infinite stages
  Interval mean_wait_days;      ///< arrival at the stage to start of service (days)
  Interval mean_queue_length;   ///< time-averaged number waiting (cases)
  Interval throughput_per_day;  ///< completions per observed day (cases/day)
  Interval completed;           ///< services completed in the window (cases)
  Interval abandoned;           ///< reneged from this stage's queue (cases)
  Interval wip_end;             ///< waiting or in service at the horizon (cases)
  Interval arrivals;            ///< arrivals at the stage in the window (cases)
  Interval waiting_end;         ///< waiting (not in service) at the horizon (cases)
  Interval mean_age_wip_end_days;  ///< mean time since arrival at the stage of wip_end cases (days)
};

struct FlowMeasures {
  std::string id;                     ///< case-type id; empty for the whole system
  Interval mean_time_in_system_days;  ///< over cases that completed in the window (days)
  Interval completed;                 ///< left the system by a route (cases)
  Interval abandoned;                 ///< left the system by reneging (cases)
  Interval wip_end;                   ///< in the system at the horizon (cases)
  Interval arrivals;                  ///< external arrivals in the window (cases)
};

/// The Interval across replications of get(replication) (a double per replication; NaN for
/// "not defined in this replication").
template <class Get>
Interval across(const sim::ReplicationSet& set, Get get) {
  std::vector<double> values;
  values.reserve(set.replications.size());
  for (const sim::ReplicationResult& r : set.replications) values.push_back(get(r));
  return interval(values);
}

std::vector<StageMeasures> measure_stages(const sim::ReplicationSet& set, const sim::Network& network);
std::vector<FlowMeasures> measure_case_types(const sim::ReplicationSet& set, const sim::Network& network);
FlowMeasures measure_system(const sim::ReplicationSet& set);

}  // namespace courtflow::analysis

#pragma once
// Hand-built replication results for analysis tests: a two-stage network ("intake", finite,
// and "wait,list", an infinite delay whose id needs CSV quoting) with set numbers, so that
// every expected value can be worked out on paper.

#include "models/model.hpp"
#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis::testing {

inline sim::Network two_stage_network() {
  sim::Network n;
  sim::StageSpec intake;
  intake.name = "intake";
  intake.capacity = {{0, 2}};
  sim::StageSpec delay;
  delay.name = "wait,list";
  delay.infinite = true;
  n.stages = {intake, delay};
  n.case_types = {{"custody", 0}, {"bail", 1}};
  return n;
}

inline models::Model two_stage_model() {
  models::Model m;
  m.name = "two stage";
  m.horizon_days = 60;
  m.warmup_days = 0;
  m.start_date = "2025-01-01";
  models::StageDef intake;
  intake.id = "intake";
  intake.servers = 2;
  intake.service = {"exponential", {{"mean", 1.0}}, {}};
  models::StageDef delay;
  delay.id = "wait,list";
  delay.infinite = true;
  delay.service = {"fixed", {{"value", 2.0}}, {}};
  m.stages = {intake, delay};
  models::CaseTypeDef custody;
  custody.id = "custody";
  models::CaseTypeDef bail;
  bail.id = "bail";
  bail.priority = 1;
  m.case_types = {custody, bail};
  models::ArrivalDef arrival;
  arrival.to = "intake";
  arrival.rate_per_day = 1.0;
  m.arrivals = {arrival};
  models::RouteDef route;
  route.from = "intake";
  route.to = "wait,list";
  route.p = 1.0;
  m.routes = {route};
  return m;
}

/// Replication r (0-based): intake busy 50+10r of 100 server-days; r = 0 has no waits at the
/// delay stage. Period series: two periods (30, 60), values r + period + row + metric.
inline sim::ReplicationResult replication(int r) {
  sim::ReplicationResult res;
  res.replication = r;
  res.observed_days = 60;
  sim::StageStats intake;
  intake.busy_time = 50 + 10 * r;
  intake.available_time = 100;
  intake.queue_area = 120;
  intake.wait_sum = 30 + r;
  intake.services_started = 10;
  intake.arrivals = 12;
  intake.completed = 9 + static_cast<std::uint64_t>(r);
  intake.abandoned = 1;
  intake.wip_end = 3;
  intake.waiting_end = 1;
  intake.wip_end_age_sum = 6;
  sim::StageStats delay;
  delay.infinite = true;
  delay.services_started = r == 0 ? 0 : 5;
  delay.arrivals = 5;
  delay.completed = 5;
  res.stages = {intake, delay};
  sim::CaseTypeStats custody;
  custody.time_in_system_sum = 20;
  custody.completed = 4;
  custody.arrivals = 6;
  custody.wip_end = 2;
  sim::CaseTypeStats bail;  // nothing completed: mean time in system undefined
  bail.arrivals = 6;
  bail.wip_end = 1;
  res.case_types = {custody, bail};
  res.system.time_in_system_sum = 20;
  res.system.completed = 4;
  res.system.arrivals = 12;
  res.system.abandoned = 1;
  res.system.wip_end = 3;
  res.series.period_ends = {30, 60};
  res.series.rows_per_period = 3;
  res.series.values.resize(2 * 3 * sim::PeriodSeries::metric_count);
  for (std::size_t p = 0; p < 2; ++p) {
    for (int row = 0; row < 3; ++row) {
      for (int metric = 0; metric < sim::PeriodSeries::metric_count; ++metric) {
        res.series.at(p, row, metric) = r + static_cast<double>(p) + row + metric;
      }
    }
  }
  res.events = 1000 + static_cast<std::uint64_t>(r);
  return res;
}

inline sim::ReplicationSet replication_set(int n) {
  sim::ReplicationSet set;
  for (int r = 0; r < n; ++r) {
    set.replications.push_back(replication(r));
    set.total_events += set.replications.back().events;
  }
  return set;
}

}  // namespace courtflow::analysis::testing

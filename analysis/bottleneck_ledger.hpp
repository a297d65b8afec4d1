#pragma once
// The simulated side of bottleneck analysis: a ledger with one row per stage (demand against
// capacity, utilisation, waiting, queue growth, the share of time in system spent waiting
// there, work in progress and its age at the horizon), the ranking of capacity-limited stages
// worst first with a reason in plain words and numbers, and the same ranking per reporting
// period so that a bottleneck that moves shows. The order is analysis/bottleneck's rank_order
// (utilisation, near-ties to the longer wait), so the top of the ranking is always the
// summary's bottleneck; pure delays appear in the ledger but never in a ranking. Every
// simulated figure is computed per replication, then reduced to an Interval. Pure; no I/O.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/interval.hpp"
#include "analysis/traffic_equations.hpp"
#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {

/// One stage's row. Rates are per day of the observed window (warm-up to horizon).
struct LedgerRow {
  std::string stage;
  bool infinite = false;
  Interval demand_per_day;        ///< arrivals at the stage, loops and re-entries included (cases/day)
  double mean_service_days = 0;   ///< visit-weighted over case types (days), from the traffic equations
  CapacityProfile servers;        ///< servers over the window (NaN / 0 at pure delays)
  double capacity_per_day = 0;    ///< average servers / mean service, service factors included (cases/day); NaN at pure delays
  double capacity_min_per_day = 0;  ///< least capacity at any time in the window (cases/day); NaN at pure delays
  double capacity_max_per_day = 0;  ///< most capacity at any time in the window (cases/day); NaN at pure delays
  Interval utilisation;           ///< busy / available server-time; no values at pure delays
  Interval mean_wait_days;        ///< arrival at the stage to start of service (days)
  Interval mean_queue_length;     ///< time-averaged number waiting (cases)
  Interval throughput_per_day;    ///< completions per day (cases/day)
  /// (waiting at the last period end - waiting at the first) / days between them (cases/day);
  /// no values with fewer than two periods.
  Interval queue_growth_per_day;
  Interval visits_per_case;       ///< arrivals here / external arrivals to the system (visits per case)
  /// visits per case x mean wait here / mean time in system (share, 0-1 for most networks).
  Interval share_of_time_in_system;
  Interval wip_end;               ///< waiting or in service at the horizon (cases)
  Interval mean_age_wip_end_days;  ///< mean time since arrival here of the wip_end cases (days)
  Interval abandoned;             ///< reneged from this stage's queue (cases)
};

/// One capacity-limited stage in the ranking, worst first.
struct LedgerRank {
  std::size_t row = 0;  ///< index into the ledger (= stage index)
  /// Mean demand at or above the stage's average capacity: it cannot keep up.
  bool overloaded = false;
  std::string reason;  ///< plain words with numbers
};

/// The ranking within one reporting period (per-period utilisation and waiting, averaged over
/// replications).
struct PeriodRanking {
  double period_end_day = 0;
  std::vector<std::size_t> order;   ///< capacity-limited stages worst first (stage indices)
  std::vector<double> utilisation;  ///< per stage: mean busy / available server-time in the period; NaN at pure delays
  std::vector<double> waiting;      ///< per stage: mean number waiting at the period end (cases)
};

struct Ledger {
  std::vector<LedgerRow> rows;  ///< one per stage, in model order
  std::vector<LedgerRank> ranking;
  std::vector<PeriodRanking> by_period;
};

/// Builds the ledger from a run of `network` over [warmup, horizon]. `traffic` supplies the
/// visit-weighted mean service times (solve_traffic on the same network and window; its
/// stage's default service mean is used where it is not solved). `count_unit` names what is
/// counted in the reasons ("cases" when empty).
Ledger build_ledger(const sim::ReplicationSet& set, const sim::Network& network, double warmup_days,
                    double horizon_days, const TrafficSolution& traffic, std::string_view count_unit);

/// The ranking reason for one row, e.g. "demand 41.2/day against capacity 40.0/day: the
/// queue grows by about 1.2 cases a day; utilisation 1.00, mean wait 80.1 days, 61% of time
/// in system" or "utilisation 0.93 (0.92-0.94); mean wait 12.3 days, 40% of time in
/// system", with the queue's growth over the run when its interval lies clear of zero and
/// the cases that abandoned the queue, if any. Sets `overloaded`.
std::string ranking_reason(const LedgerRow& row, std::string_view count_unit, bool& overloaded);

}  // namespace courtflow::analysis

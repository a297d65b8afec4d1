// The bottleneck ledger (bottleneck_ledger.hpp): measures shared with summary.json come from
// analysis/measures; the ledger adds demand, capacity, queue growth, visits and the share of
// time in system, each per replication first. Ranking and per-period ranking use
// analysis/bottleneck's rank_order, so they agree with the summary's bottleneck.
#include "analysis/bottleneck_ledger.hpp"

#include <cmath>
#include <limits>

#include "analysis/bottleneck.hpp"
#include "analysis/measures.hpp"
#include "analysis/number_text.hpp"

namespace courtflow::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();


// A series cell of replication r, NaN if its series does not cover it.
double cell(const sim::ReplicationResult& r, std::size_t period, std::size_t row, int metric) {
  const sim::PeriodSeries& s = r.series;
  if (period >= s.period_ends.size() || s.rows_per_period <= 0 || row >= static_cast<std::size_t>(s.rows_per_period) ||
      s.values.size() < (period + 1) * static_cast<std::size_t>(s.rows_per_period) * sim::PeriodSeries::metric_count) {
    return kNaN;
  }
  return s.at(period, static_cast<int>(row), metric);
}

// "0.93 (0.92-0.94)": a utilisation with its interval when there is one.
std::string utilisation_text(const Interval& u) {
  if (!u.has_value() || !std::isfinite(u.mean)) return "none (no server time after warm-up)";
  std::string text = fixed_text(u.mean, 2);
  if (u.n > 1 && u.hi > u.lo) text += " (" + fixed_text(u.lo, 2) + "-" + fixed_text(u.hi, 2) + ")";
  return text;
}

// "40.0/day" or "40.0/day on average (35.0-45.0)" when capacity varies.
std::string capacity_text(const LedgerRow& row) {
  std::string text = amount_text(row.capacity_per_day) + "/day";
  if (row.servers.varies && std::isfinite(row.capacity_min_per_day) && std::isfinite(row.capacity_max_per_day)) {
    text += " on average (" + amount_text(row.capacity_min_per_day) + "-" + amount_text(row.capacity_max_per_day) + ")";
  }
  return text;
}

// "mean wait 12.3 days, 40% of time in system" (the share only when measured).
std::string wait_text(const LedgerRow& row) {
  if (!row.mean_wait_days.has_value()) return "no service started after warm-up";
  std::string text = "mean wait " + days_text(row.mean_wait_days.mean) + " days";
  if (row.share_of_time_in_system.has_value() && std::isfinite(row.share_of_time_in_system.mean)) {
    text += ", " + percent_text(row.share_of_time_in_system.mean) + " of time in system";
  }
  return text;
}

}  // namespace

std::string ranking_reason(const LedgerRow& row, std::string_view count_unit, bool& overloaded) {
  const std::string unit = count_unit.empty() ? std::string("cases") : std::string(count_unit);
  const Interval& growth = row.queue_growth_per_day;
  const bool measured_growth = growth.has_value() && std::isfinite(growth.mean);
  const bool grows = measured_growth && growth.n > 1 && growth.lo > 0;
  const bool shrinks = measured_growth && growth.n > 1 && growth.hi < 0;
  const bool capacity_known = std::isfinite(row.capacity_per_day);
  const bool demand_known = row.demand_per_day.has_value() && std::isfinite(row.demand_per_day.mean);
  // Demand at or above capacity: the stage cannot keep up, whatever the queue did.
  overloaded = capacity_known && demand_known && row.demand_per_day.mean >= row.capacity_per_day;

  std::string text;
  if (overloaded) {
    text = "demand " + amount_text(row.demand_per_day.mean) + "/day against capacity " + capacity_text(row);
    if (grows) {
      text += ": the queue grows by about " + amount_text(growth.mean) + " " + unit + " a day";
    }
    text += "; utilisation " + utilisation_text(row.utilisation) + ", " + wait_text(row);
  } else {
    text = "utilisation " + utilisation_text(row.utilisation) + "; " + wait_text(row);
    // A queue that clearly grew or shrank although demand is below capacity: a transient
    // (start-up, an initial backlog draining) or capacity and demand that vary over time.
    if (grows) text += "; the queue grew by about " + amount_text(growth.mean) + " " + unit + " a day over the run";
    if (shrinks) text += "; the queue shrank by about " + amount_text(-growth.mean) + " " + unit + " a day over the run";
  }
  if (row.abandoned.has_value() && row.abandoned.mean > 0) {
    text += "; " + amount_text(row.abandoned.mean) + " " + unit + " abandoned the queue over the run";
  }
  return text;
}

Ledger build_ledger(const sim::ReplicationSet& set, const sim::Network& network, double warmup_days,
                    double horizon_days, const TrafficSolution& traffic, std::string_view count_unit) {
  const std::vector<StageMeasures> measures = measure_stages(set, network);
  const std::size_t n = network.stages.size();
  Ledger ledger;
  ledger.rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const sim::StageSpec& spec = network.stages[i];
    const StageMeasures& m = measures[i];
    LedgerRow row;
    row.stage = spec.name;
    row.infinite = spec.infinite;
    row.demand_per_day = across(set, [&](const sim::ReplicationResult& r) {
      return i < r.stages.size() && r.observed_days > 0 ? static_cast<double>(r.stages[i].arrivals) / r.observed_days
                                                        : kNaN;
    });
    const double es = i < traffic.mean_service_days.size() && std::isfinite(traffic.mean_service_days[i])
                          ? traffic.mean_service_days[i]
                          : spec.service.mean();
    row.mean_service_days = es;
    row.servers = capacity_profile(spec, warmup_days, horizon_days);
    if (spec.infinite || !(es > 0)) {
      row.capacity_per_day = row.capacity_min_per_day = row.capacity_max_per_day = kNaN;
    } else {
      row.capacity_per_day = row.servers.mean_effective_servers / es;
      row.capacity_min_per_day = row.servers.min_effective_servers / es;
      row.capacity_max_per_day = row.servers.max_effective_servers / es;
    }
    row.utilisation = m.utilisation;
    row.mean_wait_days = m.mean_wait_days;
    row.mean_queue_length = m.mean_queue_length;
    row.throughput_per_day = m.throughput_per_day;
    row.wip_end = m.wip_end;
    row.mean_age_wip_end_days = m.mean_age_wip_end_days;
    row.abandoned = m.abandoned;
    row.queue_growth_per_day = across(set, [&](const sim::ReplicationResult& r) {
      const std::size_t periods = r.series.period_ends.size();
      if (periods < 2) return kNaN;
      const double days = r.series.period_ends[periods - 1] - r.series.period_ends[0];
      if (!(days > 0)) return kNaN;
      return (cell(r, periods - 1, i, sim::PeriodSeries::waiting) - cell(r, 0, i, sim::PeriodSeries::waiting)) / days;
    });
    row.visits_per_case = across(set, [&](const sim::ReplicationResult& r) {
      if (i >= r.stages.size() || r.system.arrivals == 0) return kNaN;
      return static_cast<double>(r.stages[i].arrivals) / static_cast<double>(r.system.arrivals);
    });
    row.share_of_time_in_system = across(set, [&](const sim::ReplicationResult& r) {
      if (i >= r.stages.size() || r.system.arrivals == 0) return kNaN;
      const double visits = static_cast<double>(r.stages[i].arrivals) / static_cast<double>(r.system.arrivals);
      const double wait = r.stages[i].mean_wait();
      const double tis = r.system.mean_time_in_system();
      if (!std::isfinite(wait) || !(tis > 0)) return kNaN;
      return visits * wait / tis;
    });
    ledger.rows.push_back(std::move(row));
  }

  // The ranking: the summary's order, richer reasons.
  std::vector<RankKey> keys;
  keys.reserve(n);
  for (const StageMeasures& m : measures) keys.push_back(rank_key(m).value_or(RankKey{kNaN, 0, 0}));
  for (std::size_t i : rank_order(keys)) {
    LedgerRank rank;
    rank.row = i;
    rank.reason = ranking_reason(ledger.rows[i], count_unit, rank.overloaded);
    ledger.ranking.push_back(std::move(rank));
  }

  // Per period: mean utilisation and waiting across replications, ranked the same way
  // (near-ties to the longer queue at the period end).
  const std::size_t periods = set.replications.empty() ? 0 : set.replications.front().series.period_ends.size();
  std::vector<double> values(set.replications.size());
  for (std::size_t p = 0; p < periods; ++p) {
    PeriodRanking pr;
    pr.period_end_day = set.replications.front().series.period_ends[p];
    pr.utilisation.assign(n, kNaN);
    pr.waiting.assign(n, kNaN);
    std::vector<RankKey> period_keys(n, RankKey{kNaN, 0, 0});
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t r = 0; r < set.replications.size(); ++r) {
        values[r] = cell(set.replications[r], p, i, sim::PeriodSeries::waiting);
      }
      pr.waiting[i] = mean_of(values);
      if (network.stages[i].infinite) continue;
      for (std::size_t r = 0; r < set.replications.size(); ++r) {
        values[r] = cell(set.replications[r], p, i, sim::PeriodSeries::utilisation);
      }
      pr.utilisation[i] = mean_of(values);
      for (std::size_t r = 0; r < set.replications.size(); ++r) {
        values[r] = cell(set.replications[r], p, i, sim::PeriodSeries::wip);
      }
      period_keys[i] = RankKey{ranking_utilisation(pr.utilisation[i], pr.waiting[i]), pr.waiting[i], mean_of(values)};
    }
    pr.order = rank_order(period_keys);
    ledger.by_period.push_back(std::move(pr));
  }
  return ledger;
}

}  // namespace courtflow::analysis

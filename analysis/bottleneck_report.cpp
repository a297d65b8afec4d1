// bottlenecks.json and bottlenecks.csv (bottleneck_report.hpp): the runs in a fixed order
// (base, then the priced stages), every figure reduced in replication order, numbers written
// by nlohmann (shortest round-trip) and format_number, so the files are byte-identical for a
// given seed whatever the thread count.
#include "analysis/provenance.hpp"
#include "analysis/bottleneck_report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/number_text.hpp"
#include "analysis/periods.hpp"
#include "analysis/summary.hpp"
#include "analysis/timeseries.hpp"
#include "analysis/version.hpp"
#include "models/dates.hpp"
#include "models/model_json.hpp"

namespace courtflow::analysis {
namespace {

using Json = nlohmann::ordered_json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kUtilisationGap = 0.05;  ///< |simulated - analytic| utilisation that counts as a disagreement
constexpr double kDemandGap = 0.10;       ///< relative demand difference that counts as a disagreement

Json number(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

Json days(double value) { return days_json(value); }

Json ci95(const Interval& iv) {
  if (!iv.has_value() || !std::isfinite(iv.lo) || !std::isfinite(iv.hi)) return Json(nullptr);
  return Json::array({iv.lo, iv.hi});
}

double mean_or_nan(const Interval& iv) { return iv.has_value() ? iv.mean : kNaN; }

bool inside(const Interval& iv, double value) { return iv.has_value() && iv.lo <= value && value <= iv.hi; }

// "12.3 days (95% CI 11.9 to 12.8)" with the interval when there is one; `unit` may be empty.
std::string with_ci(const Interval& iv, const std::string& unit = {}) {
  const int decimals = std::max(amount_decimals(iv.mean), std::max(amount_decimals(iv.lo), amount_decimals(iv.hi)));
  std::string text = fixed_text(iv.mean, decimals);
  if (!unit.empty()) text += (unit.front() == '/' ? "" : " ") + unit;
  if (iv.n > 1 && iv.hi > iv.lo) text += " (95% CI " + fixed_text(iv.lo, decimals) + " to " + fixed_text(iv.hi, decimals) + ")";
  return text;
}

std::string unit_or_cases(const std::string& unit) { return unit.empty() ? std::string("cases") : unit; }

Json ledger_json(const LedgerRow& row) {
  Json j = Json::object();
  j["stage"] = row.stage;
  j["infinite"] = row.infinite;
  j["demand_per_day"] = to_json(row.demand_per_day);
  if (row.infinite) {
    j["servers"] = nullptr;
    j["capacity_per_day"] = nullptr;
    j["capacity_range_per_day"] = nullptr;
  } else {
    Json servers = Json::object();
    servers["mean"] = number(row.servers.mean_servers);
    servers["min"] = row.servers.min_servers;
    servers["max"] = row.servers.max_servers;
    j["servers"] = std::move(servers);
    j["capacity_per_day"] = number(row.capacity_per_day);
    j["capacity_range_per_day"] = Json::array({number(row.capacity_min_per_day), number(row.capacity_max_per_day)});
  }
  j["mean_service_days"] = number(row.mean_service_days);
  j["utilisation"] = row.infinite ? Json(nullptr) : to_json(row.utilisation);
  j["mean_wait_days"] = to_json(row.mean_wait_days);
  j["mean_queue_length"] = to_json(row.mean_queue_length);
  j["throughput_per_day"] = to_json(row.throughput_per_day);
  j["queue_growth_per_day"] = to_json(row.queue_growth_per_day);
  j["visits_per_case"] = to_json(row.visits_per_case);
  j["share_of_time_in_system"] = to_json(row.share_of_time_in_system);
  j["wip_end"] = to_json(row.wip_end);
  j["mean_age_wip_end_days"] = to_json(row.mean_age_wip_end_days);
  j["abandoned"] = to_json(row.abandoned);
  return j;
}

Json system_json(const FlowMeasures& m) {
  Json j = Json::object();
  j["mean_time_in_system_days"] = to_json(m.mean_time_in_system_days);
  j["completed"] = to_json(m.completed);
  j["wip_end"] = to_json(m.wip_end);
  j["arrivals"] = to_json(m.arrivals);
  j["abandoned"] = to_json(m.abandoned);
  return j;
}

std::optional<std::string> period_date(const BottleneckReport& r, double end) {
  if (!r.start_day) return std::nullopt;
  return models::format_iso_date(period_label_day(*r.start_day, end));
}

// One CSV row.
class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out) : out_(out) {
    out_ << "section,stage,period_end_day,period_end_date,measure,mean,ci95_lo,ci95_hi\n";
  }
  void row(std::string_view section, std::string_view stage, std::string_view period_day, std::string_view period_date,
           std::string_view measure, double mean, double lo = kNaN, double hi = kNaN) {
    out_ << section << ',' << csv_field(stage) << ',' << period_day << ',' << period_date << ',' << measure << ','
         << format_number(mean) << ',' << format_number(lo) << ',' << format_number(hi) << '\n';
  }
  void row(std::string_view section, std::string_view stage, std::string_view measure, const Interval& iv) {
    if (!iv.has_value()) {
      row(section, stage, "", "", measure, kNaN);
    } else if (iv.n > 1) {
      row(section, stage, "", "", measure, iv.mean, iv.lo, iv.hi);
    } else {
      row(section, stage, "", "", measure, iv.mean);
    }
  }
  void row(std::string_view section, std::string_view stage, std::string_view measure, double value) {
    row(section, stage, "", "", measure, value);
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::vector<AnalyticCheck> cross_check(const Ledger& ledger, const TrafficSolution& traffic) {
  std::vector<AnalyticCheck> checks;
  if (!traffic.solved) return checks;
  checks.reserve(ledger.rows.size());
  for (std::size_t i = 0; i < ledger.rows.size(); ++i) {
    const LedgerRow& row = ledger.rows[i];
    AnalyticCheck c;
    std::vector<std::string> differences;
    const double lambda = traffic.arrivals_per_day[i];
    const Interval& demand = row.demand_per_day;
    if (demand.has_value() && std::isfinite(lambda) &&
        std::fabs(demand.mean - lambda) > kDemandGap * std::max(lambda, demand.mean) && !inside(demand, lambda)) {
      differences.push_back("simulated demand " + with_ci(demand, "/day") + " against " + amount_text(lambda) +
                            "/day from the traffic equations");
    }
    const double rho = i < traffic.offered_load.size() ? traffic.offered_load[i] : kNaN;
    if (!row.infinite && !std::isnan(rho) && row.utilisation.has_value()) {
      const double expected = std::min(rho, 1.0);
      if (std::fabs(row.utilisation.mean - expected) > kUtilisationGap && !inside(row.utilisation, expected)) {
        differences.push_back("simulated utilisation " + with_ci(row.utilisation) + " against " +
                              fixed_text(expected, 2) + " = min(offered load " + amount_text(rho) + ", 1)");
      }
    }
    c.disagrees = !differences.empty();
    if (!c.disagrees) {
      c.note = row.infinite ? "simulated demand agrees with the traffic equations"
                            : "simulated demand and utilisation agree with the traffic equations";
    } else {
      for (std::size_t k = 0; k < differences.size(); ++k) c.note += (k > 0 ? "; " : "") + differences[k];
      if (!traffic.stationary) {
        c.note += " (expected: the network is not stationary, see caveats)";
      } else if (!row.infinite && rho >= 1) {
        c.note += " (offered load at or above 1: the queue never settles, so figures depend on the horizon)";
      } else {
        c.note += " (the warm-up or horizon may be too short for the stage to settle)";
      }
    }
    checks.push_back(std::move(c));
  }
  return checks;
}

std::string marginal_summary(const std::string& stage, std::int64_t added, const PairedDelta& delta,
                             const std::string& count_unit) {
  std::string text = "+" + std::to_string(added) + (added == 1 ? " server" : " servers") + " at " + stage + ": ";
  const Interval& t = delta.mean_time_in_system_days;
  if (!t.has_value()) {
    text += "mean time in system not measured";
  } else if (t.n > 1 && t.hi < 0) {
    text += "cuts mean time in system by " + with_ci(Interval{-t.mean, -t.hi, -t.lo, t.n}, "days");
  } else if (t.n > 1 && t.lo > 0) {
    text += "adds " + with_ci(t, "days") + " to mean time in system";
  } else {
    text += "no clear change in mean time in system: " + with_ci(t, "days");
  }
  const Interval& w = delta.wip_end;
  const std::string unit = unit_or_cases(count_unit);
  if (w.has_value()) {
    if (w.n > 1 && w.hi < 0) {
      text += "; " + with_ci(Interval{-w.mean, -w.hi, -w.lo, w.n}, "fewer " + unit) + " in the system at the horizon";
    } else if (w.n > 1 && w.lo > 0) {
      text += "; " + with_ci(w, "more " + unit) + " in the system at the horizon";
    } else {
      text += "; no clear change in " + unit + " in the system at the horizon: " + with_ci(w);
    }
  }
  // Fewer cases giving up means more long waiters served: their waits lengthen the mean wait
  // and time in system even as the queue shrinks.
  const Interval& a = delta.stage_abandoned;
  if (a.has_value() && a.n > 1 && a.hi < 0) {
    text += "; " + with_ci(Interval{-a.mean, -a.hi, -a.lo, a.n}, "fewer " + unit) + " abandoned the queue at " + stage +
            " (those now served waited long, which raises mean waits)";
  }
  return text;
}

BottleneckReport ledger_report(const PreparedRun& prepared, const sim::ReplicationSet& results) {
  const sim::Network& network = prepared.network;
  const double warmup = prepared.config.warmup;
  const double horizon = prepared.config.horizon;
  BottleneckReport report;
  report.model = prepared.model.name;
  report.replications = prepared.replications;
  report.seed = prepared.seed;
  report.horizon_days = prepared.model.horizon_days;
  report.warmup_days = prepared.model.warmup_days;
  report.start_date = prepared.model.start_date;
  report.start_day = prepared.start_day;
  report.count_unit = prepared.model.count_unit;
  report.model_hash = fnv1a64(models::to_json(prepared.model).dump());
  report.events = results.total_events;
  report.traffic = solve_traffic(network, warmup, horizon);
  report.ledger = build_ledger(results, network, warmup, horizon, report.traffic, report.count_unit);
  report.checks = cross_check(report.ledger, report.traffic);
  report.system = measure_system(results);
  report.runs = 1;
  return report;
}

BottleneckReport analyse_bottlenecks(const PreparedRun& prepared, const RunSettings& settings,
                                     const BottleneckOptions& options) {
  const sim::Network& network = prepared.network;
  if (const auto problem = check_marginal_stages(network, options.stages)) throw std::invalid_argument(*problem);
  const double warmup = prepared.config.warmup;
  const double horizon = prepared.config.horizon;

  // The stages to price, in the order they are run.
  std::vector<std::size_t> priced;
  for (const std::string& id : options.stages) {
    for (std::size_t i = 0; i < network.stages.size(); ++i) {
      if (network.stages[i].name == id) priced.push_back(i);
    }
  }
  const bool all = options.stages.empty();
  const int runs = 1 + static_cast<int>(all ? std::count_if(network.stages.begin(), network.stages.end(),
                                                            [](const sim::StageSpec& s) { return !s.infinite; })
                                            : static_cast<std::ptrdiff_t>(priced.size()));

  if (options.on_run) options.on_run(0, runs, "base");
  const sim::ReplicationSet base = run_prepared(prepared, settings);
  BottleneckReport report = ledger_report(prepared, base);
  report.add = options.add;
  report.runs = runs;

  // Every capacity-limited stage: ranked ones worst first, then any never measured.
  if (all) {
    for (const LedgerRank& r : report.ledger.ranking) priced.push_back(r.row);
    for (std::size_t i = 0; i < network.stages.size(); ++i) {
      if (!network.stages[i].infinite && std::find(priced.begin(), priced.end(), i) == priced.end()) priced.push_back(i);
    }
  }
  int run = 0;
  for (std::size_t stage : priced) {
    MarginalEntry entry;
    entry.stage = stage;
    entry.mean_servers = capacity_profile(network.stages[stage], warmup, horizon).mean_servers;
    entry.added_servers = servers_to_add(options.add, entry.mean_servers);
    if (options.on_run) {
      options.on_run(++run, report.runs, network.stages[stage].name + " +" + std::to_string(entry.added_servers));
    }
    PreparedRun scenario = prepared;
    scenario.network = with_added_servers(prepared.network, stage, entry.added_servers);
    const sim::ReplicationSet result = run_prepared(scenario, settings);
    report.events += result.total_events;
    entry.delta = paired_delta(base, result, stage);
    entry.summary =
        marginal_summary(network.stages[stage].name, entry.added_servers, entry.delta, report.count_unit);
    report.marginal.push_back(std::move(entry));
  }

  // Most valuable first; undefined effects last; ties keep the run order.
  std::stable_sort(report.marginal.begin(), report.marginal.end(), [](const MarginalEntry& a, const MarginalEntry& b) {
    const double x = mean_or_nan(a.delta.mean_time_in_system_days);
    const double y = mean_or_nan(b.delta.mean_time_in_system_days);
    if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
    return x < y;
  });
  return report;
}

Json to_json(const BottleneckReport& r) {
  Json j = Json::object();

  // Contract keys first.
  Json ranking = Json::array();
  int rank = 0;
  for (const LedgerRank& entry : r.ledger.ranking) {
    const LedgerRow& row = r.ledger.rows[entry.row];
    Json e = Json::object();
    e["stage"] = row.stage;
    e["utilisation"] = number(row.utilisation.mean);
    e["reason"] = entry.reason;
    e["rank"] = ++rank;
    e["utilisation_ci95"] = ci95(row.utilisation);
    e["overloaded"] = entry.overloaded;
    e["demand_per_day"] = number(mean_or_nan(row.demand_per_day));
    e["capacity_per_day"] = number(row.capacity_per_day);
    e["queue_growth_per_day"] = number(mean_or_nan(row.queue_growth_per_day));
    e["mean_wait_days"] = number(mean_or_nan(row.mean_wait_days));
    e["share_of_time_in_system"] = number(mean_or_nan(row.share_of_time_in_system));
    ranking.push_back(std::move(e));
  }
  j["ranking"] = std::move(ranking);

  Json marginal = Json::array();
  for (const MarginalEntry& m : r.marginal) {
    Json e = Json::object();
    e["stage"] = r.ledger.rows[m.stage].stage;
    e["added_servers"] = m.added_servers;
    e["delta_mean_time_in_system_days"] = to_json(m.delta.mean_time_in_system_days);
    e["delta_wip_end"] = to_json(m.delta.wip_end);
    e["servers_before"] = number(m.mean_servers);
    e["delta_completed"] = to_json(m.delta.completed);
    e["delta_stage_mean_wait_days"] = to_json(m.delta.stage_mean_wait_days);
    e["delta_stage_utilisation"] = to_json(m.delta.stage_utilisation);
    e["delta_stage_abandoned"] = to_json(m.delta.stage_abandoned);
    e["summary"] = m.summary;
    marginal.push_back(std::move(e));
  }
  j["marginal"] = std::move(marginal);

  // Extensions.
  j["model"] = r.model;
  j["replications"] = r.replications;
  j["seed"] = r.seed;
  j["horizon_days"] = days(r.horizon_days);
  j["add"] = r.add.text();
  j["system"] = system_json(r.system);

  Json ledger = Json::array();
  for (const LedgerRow& row : r.ledger.rows) ledger.push_back(ledger_json(row));
  j["ledger"] = std::move(ledger);

  Json analytic = Json::object();
  const TrafficSolution& t = r.traffic;
  analytic["solved"] = t.solved;
  analytic["problem"] = t.solved ? Json(nullptr) : Json(t.problem);
  analytic["stationary"] = t.stationary;
  analytic["caveats"] = t.caveats;
  analytic["external_arrivals_per_day"] = number(t.external_arrivals_per_day);
  analytic["throughput_bound_per_day"] = number(t.throughput_bound_per_day);
  analytic["binding_stage"] = t.binding_stage ? Json(r.ledger.rows[*t.binding_stage].stage) : Json(nullptr);
  Json astages = Json::array();
  if (t.solved) {
    for (std::size_t i = 0; i < r.ledger.rows.size(); ++i) {
      const LedgerRow& row = r.ledger.rows[i];
      Json e = Json::object();
      e["stage"] = row.stage;
      e["arrivals_per_day"] = number(t.arrivals_per_day[i]);
      e["visits_per_arrival"] = number(t.visits_per_arrival[i]);
      e["offered_load"] = number(t.offered_load[i]);
      e["stage_bound_per_day"] = number(t.stage_bound_per_day[i]);
      e["simulated_demand_per_day"] = to_json(row.demand_per_day);
      e["simulated_utilisation"] = row.infinite ? Json(nullptr) : to_json(row.utilisation);
      e["disagrees"] = i < r.checks.size() && r.checks[i].disagrees;
      e["note"] = i < r.checks.size() ? Json(r.checks[i].note) : Json(nullptr);
      astages.push_back(std::move(e));
    }
  }
  analytic["stages"] = std::move(astages);
  j["analytic"] = std::move(analytic);

  Json by_period = Json::array();
  for (const PeriodRanking& p : r.ledger.by_period) {
    Json e = Json::object();
    e["period_end_day"] = days(p.period_end_day);
    const std::optional<std::string> date = period_date(r, p.period_end_day);
    e["period_end_date"] = date ? Json(*date) : Json(nullptr);
    e["stage"] = p.order.empty() ? Json(nullptr) : Json(r.ledger.rows[p.order.front()].stage);
    e["utilisation"] = p.order.empty() ? Json(nullptr) : number(p.utilisation[p.order.front()]);
    Json order = Json::array();
    for (std::size_t i : p.order) {
      Json s = Json::object();
      s["stage"] = r.ledger.rows[i].stage;
      s["utilisation"] = number(p.utilisation[i]);
      s["waiting"] = number(p.waiting[i]);
      order.push_back(std::move(s));
    }
    e["ranking"] = std::move(order);
    by_period.push_back(std::move(e));
  }
  j["by_period"] = std::move(by_period);

  Json performance = Json::object();
  performance["events"] = r.events;
  performance["runs"] = r.runs;
  j["performance"] = std::move(performance);

  j["provenance"] =
      provenance_json(Provenance{r.model_hash, r.horizon_days, r.warmup_days, r.start_date, r.count_unit});
  return j;
}

void write_bottlenecks_csv(std::ostream& out, const BottleneckReport& r) {
  CsvWriter csv(out);
  for (const LedgerRow& row : r.ledger.rows) {
    const std::string& s = row.stage;
    csv.row("ledger", s, "demand_per_day", row.demand_per_day);
    csv.row("ledger", s, "servers_mean", row.servers.mean_servers);
    csv.row("ledger", s, "capacity_per_day", row.capacity_per_day);
    csv.row("ledger", s, "capacity_min_per_day", row.capacity_min_per_day);
    csv.row("ledger", s, "capacity_max_per_day", row.capacity_max_per_day);
    csv.row("ledger", s, "mean_service_days", row.mean_service_days);
    csv.row("ledger", s, "utilisation", row.utilisation);
    csv.row("ledger", s, "mean_wait_days", row.mean_wait_days);
    csv.row("ledger", s, "mean_queue_length", row.mean_queue_length);
    csv.row("ledger", s, "throughput_per_day", row.throughput_per_day);
    csv.row("ledger", s, "queue_growth_per_day", row.queue_growth_per_day);
    csv.row("ledger", s, "visits_per_case", row.visits_per_case);
    csv.row("ledger", s, "share_of_time_in_system", row.share_of_time_in_system);
    csv.row("ledger", s, "wip_end", row.wip_end);
    csv.row("ledger", s, "mean_age_wip_end_days", row.mean_age_wip_end_days);
    csv.row("ledger", s, "abandoned", row.abandoned);
  }
  int rank = 0;
  for (const LedgerRank& entry : r.ledger.ranking) {
    const std::string& s = r.ledger.rows[entry.row].stage;
    csv.row("ranking", s, "rank", ++rank);
    csv.row("ranking", s, "overloaded", entry.overloaded ? 1 : 0);
  }
  const TrafficSolution& t = r.traffic;
  if (t.solved) {
    for (std::size_t i = 0; i < r.ledger.rows.size(); ++i) {
      const std::string& s = r.ledger.rows[i].stage;
      csv.row("analytic", s, "arrivals_per_day", t.arrivals_per_day[i]);
      csv.row("analytic", s, "visits_per_arrival", t.visits_per_arrival[i]);
      csv.row("analytic", s, "offered_load", t.offered_load[i]);
      csv.row("analytic", s, "stage_bound_per_day", t.stage_bound_per_day[i]);
      csv.row("analytic", s, "disagrees", i < r.checks.size() && r.checks[i].disagrees ? 1 : 0);
    }
    csv.row("analytic", "system", "external_arrivals_per_day", t.external_arrivals_per_day);
    csv.row("analytic", "system", "throughput_bound_per_day", t.throughput_bound_per_day);
  }
  for (const MarginalEntry& m : r.marginal) {
    const std::string& s = r.ledger.rows[m.stage].stage;
    csv.row("marginal", s, "added_servers", static_cast<double>(m.added_servers));
    csv.row("marginal", s, "delta_mean_time_in_system_days", m.delta.mean_time_in_system_days);
    csv.row("marginal", s, "delta_wip_end", m.delta.wip_end);
    csv.row("marginal", s, "delta_completed", m.delta.completed);
    csv.row("marginal", s, "delta_stage_mean_wait_days", m.delta.stage_mean_wait_days);
    csv.row("marginal", s, "delta_stage_utilisation", m.delta.stage_utilisation);
    csv.row("marginal", s, "delta_stage_abandoned", m.delta.stage_abandoned);
  }
  for (const PeriodRanking& p : r.ledger.by_period) {
    const std::string day = format_number(p.period_end_day);
    const std::string date = period_date(r, p.period_end_day).value_or("");
    int k = 0;
    for (std::size_t i : p.order) {
      const std::string& s = r.ledger.rows[i].stage;
      csv.row("by_period", s, day, date, "rank", ++k);
      csv.row("by_period", s, day, date, "utilisation", p.utilisation[i]);
      csv.row("by_period", s, day, date, "waiting", p.waiting[i]);
    }
  }
}

}  // namespace courtflow::analysis

// What the report says (see report_content.hpp).
#include "analysis/report/report_content.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/compare.hpp"
#include "analysis/interval.hpp"
#include "analysis/number_text.hpp"
#include "analysis/periods.hpp"
#include "analysis/report/headlines.hpp"
#include "analysis/stage_groups.hpp"
#include "models/dates.hpp"

namespace courtflow::analysis::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMostDefaultStages = 3;
constexpr std::size_t kMostDefaultGroups = 3;
constexpr std::size_t kLongestLabel = 48;

bool suppressed(double value, const Disclosure& d) {
  return d.threshold > 0 && std::isfinite(value) && std::fabs(value) < d.threshold;
}

// A count cell: "<K" when suppressed, empty when undefined.
Value count_cell(double value, const Disclosure& d) {
  if (!std::isfinite(value)) return std::monostate{};
  if (suppressed(value, d)) return "<" + std::to_string(d.threshold);
  return value;
}

Value number_cell(double value) {
  if (!std::isfinite(value)) return std::monostate{};
  return value;
}

// NaN for a suppressed count: charts leave such points out rather than draw them.
double chart_count(double value, const Disclosure& d) { return suppressed(value, d) ? kNaN : value; }

// Per replication, the open caseload of `selection` at the horizon (its stages' wip_end
// added within the replication; the system row is the system's).
std::vector<double> wip_end_values(const sim::ReplicationSet& set, const CaseloadSelection& selection) {
  std::vector<double> values;
  for (const sim::ReplicationResult& r : set.replications) {
    double total = 0;
    for (const int row : selection.rows) {
      const auto i = static_cast<std::size_t>(row);
      total += static_cast<double>(i < r.stages.size() ? r.stages[i].wip_end : r.system.wip_end);
    }
    values.push_back(total);
  }
  return values;
}

LevelAtEnd level_at_end(const std::vector<double>& values) {
  LevelAtEnd level;
  level.mean = interval(values);
  level.p05 = quantile(values, 0.05);
  level.p95 = quantile(values, 0.95);
  return level;
}

std::string iso_or_empty(std::optional<std::int64_t> start_day, double period_end) {
  if (!start_day) return "";
  return models::format_iso_date(period_label_day(*start_day, period_end));
}

FanLine fan_line(const RunInput& run, const CaseloadSelection& selection, std::optional<std::int64_t> start_day,
                 const Disclosure& d) {
  FanLine line;
  line.run = run.name;
  for (const CaseloadPoint& p : caseload_series(*run.results, selection)) {
    line.period_end_days.push_back(p.period_end);
    line.period_end_dates.push_back(iso_or_empty(start_day, p.period_end));
    line.mean.push_back(chart_count(p.mean.has_value() ? p.mean.mean : kNaN, d));
    line.p05.push_back(chart_count(p.p05, d));
    line.p50.push_back(chart_count(p.p50, d));
    line.p95.push_back(chart_count(p.p95, d));
  }
  return line;
}

// A key series in each run: its selection (nullopt where the run lacks it) and per-replication
// open caseload at the horizon.
struct KeyRun {
  std::optional<CaseloadSelection> selection;
  std::vector<double> wip_end;
};

std::vector<KeyRun> key_runs(const ReportInputs& in, const std::string& id) {
  std::vector<KeyRun> out;
  for (const RunInput& run : in.runs) {
    KeyRun k;
    k.selection = find_selection(id, *run.model, *run.network);
    if (k.selection) k.wip_end = wip_end_values(*run.results, *k.selection);
    out.push_back(std::move(k));
  }
  return out;
}

void add_interval(std::vector<Value>& row, const Interval& iv) {
  row.push_back(number_cell(iv.has_value() ? iv.mean : kNaN));
  row.push_back(number_cell(iv.n > 1 ? iv.lo : kNaN));
  row.push_back(number_cell(iv.n > 1 ? iv.hi : kNaN));
}

void add_count_interval(std::vector<Value>& row, const Interval& iv, const Disclosure& d) {
  row.push_back(count_cell(iv.has_value() ? iv.mean : kNaN, d));
  row.push_back(count_cell(iv.n > 1 ? iv.lo : kNaN, d));
  row.push_back(count_cell(iv.n > 1 ? iv.hi : kNaN, d));
}

// Three columns mean, lo, hi shown as one "mean (lo–hi)" cell on the page.
void interval_columns(std::vector<Column>& columns, const std::string& name, const std::string& heading,
                      int decimals = -1) {
  columns.push_back({name + "_mean", heading, decimals, false, true});
  columns.push_back({name + "_lo95", heading + ", 95% CI low", decimals, false, false});
  columns.push_back({name + "_hi95", heading + ", 95% CI high", decimals, false, false});
}

// "day 183" or "2025-03-31" for a day of the model.
std::string day_text(double day, std::optional<std::int64_t> start_day) {
  if (!start_day) return "day " + fixed_text(day, day == std::floor(day) ? 0 : 1);
  return models::format_iso_date(*start_day + static_cast<std::int64_t>(std::floor(day)));
}

// Servers of `stage` in `model` in force on `day` (its schedule, else its servers).
std::optional<double> servers_on(const models::Model& model, const std::string& stage, double day) {
  for (const models::StageDef& s : model.stages) {
    if (s.id != stage) continue;
    if (s.infinite) return std::nullopt;
    double servers = static_cast<double>(s.servers);
    for (const models::CapacityStepDef& step : s.capacity) {
      if (step.from_day <= day) servers = static_cast<double>(step.servers);
    }
    return servers;
  }
  return std::nullopt;
}

// The base model's probability of the route from -> to (the first without a case type, else
// the first of any type).
std::optional<double> route_p(const models::Model& model, const std::string& from, const std::string& to) {
  std::optional<double> any;
  for (const models::RouteDef& r : model.routes) {
    if (r.from != from || r.to != to) continue;
    if (!r.case_type) return r.p;
    if (!any) any = r.p;
  }
  return any;
}

// What the change does, where, and its value in the base and in the scenario, for the levers table.
struct LeverText {
  std::string lever, target, base_value, scenario_value;
};

LeverText describe(const scenarios::Change& change, const models::Model& base) {
  LeverText t;
  t.lever = scenarios::op_name(change.op);
  std::visit(
      [&](const auto& op) {
        using Op = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<Op, scenarios::ScaleServers>) {
          t.target = op.stage;
          const auto servers = servers_on(base, op.stage, change.from_day);
          t.base_value = servers ? grouped_whole(*servers) + " servers" : "x1";
          t.scenario_value = "x" + show_number(op.factor, 3);
          if (servers) t.scenario_value += " (" + grouped_whole(*servers * op.factor) + " servers)";
        } else if constexpr (std::is_same_v<Op, scenarios::SetServers>) {
          t.target = op.stage;
          const auto servers = servers_on(base, op.stage, change.from_day);
          t.base_value = servers ? grouped_whole(*servers) + " servers" : "";
          t.scenario_value = std::to_string(op.servers) + " servers";
        } else if constexpr (std::is_same_v<Op, scenarios::ScaleArrivals>) {
          t.target = op.to ? "arrivals into " + *op.to : "all arrivals";
          t.base_value = "x1";
          t.scenario_value = "x" + show_number(op.factor, 3);
        } else if constexpr (std::is_same_v<Op, scenarios::ScaleService>) {
          t.target = "service times at " + op.stage;
          t.base_value = "x1";
          t.scenario_value = "x" + show_number(op.factor, 3);
        } else if constexpr (std::is_same_v<Op, scenarios::SetRoute>) {
          t.target = "route " + op.from + " -> " + op.to;
          const auto p = route_p(base, op.from, op.to);
          t.base_value = p ? "p = " + show_number(*p, 4) : "p = 0 (no such route)";
          t.scenario_value = "p = " + show_number(op.p, 4);
        }
      },
      change.op);
  return t;
}

bool applied_in(const std::vector<scenarios::Scenario>& list, const std::string& name) {
  return std::any_of(list.begin(), list.end(), [&](const scenarios::Scenario& s) { return s.name == name; });
}

Table levers_table(const ReportInputs& in, std::optional<std::int64_t> start_day) {
  Table t;
  t.name = "levers";
  t.title = "What each scenario changes";
  t.caption = "Every lever that differs from the base, with its value in the base and in the scenario, the date "
              "it takes effect and, when it is phased in, the date of its full effect.";
  t.columns = {{"scenario", "Scenario"},          {"lever", "Lever"},
               {"target", "Applies to"},          {"base_value", "Base"},
               {"scenario_value", "Scenario"},    {"from", "From"},
               {"full_effect_from", "Full effect from"}, {"description", "Why, and how big"}};
  const RunInput& base = in.runs.front();
  for (std::size_t i = 1; i < in.runs.size(); ++i) {
    const RunInput& run = in.runs[i];
    bool any = false;
    for (const scenarios::Scenario& s : run.applied) {
      if (applied_in(base.applied, s.name)) continue;  // shared with the base: not a difference
      for (const scenarios::Change& c : s.changes) {
        const LeverText text = describe(c, *base.model);
        t.rows.push_back({run.name, text.lever, text.target, text.base_value, text.scenario_value,
                          day_text(c.from_day, start_day),
                          c.ramp_until_day ? Value(day_text(*c.ramp_until_day, start_day)) : Value(std::monostate{}),
                          c.description.empty() ? Value(s.description) : Value(c.description)});
        any = true;
      }
    }
    if (!any) {
      t.rows.push_back({run.name, std::string("(a model file)"), std::monostate{}, std::monostate{}, std::monostate{},
                        std::monostate{}, std::monostate{},
                        std::string("Not a scenario of the base: its differences from the base are not itemised")});
    }
  }
  return t;
}

Table assumptions_table(const ReportInputs& in, const ReportContent& c) {
  const models::Model& m = *in.runs.front().model;
  Table t;
  t.name = "assumptions";
  t.title = "Assumptions shared by every run";
  t.caption = "Settings that are the same for the base and every scenario, and the files each run came from.";
  t.columns = {{"assumption", "Assumption"}, {"value", "Value"}};
  t.rows.push_back({std::string("base model"), m.name});
  t.rows.push_back({std::string("count unit"), c.count_unit});
  if (m.start_date) t.rows.push_back({std::string("day 0 (start date)"), *m.start_date});
  t.rows.push_back({std::string("horizon"), fixed_text(m.horizon_days, 0) + " days (to " + c.horizon_date + ")"});
  t.rows.push_back({std::string("warm-up, not reported"), fixed_text(m.warmup_days, 0) + " days"});
  t.rows.push_back({std::string("replications per run"), std::to_string(c.replications)});
  t.rows.push_back({std::string("random seed"), std::to_string(c.seed)});
  t.rows.push_back({std::string("pairing"), std::string("common random numbers: replication r of each scenario "
                                                        "pairs with replication r of the base")});
  if (in.bottlenecks != nullptr) {
    t.rows.push_back({std::string("capacity priced"), "+" + in.bottlenecks->add.text() + " servers per stage"});
  }
  for (const RunInput& run : in.runs) {
    t.rows.push_back({"file of " + run.name, run.file});
  }
  return t;
}

}  // namespace

std::string show_number(double value, int decimals) {
  if (!std::isfinite(value)) return "";
  if (decimals < 0) return amount_text(value);
  std::string text = fixed_text(value, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::string show_count(double value, const Disclosure& disclosure, int decimals) {
  if (!std::isfinite(value)) return "";
  if (suppressed(value, disclosure)) return "<" + std::to_string(disclosure.threshold);
  if (decimals <= 0) return grouped_whole(value);
  return amount_text(value);
}

bool from_case_level_data(const models::Model& model) {
  return model.description.rfind("Fitted by courtflow calibrate", 0) == 0;
}

Disclosure choose_disclosure(std::optional<int> requested, const std::vector<const models::Model*>& models) {
  Disclosure d;
  if (requested) {
    d.threshold = *requested;
    d.reason = "--suppress-below " + std::to_string(*requested) + " was given";
    return d;
  }
  for (const models::Model* m : models) {
    if (m != nullptr && from_case_level_data(*m)) {
      d.threshold = kDefaultDisclosureThreshold;
      d.reason = "the model \u201c" + m->name + "\u201d was fitted to case-level data by courtflow calibrate";
      return d;
    }
  }
  return d;
}

std::vector<std::string> default_key_series(const models::Model& model, const BottleneckReport& bottlenecks) {
  std::vector<std::string> ids;
  for (const models::StageGroupDef& g : model.groups) {
    if (ids.size() == kMostDefaultGroups) break;
    ids.push_back(g.id);
  }
  std::size_t stages = 0;
  for (const LedgerRank& r : bottlenecks.ledger.ranking) {
    if (stages++ == kMostDefaultStages) break;
    ids.push_back(bottlenecks.ledger.rows[r.row].stage);
  }
  ids.emplace_back("system");
  return ids;
}

std::string series_label(const models::Model& model, const std::string& id) {
  if (id == "system") return "whole system";
  for (const models::StageGroupDef& g : model.groups) {
    if (g.id != id) continue;
    if (!g.description.empty() && g.description.size() <= kLongestLabel) return g.description;
  }
  for (const models::StageDef& s : model.stages) {
    if (s.id != id) continue;
    const std::size_t colon = s.description.find(':');
    if (colon != std::string::npos && colon > 0 && colon <= kLongestLabel) return s.description.substr(0, colon);
  }
  std::string label = id;
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

std::optional<std::string> check_key_series(const models::Model& model, const sim::Network& network,
                                            const std::string& id) {
  if (find_selection(id, model, network)) return std::nullopt;
  std::string known;
  for (const models::StageGroupDef& g : model.groups) known += (known.empty() ? "" : ", ") + g.id;
  for (const sim::StageSpec& s : network.stages) known += (known.empty() ? "" : ", ") + s.name;
  return "unknown stage or group '" + id + "' (known: " + known + ", or system)";
}

ReportContent build_report(const ReportInputs& in) {
  if (in.runs.empty()) throw std::invalid_argument("report: no runs");
  if (in.comparison == nullptr || in.bottlenecks == nullptr) {
    throw std::invalid_argument("report: the comparison and the bottleneck analysis are both needed");
  }
  const RunInput& base = in.runs.front();
  const models::Model& model = *base.model;
  const Comparison& cmp = *in.comparison;
  const Disclosure& d = in.disclosure;
  const std::optional<std::int64_t> start_day =
      model.start_date ? models::parse_iso_date(*model.start_date) : std::nullopt;

  ReportContent c;
  c.title = in.title;
  c.made_on = in.made_on;
  c.base = base.name;
  for (std::size_t i = 1; i < in.runs.size(); ++i) c.scenarios.push_back(in.runs[i].name);
  c.count_unit = model.count_unit.empty() ? "cases" : model.count_unit;
  c.replications = cmp.replications;
  c.seed = cmp.seed;
  c.start_date = model.start_date;
  c.horizon_date = start_day ? models::format_iso_date(period_label_day(*start_day, model.horizon_days))
                             : "day " + fixed_text(model.horizon_days, 0);
  c.disclosure = d;

  std::vector<std::string> keys = in.key_series.empty() ? default_key_series(model, *in.bottlenecks) : in.key_series;
  for (const std::string& id : keys) {
    if (const auto problem = check_key_series(model, *base.network, id)) throw std::invalid_argument(*problem);
  }

  // Fan charts and their tidy data.
  c.caseload.name = "caseload";
  c.caseload.title = "Open caseload over time";
  c.caseload.caption = "Open caseload (" + c.count_unit +
                       " waiting or in progress) at the end of each period: the mean and the 5th, 50th and 95th "
                       "percentiles across the " + std::to_string(c.replications) + " simulated runs.";
  c.caseload.columns = {{"run", "Run"},
                        {"series", "Stage"},
                        {"period_end_day", "Day", 0, true},
                        {"period_end_date", "Period end"},
                        {"mean", "Mean", 0},
                        {"p05", "5th percentile", 0},
                        {"p50", "Median", 0},
                        {"p95", "95th percentile", 0}};
  for (const std::string& id : keys) {
    FanChart chart;
    chart.series = id;
    chart.label = series_label(model, id);
    const std::vector<KeyRun> runs = key_runs(in, id);
    for (std::size_t r = 0; r < in.runs.size(); ++r) {
      const RunInput& run = in.runs[r];
      if (!runs[r].selection) continue;
      FanLine line = fan_line(run, *runs[r].selection, start_day, d);
      for (std::size_t p = 0; p < line.period_end_days.size(); ++p) {
        c.caseload.rows.push_back({run.name, id, line.period_end_days[p],
                                   line.period_end_dates[p].empty() ? Value(std::monostate{})
                                                                    : Value(line.period_end_dates[p]),
                                   count_cell(line.mean[p], d), count_cell(line.p05[p], d),
                                   count_cell(line.p50[p], d), count_cell(line.p95[p], d)});
      }
      chart.lines.push_back(std::move(line));
    }
    c.charts.push_back(std::move(chart));
  }

  // Levels at the horizon, and the paired changes.
  c.levels.name = "levels";
  c.levels.title = "Open caseload at the end of the projection (" + c.horizon_date + ")";
  c.levels.caption = "Mean open caseload (" + c.count_unit + ") with its 95% confidence interval, the range within "
                     "which 90% of runs fell, and the change from the base, paired by replication (common random "
                     "numbers) with its 95% confidence interval.";
  c.levels.columns = {{"run", "Run"}, {"series", "Stage"}};
  interval_columns(c.levels.columns, "open_caseload", "Open caseload", 0);
  c.levels.columns.push_back({"p05", "5% of runs below", 0});
  c.levels.columns.push_back({"p95", "5% of runs above", 0});
  interval_columns(c.levels.columns, "change", "Change from the base", 0);
  for (const std::string& id : keys) {
    const std::vector<KeyRun> runs = key_runs(in, id);
    for (std::size_t r = 0; r < in.runs.size(); ++r) {
      const RunInput& run = in.runs[r];
      if (!runs[r].selection) continue;
      const LevelAtEnd level = level_at_end(runs[r].wip_end);
      std::vector<Value> cells{run.name, id};
      add_count_interval(cells, level.mean, d);
      cells.push_back(count_cell(level.p05, d));
      cells.push_back(count_cell(level.p95, d));
      // The change, paired by replication as in comparison.json (the same arithmetic for a
      // group's total as for one stage).
      Interval delta;
      delta.mean = kNaN;
      if (r > 0 && runs.front().selection) delta = pair_values(runs.front().wip_end, runs[r].wip_end).delta;
      add_count_interval(cells, delta, d);
      c.levels.rows.push_back(std::move(cells));
    }
  }

  // Headlines, about the first key series.
  {
    HeadlineFacts f;
    f.series = keys.front();
    f.label = series_label(model, f.series);
    f.unit = c.count_unit;
    f.replications = c.replications;
    f.when = start_day ? long_date(period_label_day(*start_day, model.horizon_days))
                       : "day " + grouped_whole(model.horizon_days);
    const std::vector<KeyRun> runs = key_runs(in, f.series);
    f.base = level_at_end(runs.front().wip_end);
    const FanLine first = fan_line(base, *runs.front().selection, start_day, Disclosure{});
    if (!first.period_end_days.empty()) {
      f.start_mean = first.mean.front();
      f.start_when = start_day ? long_date(period_label_day(*start_day, first.period_end_days.front()))
                               : "day " + grouped_whole(first.period_end_days.front());
    }
    for (std::size_t r = 1; r < in.runs.size(); ++r) {
      if (!runs[r].selection) continue;
      HeadlineFacts::Scenario s;
      s.name = in.runs[r].name;
      s.level = level_at_end(runs[r].wip_end);
      s.delta = pair_values(runs.front().wip_end, runs[r].wip_end).delta;
      f.scenarios.push_back(s);
    }
    f.bottlenecks = in.bottlenecks;
    if (!in.bottlenecks->ledger.ranking.empty()) {
      f.bottleneck_label =
          series_label(model, in.bottlenecks->ledger.rows[in.bottlenecks->ledger.ranking.front().row].stage);
    }
    if (!in.bottlenecks->marginal.empty()) {
      f.marginal_label = series_label(model, in.bottlenecks->ledger.rows[in.bottlenecks->marginal.front().stage].stage);
    }
    c.headlines = headline_sentences(f, d);
  }

  // Bottlenecks.
  const BottleneckReport& b = *in.bottlenecks;
  c.bottlenecks.name = "bottlenecks";
  c.bottlenecks.title = "Where throughput is lost";
  c.bottlenecks.caption = "Capacity-limited stages of the base, worst first: utilisation is busy over available "
                          "server-time (share), the wait is from arrival at the stage to the start of service "
                          "(days), both with 95% confidence intervals. Pure delays are never bottlenecks.";
  c.bottlenecks.columns = {{"rank", "Rank", 0}, {"stage", "Stage"}, {"label", "Stage, in words"}};
  interval_columns(c.bottlenecks.columns, "utilisation", "Utilisation", 2);
  interval_columns(c.bottlenecks.columns, "mean_wait_days", "Mean wait (days)");
  c.bottlenecks.columns.push_back({"reason", "Why"});
  int rank = 0;
  for (const LedgerRank& r : b.ledger.ranking) {
    const LedgerRow& row = b.ledger.rows[r.row];
    std::vector<Value> cells{static_cast<double>(++rank), row.stage, series_label(model, row.stage)};
    add_interval(cells, row.utilisation);
    add_interval(cells, row.mean_wait_days);
    cells.push_back(r.reason);
    c.bottlenecks.rows.push_back(std::move(cells));
  }

  // Marginal value of capacity.
  c.marginal.name = "marginal";
  c.marginal.title = "What more capacity is worth";
  c.marginal.caption = "For each capacity-limited stage, the base rerun with more servers at every step of its "
                       "schedule and the same random numbers: the change in the mean time a case spends in the "
                       "system (days) and in the open caseload at the end (" + c.count_unit +
                       "), scenario minus base, with 95% confidence intervals.";
  c.marginal.columns = {{"stage", "Stage"}, {"added_servers", "Servers added", 0}, {"mean_servers", "Servers before"}};
  interval_columns(c.marginal.columns, "delta_time_in_system_days", "Change in time in system (days)");
  interval_columns(c.marginal.columns, "delta_open_caseload", "Change in open caseload at the end", 0);
  interval_columns(c.marginal.columns, "delta_stage_wait_days", "Change in wait at the stage (days)");
  for (const MarginalEntry& m : b.marginal) {
    std::vector<Value> cells{b.ledger.rows[m.stage].stage, static_cast<double>(m.added_servers), m.mean_servers};
    add_interval(cells, m.delta.mean_time_in_system_days);
    add_count_interval(cells, m.delta.wip_end, d);
    add_interval(cells, m.delta.stage_mean_wait_days);
    c.marginal.rows.push_back(std::move(cells));
  }

  c.levers = levers_table(in, start_day);
  c.assumptions = assumptions_table(in, c);

  // Method, sources, caveats.
  c.method.push_back(
      "courtflow simulates each case through the stage graph of the model (a discrete-event simulation): cases "
      "arrive, wait for a free server at capacity-limited stages (courtrooms, legal advisers), are served, and "
      "are routed to the next stage by the model's probabilities, including re-listing loops and cases that "
      "give up waiting. Each run is repeated " + std::to_string(c.replications) +
      " times with independent random numbers (seed " + std::to_string(c.seed) + ").");
  c.method.push_back(
      "The bands in the charts and the \"90% of runs\" ranges are the 5th to 95th percentiles across those "
      "replications: where a single future is likely to fall. The 95% confidence intervals are for means, and "
      "for changes between a scenario and the base. Every scenario uses the same random numbers as the base, "
      "stage by stage (common random numbers), so each replication of a scenario is paired with the same "
      "replication of the base and the change is measured within pairs, which removes most of the noise.");
  c.method.push_back(
      "The bottleneck ranking orders the capacity-limited stages by utilisation, near-ties by the longer wait. "
      "The value of capacity is measured by rerunning the base with more servers at one stage at a time.");
  c.sources.push_back("Base model \u201c" + model.name + "\u201d (" + base.file + "): " +
                      (model.description.empty() ? std::string("no description given.") : model.description));
  for (std::size_t i = 1; i < in.runs.size(); ++i) {
    const RunInput& run = in.runs[i];
    const std::string& desc = run.model->description;
    c.sources.push_back("Scenario \u201c" + run.name + "\u201d (" + run.file + "): " +
                        (desc.empty() ? std::string("no description given.") : desc));
  }
  if (model.start_date) {
    c.sources.push_back("Data vintage: day 0 of the model is " + *model.start_date +
                        "; the open caseload at the start is the model's figure for that date, and every date in "
                        "this report is a projection from it.");
  }
  c.caveats.push_back("Counts are in " + c.count_unit +
                      ". Organisations count differently (the CPS counts defendants, HMCTS cases, the MoJ people): "
                      "compare these figures only with statistics in the same unit.");
  std::string delays;
  std::size_t n_delays = 0;
  for (const models::StageDef& s : model.stages) {
    if (!s.infinite) continue;
    delays += (delays.empty() ? "" : ", ") + s.id;
    ++n_delays;
  }
  if (n_delays > 0) {
    c.caveats.push_back(std::to_string(n_delays) + " of the " + std::to_string(model.stages.size()) +
                        " stages are modelled as pure delays, without a capacity limit (" + delays +
                        "): their caseloads respond to what arrives, not to staffing.");
  }
  if (c.replications < 20) {
    c.caveats.push_back("With " + std::to_string(c.replications) +
                        " replications the 5th and 95th percentiles are rough; use more replications "
                        "(--replications) for published figures.");
  }
  for (const ComparedScenario& s : cmp.scenarios) {
    for (const std::string& note : s.notes) c.caveats.push_back("Scenario \u201c" + s.name + "\u201d: " + note + ".");
    if (!s.comparison.stages_only_in_base.empty() || !s.comparison.stages_only_in_scenario.empty()) {
      c.caveats.push_back("Scenario \u201c" + s.name + "\u201d has stages the base does not (or the other way "
                          "round); they are left out of its comparison.");
    }
  }
  for (std::size_t i = 0; i < b.checks.size() && i < b.ledger.rows.size(); ++i) {
    if (b.checks[i].disagrees) {
      c.caveats.push_back("At " + b.ledger.rows[i].stage + " the simulation and the analytic traffic equations "
                          "disagree: " + b.checks[i].note + ".");
    }
  }
  c.caveats.push_back(
      "Privacy and judicial independence: this report gives figures by stage of the process only, never by judge, "
      "courtroom or named individual.");
  if (d.threshold > 0) {
    c.caveats.push_back("Counts below " + std::to_string(d.threshold) + " are shown as \"<" +
                        std::to_string(d.threshold) + "\" and left out of the charts (" + d.reason + ").");
  }
  return c;
}

}  // namespace courtflow::analysis::report

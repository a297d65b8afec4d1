// Paired differences across replications (compare.hpp). Each measure is first read per
// replication from both runs (the same accessors summary.json uses), then the pairs are
// differenced and reduced; matching stages, case types and period ends by id or day.
#include "analysis/compare.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>

namespace courtflow::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double as_double(std::uint64_t count) { return static_cast<double>(count); }

// Sample variance and count of the non-NaN values (variance NaN below two values).
std::pair<double, std::size_t> variance(const std::vector<double>& values) {
  double sum = 0;
  std::size_t n = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  if (n < 2) return {kNaN, n};
  const double mean = sum / static_cast<double>(n);
  double ss = 0;
  for (double v : values) {
    if (!std::isnan(v)) ss += (v - mean) * (v - mean);
  }
  return {ss / static_cast<double>(n - 1), n};
}

// Per-replication values of one measure in one run.
using Getter = std::function<double(const sim::ReplicationResult&)>;

std::vector<double> values_of(const sim::ReplicationSet& set, const Getter& get) {
  std::vector<double> values;
  values.reserve(set.replications.size());
  for (const sim::ReplicationResult& r : set.replications) values.push_back(get(r));
  return values;
}

PairedMeasure pair_runs(const sim::ReplicationSet& base, const Getter& get_base, const sim::ReplicationSet& scenario,
                        const Getter& get_scenario) {
  return pair_values(values_of(base, get_base), values_of(scenario, get_scenario));
}

// A getter for stage `index`'s StageStats field, NaN where a replication lacks the stage.
Getter stage_getter(std::size_t index, std::function<double(const sim::StageStats&, double observed_days)> field) {
  return [index, field = std::move(field)](const sim::ReplicationResult& r) {
    return index < r.stages.size() ? field(r.stages[index], r.observed_days) : kNaN;
  };
}

StageComparison compare_stage(const sim::ReplicationSet& base, std::size_t bi, const sim::ReplicationSet& scenario,
                              std::size_t si) {
  StageComparison c;
  const auto both = [&](auto field) {
    return pair_runs(base, stage_getter(bi, field), scenario, stage_getter(si, field));
  };
  c.wip_end = both([](const sim::StageStats& s, double) { return as_double(s.wip_end); });
  c.waiting_end = both([](const sim::StageStats& s, double) { return as_double(s.waiting_end); });
  c.mean_wait_days = both([](const sim::StageStats& s, double) { return s.mean_wait(); });
  c.mean_queue_length = both([](const sim::StageStats& s, double d) { return s.mean_queue_length(d); });
  c.utilisation = both([](const sim::StageStats& s, double) { return s.utilisation(); });
  c.throughput_per_day = both([](const sim::StageStats& s, double d) { return s.throughput_per_day(d); });
  c.completed = both([](const sim::StageStats& s, double) { return as_double(s.completed); });
  c.abandoned = both([](const sim::StageStats& s, double) { return as_double(s.abandoned); });
  c.arrivals = both([](const sim::StageStats& s, double) { return as_double(s.arrivals); });
  return c;
}

// Flow measures of the system (index nullopt) or of case type `index` in each run.
using FlowPick = std::function<const sim::CaseTypeStats*(const sim::ReplicationResult&)>;

FlowPick pick_flow(std::optional<std::size_t> index) {
  if (!index) return [](const sim::ReplicationResult& r) { return &r.system; };
  return [i = *index](const sim::ReplicationResult& r) { return i < r.case_types.size() ? &r.case_types[i] : nullptr; };
}

FlowComparison compare_flow(const sim::ReplicationSet& base, std::optional<std::size_t> bi,
                            const sim::ReplicationSet& scenario, std::optional<std::size_t> si) {
  const FlowPick pick_base = pick_flow(bi);
  const FlowPick pick_scenario = pick_flow(si);
  const auto both = [&](auto field) {
    const auto getter = [field](const FlowPick& pick) -> Getter {
      return [pick, field](const sim::ReplicationResult& r) {
        const sim::CaseTypeStats* s = pick(r);
        return s == nullptr ? kNaN : field(*s);
      };
    };
    return pair_runs(base, getter(pick_base), scenario, getter(pick_scenario));
  };
  FlowComparison c;
  c.mean_time_in_system_days = both([](const sim::CaseTypeStats& s) { return s.mean_time_in_system(); });
  c.wip_end = both([](const sim::CaseTypeStats& s) { return as_double(s.wip_end); });
  c.completed = both([](const sim::CaseTypeStats& s) { return as_double(s.completed); });
  c.abandoned = both([](const sim::CaseTypeStats& s) { return as_double(s.abandoned); });
  c.arrivals = both([](const sim::CaseTypeStats& s) { return as_double(s.arrivals); });
  return c;
}

// Index of each name of `a` in `b` (nullopt where absent).
template <class T, class Name>
std::vector<std::optional<std::size_t>> match(const std::vector<T>& a, const std::vector<T>& b, Name name) {
  std::vector<std::optional<std::size_t>> out;
  out.reserve(a.size());
  for (const T& item : a) {
    const auto it = std::find_if(b.begin(), b.end(), [&](const T& other) { return name(other) == name(item); });
    out.push_back(it == b.end() ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(it - b.begin())));
  }
  return out;
}

template <class T, class Name>
std::vector<std::string> missing_from(const std::vector<T>& a, const std::vector<T>& b, Name name) {
  std::vector<std::string> out;
  const auto matches = match(a, b, name);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!matches[i]) out.push_back(name(a[i]));
  }
  return out;
}

// The period series value at (period, row, metric) in each replication, NaN where not covered.
Getter period_getter(std::size_t period, int row, int metric) {
  return [=](const sim::ReplicationResult& r) {
    const sim::PeriodSeries& s = r.series;
    if (period >= s.period_ends.size() || row >= s.rows_per_period) return kNaN;
    return s.at(period, row, metric);
  };
}

void compare_periods(const sim::ReplicationSet& base, const sim::Network& base_network,
                     const sim::ReplicationSet& scenario, const sim::Network& scenario_network,
                     const std::vector<std::optional<std::size_t>>& stage_match, ScenarioComparison& out) {
  if (base.replications.empty() || scenario.replications.empty()) return;
  const sim::PeriodSeries& bs = base.replications.front().series;
  const sim::PeriodSeries& ss = scenario.replications.front().series;
  const int base_system = static_cast<int>(base_network.stages.size());
  const int scenario_system = static_cast<int>(scenario_network.stages.size());
  for (std::size_t bp = 0; bp < bs.period_ends.size(); ++bp) {
    const auto it = std::find(ss.period_ends.begin(), ss.period_ends.end(), bs.period_ends[bp]);
    if (it == ss.period_ends.end()) continue;
    const auto sp = static_cast<std::size_t>(it - ss.period_ends.begin());
    const auto add_row = [&](const std::string& name, int brow, int srow) {
      for (const sim::PeriodSeries::Metric metric : kPeriodMetrics) {
        PeriodComparison cell;
        cell.period_end_day = bs.period_ends[bp];
        cell.row = name;
        cell.metric = bs.metric_name(metric);
        cell.value = pair_runs(base, period_getter(bp, brow, metric), scenario, period_getter(sp, srow, metric));
        out.periods.push_back(std::move(cell));
      }
    };
    for (std::size_t b = 0; b < base_network.stages.size(); ++b) {
      if (stage_match[b]) add_row(base_network.stages[b].name, static_cast<int>(b), static_cast<int>(*stage_match[b]));
    }
    add_row("system", base_system, scenario_system);
  }
}

}  // namespace

double PairedMeasure::paired_half_width() const {
  if (!delta.has_value()) return kNaN;
  return (delta.hi - delta.lo) / 2;
}

PairedMeasure pair_values(const std::vector<double>& base, const std::vector<double>& scenario) {
  PairedMeasure m;
  m.base = interval(base);
  m.scenario = interval(scenario);
  const std::size_t n = std::min(base.size(), scenario.size());
  std::vector<double> differences;
  differences.reserve(n);
  for (std::size_t r = 0; r < n; ++r) differences.push_back(scenario[r] - base[r]);  // NaN stays NaN
  m.delta = interval(differences);
  const auto [var_base, n_base] = variance(base);
  const auto [var_scenario, n_scenario] = variance(scenario);
  if (n_base < 2 || n_scenario < 2) {
    m.unpaired_half_width = kNaN;
  } else {
    const double df = static_cast<double>(std::min(n_base, n_scenario) - 1);
    m.unpaired_half_width = student_t_quantile(0.975, df) * std::sqrt(var_base / static_cast<double>(n_base) +
                                                                      var_scenario / static_cast<double>(n_scenario));
  }
  return m;
}

ScenarioComparison compare_runs(const sim::ReplicationSet& base, const sim::Network& base_network,
                                const sim::ReplicationSet& scenario, const sim::Network& scenario_network) {
  ScenarioComparison out;
  out.pairs = std::min(base.replications.size(), scenario.replications.size());
  const auto stage_name = [](const sim::StageSpec& s) { return s.name; };
  const auto type_name = [](const sim::CaseTypeSpec& t) { return t.name; };

  out.system = compare_flow(base, std::nullopt, scenario, std::nullopt);

  const auto stage_match = match(base_network.stages, scenario_network.stages, stage_name);
  for (std::size_t b = 0; b < base_network.stages.size(); ++b) {
    if (!stage_match[b]) continue;
    StageComparison c = compare_stage(base, b, scenario, *stage_match[b]);
    c.id = base_network.stages[b].name;
    c.infinite = base_network.stages[b].infinite;
    out.stages.push_back(std::move(c));
  }
  out.stages_only_in_base = missing_from(base_network.stages, scenario_network.stages, stage_name);
  out.stages_only_in_scenario = missing_from(scenario_network.stages, base_network.stages, stage_name);

  const auto type_match = match(base_network.case_types, scenario_network.case_types, type_name);
  for (std::size_t b = 0; b < base_network.case_types.size(); ++b) {
    if (!type_match[b]) continue;
    FlowComparison c = compare_flow(base, b, scenario, type_match[b]);
    c.id = base_network.case_types[b].name;
    out.case_types.push_back(std::move(c));
  }
  out.case_types_only_in_base = missing_from(base_network.case_types, scenario_network.case_types, type_name);
  out.case_types_only_in_scenario = missing_from(scenario_network.case_types, base_network.case_types, type_name);

  compare_periods(base, base_network, scenario, scenario_network, stage_match, out);
  return out;
}

}  // namespace courtflow::analysis

// Group sums of the per-stage series. Each replication's stages are added before the
// replications are reduced: the spread of a total is not the sum of the spreads.
#include "analysis/stage_groups.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/periods.hpp"
#include "analysis/timeseries.hpp"
#include "models/dates.hpp"

namespace courtflow::analysis {
namespace {

int stage_row(const sim::Network& network, const std::string& id) {
  const auto it = std::find_if(network.stages.begin(), network.stages.end(),
                               [&](const sim::StageSpec& s) { return s.name == id; });
  return it == network.stages.end() ? -1 : static_cast<int>(it - network.stages.begin());
}

// One replication's sum over the selection's rows at period p; NaN if its series lacks p.
double summed(const sim::PeriodSeries& series, std::size_t p, const CaseloadSelection& selection, int metric) {
  if (p >= series.period_ends.size()) return std::nan("");
  double total = 0;
  for (const int row : selection.rows) {
    if (row >= series.rows_per_period) return std::nan("");
    total += series.at(p, row, metric);
  }
  return total;
}

}  // namespace

std::vector<CaseloadSelection> model_groups(const models::Model& model, const sim::Network& network) {
  std::vector<CaseloadSelection> out;
  for (const models::StageGroupDef& g : model.groups) {
    CaseloadSelection sel{g.id, g.description, {}};
    for (const std::string& stage : g.stages) {
      if (const int row = stage_row(network, stage); row >= 0) sel.rows.push_back(row);
    }
    out.push_back(std::move(sel));
  }
  return out;
}

std::optional<CaseloadSelection> find_selection(const std::string& id, const models::Model& model,
                                                const sim::Network& network) {
  for (CaseloadSelection& g : model_groups(model, network)) {
    if (g.id == id) return std::move(g);
  }
  if (const int row = stage_row(network, id); row >= 0) return CaseloadSelection{id, {}, {row}};
  if (id == "system") return CaseloadSelection{id, {}, {static_cast<int>(network.stages.size())}};
  return std::nullopt;
}

std::vector<CaseloadPoint> caseload_series(const sim::ReplicationSet& set, const CaseloadSelection& selection,
                                           int metric) {
  std::vector<CaseloadPoint> out;
  if (set.replications.empty()) return out;
  const std::vector<double>& ends = set.replications.front().series.period_ends;
  std::vector<double> values(set.replications.size());
  for (std::size_t p = 0; p < ends.size(); ++p) {
    for (std::size_t r = 0; r < set.replications.size(); ++r) {
      values[r] = summed(set.replications[r].series, p, selection, metric);
    }
    CaseloadPoint point;
    point.period_end = ends[p];
    point.mean = interval(values);
    point.p05 = quantile(values, 0.05);
    point.p50 = quantile(values, 0.50);
    point.p95 = quantile(values, 0.95);
    out.push_back(point);
  }
  return out;
}

Interval caseload_at_end(const sim::ReplicationSet& set, const CaseloadSelection& selection) {
  std::vector<double> values;
  for (const sim::ReplicationResult& r : set.replications) {
    double total = 0;
    for (const int row : selection.rows) {
      if (row < static_cast<int>(r.stages.size())) {
        total += static_cast<double>(r.stages[static_cast<std::size_t>(row)].wip_end);
      } else {
        total += static_cast<double>(r.system.wip_end);
      }
    }
    values.push_back(total);
  }
  return interval(values);
}

void write_groups_csv(std::ostream& out, const sim::ReplicationSet& set,
                      const std::vector<CaseloadSelection>& groups, std::optional<std::int64_t> start_day) {
  out << "period_end_day,period_end_date,group,metric,mean,p05,p50,p95\n";
  if (set.replications.empty() || groups.empty()) return;
  constexpr int kMetrics[] = {sim::PeriodSeries::wip, sim::PeriodSeries::waiting};
  const sim::PeriodSeries& first = set.replications.front().series;
  // Reduce each (group, metric) once, then write period by period as timeseries.csv does.
  std::vector<std::vector<std::vector<CaseloadPoint>>> reduced(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (const int metric : kMetrics) reduced[g].push_back(caseload_series(set, groups[g], metric));
  }
  for (std::size_t p = 0; p < first.period_ends.size(); ++p) {
    const double end = first.period_ends[p];
    std::string prefix = format_number(end) + ',';
    if (start_day) prefix += models::format_iso_date(period_label_day(*start_day, end));
    prefix += ',';
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (std::size_t m = 0; m < std::size(kMetrics); ++m) {
        const CaseloadPoint& point = reduced[g][m][p];
        out << prefix << csv_field(groups[g].id) << ',' << first.metric_name(kMetrics[m]) << ','
            << format_number(point.mean.mean) << ',' << format_number(point.p05) << ','
            << format_number(point.p50) << ',' << format_number(point.p95) << '\n';
      }
    }
  }
}

}  // namespace courtflow::analysis

// timeseries.csv: the per-period series of every replication reduced to mean and quantiles,
// written row by row in a fixed order (period, then stage in model order with the system
// last, then metric), so the file is byte-identical whatever the thread count of the run.
#include "analysis/timeseries.hpp"

#include <charconv>
#include <cmath>
#include <vector>

#include "analysis/backlog.hpp"
#include "analysis/interval.hpp"
#include "analysis/periods.hpp"
#include "models/dates.hpp"

namespace courtflow::analysis {
namespace {


void write_row(std::ostream& out, const std::string& prefix, const std::string& row_name, const std::string& metric,
               const std::vector<double>& values) {
  out << prefix << row_name << ',' << metric << ',' << format_number(mean_of(values)) << ','
      << format_number(quantile(values, 0.05)) << ',' << format_number(quantile(values, 0.50)) << ','
      << format_number(quantile(values, 0.95)) << '\n';
}

}  // namespace

std::string format_number(double value) {
  if (std::isnan(value)) return {};
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  std::to_chars_result result{};
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    // Exact integer: print it as one (no ".0", no exponent); -0 prints as 0.
    result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
  } else {
    result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 10);
  }
  return std::string(buffer, result.ptr);
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void write_timeseries_csv(std::ostream& out, const sim::ReplicationSet& set, const sim::Network& network,
                          std::optional<std::int64_t> start_day) {
  out << "period_end_day,period_end_date,stage,metric,mean,p05,p50,p95\n";
  if (set.replications.empty()) return;
  const sim::PeriodSeries& first = set.replications.front().series;
  const std::size_t periods = first.period_ends.size();
  const int rows = static_cast<int>(network.stages.size()) + 1;

  std::vector<std::string> row_names;
  for (const sim::StageSpec& stage : network.stages) row_names.push_back(csv_field(stage.name));
  row_names.emplace_back("system");

  std::vector<double> values(set.replications.size());
  for (std::size_t p = 0; p < periods; ++p) {
    const double end = first.period_ends[p];
    std::string prefix = format_number(end);
    prefix += ',';
    if (start_day) prefix += models::format_iso_date(period_label_day(*start_day, end));
    prefix += ',';
    for (int row = 0; row < rows; ++row) {
      for (int metric = 0; metric < sim::PeriodSeries::metric_count; ++metric) {
        for (std::size_t r = 0; r < set.replications.size(); ++r) {
          const sim::PeriodSeries& series = set.replications[r].series;
          // A replication whose series does not cover this cell contributes nothing.
          const bool covered = p < series.period_ends.size() && series.rows_per_period == rows;
          values[r] = covered ? series.at(p, row, metric) : std::nan("");
        }
        write_row(out, prefix, row_names[static_cast<std::size_t>(row)], first.metric_name(metric), values);
      }
      // Derived backlog metrics: each replication's own ratio, then reduced like the others.
      for (int metric = 0; metric < derived_metric_count; ++metric) {
        for (std::size_t r = 0; r < set.replications.size(); ++r) {
          const sim::PeriodSeries& series = set.replications[r].series;
          const bool covered = p < series.period_ends.size() && series.rows_per_period == rows;
          values[r] = covered ? derived_value(series, p, row, metric) : std::nan("");
        }
        write_row(out, prefix, row_names[static_cast<std::size_t>(row)], derived_metric_name(first, metric),
                  values);
      }
    }
  }
}

}  // namespace courtflow::analysis

#pragma once
// The run's tidy time series, DIR/timeseries.csv: one row per period end x (each stage, then
// "system") x metric, with the mean and the 5%, 50% and 95% quantiles across replications.
// Columns: period_end_day,period_end_date,stage,metric,mean,p05,p50,p95. RFC 4180 quoting,
// LF line endings, '.' decimals, no thousands separators, ISO 8601 dates. Writes to an
// std::ostream only; cli/ owns the file.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {

/// Writes the header and every row. `start_day` (days since 1970-01-01 of the model's
/// start_date) fills period_end_date with the last day each period covers; nullopt leaves it
/// empty. Metrics per row are sim::PeriodSeries's, in its order and with its names (wip,
/// waiting, arrivals, completions, abandoned, then backlog ages and period utilisation), then
/// the derived backlog metrics of analysis/backlog.hpp (share_over_N_days, clearance_ratio),
/// each computed within a replication before it is reduced: wip, waiting, ages and the share
/// are snapshots at the period end, the counts and the clearance ratio cover the period. A
/// value no replication defined (e.g. utilisation at a pure delay) is an empty field;
/// quantiles use the replications that defined it. Rows: periods x (stages + 1) x
/// kTimeseriesMetricCount, plus the header.
void write_timeseries_csv(std::ostream& out, const sim::ReplicationSet& set, const sim::Network& network,
                          std::optional<std::int64_t> start_day);

/// A number for CSV: integers (|x| < 1e15) without a decimal point, others with up to 10
/// significant digits and no trailing zeros; empty for NaN. Locale-independent.
std::string format_number(double value);

/// One RFC 4180 field: quoted (with inner quotes doubled) if it holds a comma, a quote, CR
/// or LF, else as is.
std::string csv_field(std::string_view text);

}  // namespace courtflow::analysis

#pragma once
// The machine-readable outputs of fitting and back-testing: backtest.json (PRODUCT.md:
// {"split", "stages": [{"stage", "periods", "mape", "mape_naive", ...}]}, extended, never
// renamed), projection.csv (one row per stage and projected period) and the fit report
// (estimates with 95% bootstrap intervals, the forms tried and their AICc, the flow-balance
// mismatches). Key order is fixed; numbers that are undefined are written as null.

#include <ostream>

#include <nlohmann/json.hpp>

#include "analysis/series/projection.hpp"

namespace courtflow::analysis::series {

/// One stage's fit: {"stage", "fitted_periods", "from", "until", "outstanding_at_until",
/// "receipts": {...}, "disposals": {...}, "notes"}.
nlohmann::ordered_json to_json(const StageFit& fit);

/// [{"period_end", "mismatch"}] for every period whose balance is off by 0.5 or more.
nlohmann::ordered_json balance_json(const std::vector<BalanceCheck>& checks);

nlohmann::ordered_json to_json(const Backtest& backtest);

/// The fit report written by `courtflow fit --report`.
nlohmann::ordered_json to_json(const FittedModel& fitted);

/// projection.csv: period_end, stage, model_stage, periods_ahead, actual, mean, p05, p50, p95,
/// naive, trend, receipts_actual, receipts_mean, disposals_actual, disposals_mean.
void write_projection_csv(std::ostream& out, const Backtest& backtest);

}  // namespace courtflow::analysis::series

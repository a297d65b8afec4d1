#pragma once
// Fit, project and back-test: the driver behind `courtflow fit` and `courtflow backtest`.
//
// Back-test: fit each mapped stage on the periods up to the split (stage_fit), then simulate
// the periods after it with the engine. Replication r uses bootstrap draw r of every fitted
// parameter plus its own per-period noise, so the spread across replications carries
// parameter uncertainty, overdispersion and the engine's Poisson randomness together. Each
// replication starts on the day after the split with the open caseload at the split as its
// initial work, and records the open caseload, arrivals and completions at the series' own
// period ends. With known receipts, the arrival rates are the actual receipts per day (so
// that the remaining error is throughput error). Scores and baselines: scoring.hpp.
// Reproducible: draws are keyed by (seed, replication), results stored by replication.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/series/fitted_model.hpp"
#include "analysis/series/series.hpp"
#include "analysis/series/stage_fit.hpp"
#include "models/model.hpp"

namespace courtflow::analysis::series {

struct ProjectionOptions {
  FitOptions fit;
  int replications = 40;
  std::uint64_t seed = 12345;
  int threads = 0;  ///< 0 = all hardware threads
  bool known_receipts = false;
  int periods = 0;  ///< score at most this many periods after the split; 0 = all the series has
  std::uint64_t max_events = 2'000'000'000ULL;
};

/// Mean and quantiles across replications of one quantity in one period.
struct Spread {
  double mean = 0;
  double p05 = 0;
  double p50 = 0;
  double p95 = 0;
};

struct StageBacktest {
  StageMap map;
  StageFit fit;
  std::vector<BalanceCheck> balance;  ///< the whole series
  std::vector<FuturePeriod> periods;  ///< projected periods that the series has
  std::vector<Spread> outstanding, receipts, disposals;  ///< per period, counts in the period
  std::vector<double> actual_outstanding, actual_receipts, actual_disposals;
  std::vector<double> naive, trend;
  double mape = 0, mape_naive = 0, mape_trend = 0, coverage_90 = 0;
  /// Sum of the flow-balance mismatches over the scored periods: change in the actual open
  /// caseload that no receipts or disposals explain (no projection can capture it).
  double unexplained_change = 0;
};

struct Backtest {
  std::int64_t split_day = 0;
  int replications = 0;
  std::uint64_t seed = 0;
  bool known_receipts = false;
  int window = 0;
  std::vector<std::int64_t> exclude;
  std::vector<StageBacktest> stages;
  std::vector<std::string> notes;
  std::uint64_t events = 0;
};

/// Throws models::InputError for a split that is not a period end of a mapped stage, no
/// period after it, too few periods before it, or mapped stages with different period
/// lengths; sim errors propagate.
Backtest run_backtest(const models::Model& model, const Series& series, const std::vector<StageMap>& maps,
                      std::int64_t split_day, const ProjectionOptions& options);

/// The fitted model for `periods` periods after `until_day` (point estimates, no noise),
/// with the fits.
struct FittedModel {
  models::Model model;
  std::vector<StageMap> maps;
  std::vector<StageFit> fits;
  std::vector<std::vector<BalanceCheck>> balance;  ///< per map
  std::vector<std::string> notes;
};
FittedModel fit_model(const models::Model& model, const Series& series, const std::vector<StageMap>& maps,
                      std::int64_t until_day, int periods, const FitOptions& options);

}  // namespace courtflow::analysis::series

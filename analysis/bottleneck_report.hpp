#pragma once
// `courtflow bottlenecks`: where is throughput lost, and what is extra capacity worth? One
// base run of the model gives the ledger and ranking (analysis/bottleneck_ledger) and the
// per-period ranking; the traffic equations (analysis/traffic_equations) give the analytic
// offered loads and throughput bound beside them, with each disagreement flagged; then one
// run per capacity-limited stage with k more servers, same seed, gives the paired change in
// system time in system and work in progress (analysis/marginal_capacity). The runs go one
// after another, each with its replications in parallel. to_json writes bottlenecks.json
// (PRODUCT.md "Other outputs": "ranking" and "marginal" first, extensions after) and
// write_bottlenecks_csv a tidy CSV; both are functions of the model, seed, replications and
// options only, never of the thread count or the clock. No I/O beyond the given streams.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/bottleneck_ledger.hpp"
#include "analysis/marginal_capacity.hpp"
#include "analysis/measures.hpp"
#include "analysis/simulation.hpp"
#include "analysis/traffic_equations.hpp"

namespace courtflow::analysis {

/// What to price and how.
struct BottleneckOptions {
  AddServers add;                   ///< servers added per stage (--add)
  std::vector<std::string> stages;  ///< stages to price (--stages); empty = every capacity-limited stage
  /// Called before each run: (run, runs, label), run 0 being the base ("base") and the others
  /// "STAGE +k". Called on the caller's thread.
  std::function<void(int, int, const std::string&)> on_run;
};

/// The analytic figures beside the simulated ones for one stage.
struct AnalyticCheck {
  /// |simulated utilisation - min(offered load, 1)| > 0.05 with the analytic value outside
  /// the simulated 95% interval, or simulated demand and analytic arrivals differ by more
  /// than 10% with the analytic value outside the interval.
  bool disagrees = false;
  std::string note;  ///< what was compared, in words, and the likely cause of a disagreement
};

/// One priced stage.
struct MarginalEntry {
  std::size_t stage = 0;        ///< stage index
  std::int64_t added_servers = 0;
  double mean_servers = 0;      ///< average servers before the change, over the observed window
  PairedDelta delta;            ///< scenario - base
  std::string summary;          ///< the effect in plain words
};

struct BottleneckReport {
  std::string model;
  int replications = 0;
  std::uint64_t seed = 0;
  double horizon_days = 0;
  double warmup_days = 0;
  std::optional<std::string> start_date;
  std::optional<std::int64_t> start_day;  ///< start_date as days since 1970-01-01
  std::string count_unit;
  std::string model_hash;
  AddServers add;
  Ledger ledger;
  TrafficSolution traffic;
  std::vector<AnalyticCheck> checks;  ///< one per stage (empty if the equations were not solved)
  FlowMeasures system;                ///< the base run, whole system
  /// Most valuable first: the largest cut in mean time in system, then ranking order.
  std::vector<MarginalEntry> marginal;
  std::uint64_t events = 0;  ///< events processed over every run
  int runs = 0;              ///< simulation runs (base + priced stages)
};

/// The ranking part of a report for one finished run of `prepared` (the ledger, traffic
/// equations, analytic checks and system measures; no capacity runs: runs = 1, no marginal):
/// what analyse_bottlenecks starts from, and what `courtflow serve` shows for each run.
BottleneckReport ledger_report(const PreparedRun& prepared, const sim::ReplicationSet& results);

/// Runs the base and one run per priced stage. options.stages must pass
/// check_marginal_stages (throws std::invalid_argument otherwise). Engine errors propagate
/// (sim::SimError, sim::BudgetExceeded).
BottleneckReport analyse_bottlenecks(const PreparedRun& prepared, const RunSettings& settings,
                                     const BottleneckOptions& options);

/// The analytic checks for a ledger and the traffic equations of the same network.
std::vector<AnalyticCheck> cross_check(const Ledger& ledger, const TrafficSolution& traffic);

/// The plain-words effect of a priced stage, e.g. "+1 server at review: mean time in system
/// -3.2 days (95% CI -3.5 to -2.9); 41 fewer cases in the system at the horizon (...)".
std::string marginal_summary(const std::string& stage, std::int64_t added, const PairedDelta& delta,
                             const std::string& count_unit);

/// bottlenecks.json: {"ranking", "marginal", then "model", "replications", "seed",
/// "horizon_days", "add", "system", "ledger", "analytic", "by_period", "performance",
/// "provenance"}. No wall-clock time; NaN is written as null.
nlohmann::ordered_json to_json(const BottleneckReport& report);

/// bottlenecks.csv, tidy: section,stage,period_end_day,period_end_date,measure,mean,ci95_lo,ci95_hi
/// (sections ledger, ranking, analytic, marginal, by_period; empty fields where a column does
/// not apply or a value is undefined). RFC 4180, LF line endings, "C" number formatting.
void write_bottlenecks_csv(std::ostream& out, const BottleneckReport& report);

}  // namespace courtflow::analysis

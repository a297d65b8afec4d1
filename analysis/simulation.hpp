#pragma once
// Running a model: the one place that turns a validated Model plus the user's run settings
// (replications, seed, threads, reporting period, budgets) into a compiled network, a run
// configuration and a set of replications. `run`, `bottlenecks`, `compare` and `report` all
// go through here, so that two runs with the same settings and seed use the same random
// streams stage by stage (common random numbers) and their replications can be paired.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "analysis/periods.hpp"
#include "analysis/work_share.hpp"
#include "models/model.hpp"
#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {

/// Replications when neither the command line nor the model says.
inline constexpr int kDefaultReplications = 10;
/// Seed when neither the command line nor the model says (documented, never the clock).
inline constexpr std::uint64_t kDefaultSeed = 12345;

/// What the user chose; unset fields fall back to the model's value, then the default.
struct RunSettings {
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  int threads = 0;  ///< 0 = all hardware threads
  std::optional<PeriodSpec> period;
  std::uint64_t max_events = sim::RunConfig{}.max_events;
  std::uint64_t max_cases = sim::RunConfig{}.max_cases_in_system;
  double age_threshold_days = 365;
  /// Called with (finished, total) from worker threads.
  std::function<void(int, int)> on_progress;
  /// Set from another thread to stop the run with sim::Cancelled (see sim::RunConfig::cancel).
  const std::atomic<bool>* cancel = nullptr;
  /// Shares the replications among processes (MPI ranks, cluster/); null = run them all here.
  /// Not owned. See analysis/work_share.hpp.
  WorkShare* share = nullptr;
};

/// A model prepared for the engine: settings resolved, network compiled, periods laid out.
struct PreparedRun {
  models::Model model;
  sim::Network network;
  sim::RunConfig config;
  int replications = kDefaultReplications;
  std::uint64_t seed = kDefaultSeed;
  std::optional<std::int64_t> start_day;  ///< days since 1970-01-01 of day 0, if the model has a start date
};

/// Resolves settings against the model and compiles it (throws models::InputError if the model
/// is invalid). `file` names the model in diagnostics.
PreparedRun prepare_run(const models::Model& model, const RunSettings& settings, const std::string& file);

/// Runs the prepared model's replications (throws sim::SimError / sim::BudgetExceeded). With
/// settings.share, runs only this process's replications and gathers them: the set is then
/// complete on the process that reduces and empty on the others.
sim::ReplicationSet run_prepared(const PreparedRun& prepared, const RunSettings& settings);

}  // namespace courtflow::analysis

#pragma once
// What the subcommands that simulate (run, bottlenecks, ...) share: the run options
// (--replications, --seed, --threads, --period, --max-events, --max-cases) with their checks
// and help text, turning them into analysis::RunSettings (refusing absurd periods), the
// progress line on stderr, the message for a run over budget, and the small text tables and
// "mean (lo-hi)" cells printed on stdout. Nothing here decides an exit code: problems are
// thrown as UsageError (exit 2) for main to report.

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/interval.hpp"
#include "analysis/simulation.hpp"
#include "models/model.hpp"
#include "sim/errors.hpp"

namespace courtflow::cli {

/// The run options as parsed; unset ones fall back to the model, then the defaults.
struct RunOptionValues {
  int replications = analysis::kDefaultReplications;
  std::uint64_t seed = analysis::kDefaultSeed;
  int threads = 0;  ///< 0 = all cores
  std::uint64_t max_events = sim::RunConfig{}.max_events;
  std::uint64_t max_cases = sim::RunConfig{}.max_cases_in_system;
  std::string max_memory;  ///< --max-memory, e.g. "4G"; empty = half the physical memory (cli/memory_guard.hpp)
  std::string period;  ///< empty = the default for the model
  double over_days = 365;  ///< --over: the age threshold of the backlog metrics (days)
  CLI::Option* replications_opt = nullptr;
  CLI::Option* seed_opt = nullptr;
};

/// Adds --replications, --seed, --threads, --period, --max-events and --max-cases to `app`,
/// storing into `values` (which must outlive parsing).
void add_run_options(CLI::App& app, RunOptionValues& values);

/// Adds --over DAYS (the age threshold of wip_over_N_days and share_over_N_days) to `app`,
/// for the subcommands that write backlog series (run, compare).
void add_over_option(CLI::App& app, RunOptionValues& values);

/// The settings for `model` (progress callback not set). Throws UsageError if --period would
/// cut the horizon into more than 100,000 periods, or if the run cannot fit in --max-memory
/// (whose guard may also lower the case budget: cli/memory_guard.hpp).
analysis::RunSettings run_settings(const RunOptionValues& values, const models::Model& model);

/// Under mpirun, run_settings() also shares the runs among the ranks (settings.share) and, with
/// --threads 0, gives each rank its part of this machine's cores. Whether this process writes
/// the outputs and prints: rank 0, or the only process (cluster/session.hpp). The other ranks
/// stop once their runs are gathered.
bool writes_outputs();

/// Throws UsageError explaining a run over budget for `model_file` (which budget, and the
/// option that raises it).
[[noreturn]] void throw_over_budget(const sim::BudgetExceeded& e, const std::string& model_file);

/// Progress on stderr from worker threads: one line rewritten in place ("LABEL: replication
/// 3/10"), shown only when enabled (stderr a terminal and not --quiet).
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  /// Enabled when stderr is a terminal and `quiet` is false.
  static bool wanted(bool quiet);
  /// A prefix for the following updates (e.g. "run 2/3, cc_trial +1"); resets the count.
  void set_label(std::string label);
  void update(int done, int total);
  void clear();

 private:
  bool enabled_;
  std::mutex mutex_;
  std::string label_;
  int shown_ = 0;
  std::size_t width_ = 0;
};

/// `value` with `decimals` digits after the point, "C" locale.
std::string fixed(double value, int decimals);

/// "12.3 (11.9-12.8)", or "-" when undefined. decimals < 0: two below 1, one below 100, none
/// above. With `signed_values` the numbers carry a sign, the bounds read "(a to b)", the
/// decimals follow the largest of mean and bounds, and values under 0.01 keep two
/// significant digits.
std::string with_interval(const analysis::Interval& iv, int decimals, bool signed_values = false);

/// Rows of cells printed as columns as wide as their widest cell, each line indented by two
/// spaces, trailing spaces dropped. The first row is the header.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows);

}  // namespace courtflow::cli

#pragma once
// Independent replications, in parallel with TBB. Replication r draws only from streams keyed
// by (seed, r, ...), and results are stored by index and reduced in order, so the output is
// byte-identical whatever the thread count.

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/network.hpp"
#include "sim/run_stats.hpp"

namespace courtflow::sim {

/// Runs one replication to the horizon. Throws SimError / BudgetExceeded.
ReplicationResult run_replication(const Network& network, const RunConfig& config, std::uint64_t seed,
                                  int replication);

/// The concurrency to give a TBB task arena for `requested` worker threads (0 = all hardware
/// threads): never more than TBB will give, since it would run with fewer anyway and say so
/// on stderr. Results never depend on it.
int arena_concurrency(int requested);

struct ReplicationOptions {
  int replications = 10;
  std::uint64_t seed = 1;
  /// Worker threads; 0 = all hardware threads.
  int threads = 0;
  /// Called after each replication finishes with (finished, total), from a worker thread.
  std::function<void(int, int)> on_progress;
};

struct ReplicationSet {
  std::vector<ReplicationResult> replications;  ///< indexed by replication
  std::uint64_t total_events = 0;
};

/// Runs options.replications replications. Exceptions from a replication propagate.
ReplicationSet run_replications(const Network& network, const RunConfig& config,
                                const ReplicationOptions& options);

/// Runs only the replications numbered `indices` (each in [0, options.replications)), each
/// seeded by its own number exactly as run_replications seeds it, in parallel on
/// options.threads threads: a process given part of a run (an MPI rank, cluster/) computes
/// the same results for its part as a single process does. Results are in the order of
/// `indices`; progress is reported as (finished, indices.size()). Exceptions propagate.
std::vector<ReplicationResult> run_replication_list(const Network& network, const RunConfig& config,
                                                    const ReplicationOptions& options,
                                                    const std::vector<int>& indices);

}  // namespace courtflow::sim

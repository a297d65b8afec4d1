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

}  // namespace courtflow::sim

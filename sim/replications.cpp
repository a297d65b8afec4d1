// Parallel replications with TBB. Each replication writes only its own slot of the result
// vector; totals are summed serially afterwards in replication order, so nothing depends on
// scheduling. --threads is honoured with a scoped task_arena rather than global_control.

#include "sim/replications.hpp"

#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <string>

#include "sim/engine.hpp"
#include "sim/errors.hpp"

namespace courtflow::sim {

int arena_concurrency(int requested) {
  return requested > 0 ? std::min(requested, oneapi::tbb::info::default_concurrency())
                       : oneapi::tbb::task_arena::automatic;
}

ReplicationResult run_replication(const Network& network, const RunConfig& config, std::uint64_t seed,
                                  int replication) {
  Engine engine(network, config, seed, replication);
  return engine.run();
}

ReplicationSet run_replications(const Network& network, const RunConfig& config, const ReplicationOptions& options) {
  if (options.replications < 1) throw SimError("run: need at least one replication");
  ReplicationSet set;
  set.replications.resize(static_cast<std::size_t>(options.replications));
  std::atomic<int> finished{0};
  oneapi::tbb::task_arena arena(arena_concurrency(options.threads));
  arena.execute([&] {
    // Grain size 1: replications are long and of similar length.
    oneapi::tbb::parallel_for(0, options.replications, 1, [&](int r) {
      if (config.cancel && config.cancel->load(std::memory_order_relaxed)) throw Cancelled("run cancelled");
      set.replications[static_cast<std::size_t>(r)] = run_replication(network, config, options.seed, r);
      const int done = ++finished;
      if (options.on_progress) options.on_progress(done, options.replications);
    });
  });
  for (const ReplicationResult& result : set.replications) set.total_events += result.events;
  return set;
}

std::vector<ReplicationResult> run_replication_list(const Network& network, const RunConfig& config,
                                                    const ReplicationOptions& options,
                                                    const std::vector<int>& indices) {
  for (const int r : indices) {
    if (r < 0 || r >= options.replications) {
      throw SimError("run: replication " + std::to_string(r) + " is outside 0.." +
                     std::to_string(options.replications - 1));
    }
  }
  std::vector<ReplicationResult> results(indices.size());
  const int count = static_cast<int>(indices.size());
  std::atomic<int> finished{0};
  oneapi::tbb::task_arena arena(arena_concurrency(options.threads));
  arena.execute([&] {
    oneapi::tbb::parallel_for(0, count, 1, [&](int k) {
      if (config.cancel && config.cancel->load(std::memory_order_relaxed)) throw Cancelled("run cancelled");
      const auto slot = static_cast<std::size_t>(k);
      results[slot] = run_replication(network, config, options.seed, indices[slot]);
      const int done = ++finished;
      if (options.on_progress) options.on_progress(done, count);
    });
  });
  return results;
}

}  // namespace courtflow::sim

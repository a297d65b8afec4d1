// End-to-end engine speed on the 5-stage tandem network (tandem_network.hpp):
//   BM_TandemOneReplication/H     one replication of H days on one thread: events/s
//   BM_TandemReplications/T       20 replications of 3,650 days on T threads (real time), for
//                                 parallel efficiency = (time at 1 thread / time at T) / T
//   BM_SpinControl/T              control: a fixed amount of pure arithmetic split over T
//                                 std::threads (no engine, no memory traffic), to show how much
//                                 parallel capacity the machine gave us during the run (shared
//                                 or virtual machines may give less than nproc suggests)

#include <benchmark/benchmark.h>

#include <cstdint>
#include <thread>
#include <vector>

#include "bench/tandem_network.hpp"
#include "sim/replications.hpp"

namespace {

using courtflow::bench::tandem_network;
namespace sim = courtflow::sim;

void BM_TandemOneReplication(benchmark::State& state) {
  const sim::Network net = tandem_network();
  sim::RunConfig config;
  config.horizon = static_cast<double>(state.range(0));
  config.warmup = 0;
  std::uint64_t events = 0;
  for (auto _ : state) {
    // Always replication 0, so that every iteration does the same work.
    const sim::ReplicationResult result = sim::run_replication(net, config, 42, 0);
    events += result.events;
    benchmark::DoNotOptimize(result.system.completed);
  }
  state.counters["events"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void BM_TandemReplications(benchmark::State& state) {
  const sim::Network net = tandem_network();
  sim::RunConfig config;
  config.horizon = 3'650;
  sim::ReplicationOptions options;
  options.replications = 20;
  options.seed = 42;
  options.threads = static_cast<int>(state.range(0));
  std::uint64_t events = 0;
  for (auto _ : state) {
    const sim::ReplicationSet set = sim::run_replications(net, config, options);
    events += set.total_events;
    benchmark::DoNotOptimize(set.replications.back().system.completed);
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void BM_SpinControl(benchmark::State& state) {
  const auto threads = static_cast<int>(state.range(0));
  constexpr long kWork = 200'000'000;
  for (auto _ : state) {
    std::vector<double> sinks(static_cast<std::size_t>(threads), 0.0);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&sinks, t, threads] {
        double x = 0;
        for (long k = 0; k < kWork / threads; ++k) x += static_cast<double>(k) * 1e-9;
        sinks[static_cast<std::size_t>(t)] = x;
      });
    }
    for (std::thread& th : pool) th.join();
    benchmark::DoNotOptimize(sinks.data());
  }
}

BENCHMARK(BM_TandemOneReplication)->Arg(36'500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TandemReplications)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SpinControl)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

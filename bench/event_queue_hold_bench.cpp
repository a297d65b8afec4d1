// The classic hold model (Vaucher & Duval 1975; SimPy's and simmer's calendar benchmark): keep
// n events pending; each operation pops the earliest and pushes it back at time + Exp(1).
// items/s = hold operations (one pop + one push) per second, at n = 1e3, 1e5 and 1e6, for the
// pure heap (EventQueue()) and the bucketed two-tier calendar the engine runs on.

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>

#include "sim/event_queue.hpp"
#include "sim/rng.hpp"

namespace {

using courtflow::sim::EventKind;
using courtflow::sim::EventQueue;
using courtflow::sim::Rng;

double exp1(Rng& rng) { return -std::log(rng.uniform01()); }

void hold(benchmark::State& state, EventQueue queue) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  Rng rng(1, 0, 0, 0);
  queue.reserve(pending + 1);
  for (std::size_t i = 0; i < pending; ++i) {
    // Kinds vary so that the (time, kind, sequence) comparison is exercised as in the engine.
    queue.push(exp1(rng), static_cast<EventKind>(i % 4), static_cast<std::uint32_t>(i));
  }
  for (auto _ : state) {
    const auto event = queue.pop();
    queue.push(event.time + exp1(rng), event.kind(), event.subject());
  }
  benchmark::DoNotOptimize(queue.top());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["pending"] = static_cast<double>(pending);
}

void BM_EventQueueHold(benchmark::State& state) { hold(state, EventQueue()); }

// The two-tier calendar the engine uses: buckets of about 2,000 events each (pending events
// spread over about Exp(1) ahead of the clock, so n per day), 2^16 of them.
void BM_EventQueueHoldBucketed(benchmark::State& state) {
  hold(state, EventQueue(2'048.0 / static_cast<double>(state.range(0)), std::size_t{1} << 16));
}

BENCHMARK(BM_EventQueueHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_EventQueueHoldBucketed)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

}  // namespace

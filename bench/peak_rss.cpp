// Peak memory of one replication of the tandem benchmark network (tandem_network.hpp) as the
// horizon grows from 1 year to 20 years, at two sizes: the benchmark network (8 arrivals a day,
// 10 servers a stage, about 40 cases in the system) and the same scaled up 100 times (800 a day,
// 1,000 servers a stage, about 4,000 cases in the system). Each run is a forked child, so each
// peak (getrusage's ru_maxrss, via wait4) is that of a fresh process. The engine keeps running
// sums only, so the peak should depend on the work in progress, not on the horizon.
//
//   peak_rss                      the table for horizons 365 and 7300 days, scales 1 and 100
//   peak_rss SCALE HORIZON_DAYS   one run

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "bench/child_peak_rss.hpp"
#include "bench/tandem_network.hpp"
#include "sim/replications.hpp"

namespace sim = courtflow::sim;

namespace {

// Runs one replication in a child process; returns (events, max RSS in KiB), or (0, -1).
std::pair<unsigned long long, long> measure(int scale, double horizon) {
  const auto run = courtflow::bench::run_in_child<1>([scale, horizon] {
    const sim::Network net = courtflow::bench::tandem_network(5, 10 * scale, 8.0 * scale, 1.0);
    sim::RunConfig config;
    config.horizon = horizon;
    const sim::ReplicationResult result = sim::run_replication(net, config, 42, 0);
    return std::array<std::uint64_t, 1>{result.events};
  });
  if (!run) return {0, -1};
  return {run->values[0], run->max_rss_kib};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::pair<int, double>> runs;
  if (argc == 3) {
    runs.emplace_back(std::atoi(argv[1]), std::atof(argv[2]));
  } else {
    runs = {{1, 365}, {1, 7'300}, {100, 365}, {100, 7'300}};
  }
  std::printf("%6s %14s %14s %14s\n", "scale", "horizon_days", "events", "max_rss_kib");
  for (const auto& [scale, horizon] : runs) {
    const auto [events, rss] = measure(scale, horizon);
    if (rss < 0) {
      std::fprintf(stderr, "peak_rss: run at scale %d, horizon %g failed\n", scale, horizon);
      return 1;
    }
    std::printf("%6d %14.0f %14llu %14ld\n", scale, horizon, events, rss);
  }
  return 0;
}

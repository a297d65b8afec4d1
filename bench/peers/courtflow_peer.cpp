// courtflow's side of the peer comparison (run_peers.sh): the same networks as simpy_tandem.py,
// timed the same way, printing a line in the same shape.
//
//   courtflow_peer NETWORK [--horizon DAYS] [--repeats N]
//     tandem  bench/tandem_network.hpp: 5 stages x 10 servers, exponential service of mean 1
//             day, Poisson arrivals of 8 a day
//     mmc     one stage of the same: an M/M/10 queue
//
// Events are sim::ReplicationResult::events (arrivals into the system plus service
// completions). A sample runs replications 0, 1, 2, ... of the horizon until it has used at
// least 0.2 CPU-seconds (one replication of a short horizon is too quick to time), and its rate
// is events over the process CPU time (CLOCK_PROCESS_CPUTIME_ID) of the loop; the best of N
// samples is reported, as simpy_tandem.py reports its best run. `events` on the final line is
// replication 0's count, for comparison with SimPy's count over the same horizon.

#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/tandem_network.hpp"
#include "sim/replications.hpp"

namespace sim = courtflow::sim;

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

int usage() {
  std::fprintf(stderr, "usage: courtflow_peer tandem|mmc [--horizon DAYS] [--repeats N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string network = argv[1];
  if (network != "tandem" && network != "mmc") return usage();
  double horizon = 3'650;
  int repeats = 5;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--horizon") {
      horizon = std::atof(argv[i + 1]);
    } else if (flag == "--repeats") {
      repeats = std::atoi(argv[i + 1]);
    } else {
      return usage();
    }
  }
  if (argc % 2 != 0 || !(horizon > 0) || repeats < 1) return usage();

  const sim::Network net = courtflow::bench::tandem_network(network == "tandem" ? 5 : 1, 10, 8.0, 1.0);
  sim::RunConfig config;
  config.horizon = horizon;
  const std::uint64_t first_events = sim::run_replication(net, config, 42, 0).events;

  double best_rate = 0;
  double best_cpu = 0;
  std::uint64_t best_events = 0;
  for (int r = 0; r < repeats; ++r) {
    std::uint64_t events = 0;
    int replication = 0;
    const double start = cpu_seconds();
    double used = 0;
    do {
      events += sim::run_replication(net, config, 42, replication++).events;
      used = cpu_seconds() - start;
    } while (used < 0.2);
    const double rate = static_cast<double>(events) / used;
    std::fprintf(stderr, "courtflow %s sample %d: %d replications, events=%llu cpu_s=%.3f events_per_cpu_s=%.0f\n",
                 network.c_str(), r, replication, static_cast<unsigned long long>(events), used, rate);
    if (rate > best_rate) {
      best_rate = rate;
      best_cpu = used;
      best_events = events;
    }
  }
  std::printf("courtflow %s horizon_days=%g events=%llu best_cpu_s=%.4f events_per_cpu_s=%.0f\n", network.c_str(),
              horizon, static_cast<unsigned long long>(first_events), best_cpu * static_cast<double>(first_events) /
                                                                          static_cast<double>(best_events),
              best_rate);
  return 0;
}

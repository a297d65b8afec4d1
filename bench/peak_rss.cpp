// Peak memory of one replication of the tandem benchmark network (tandem_network.hpp), for
// horizons of 1 and 20 years (and a 1-day baseline). Each horizon runs in a forked child, so
// each peak (getrusage's ru_maxrss via wait4) is measured from a fresh process. The engine keeps
// running sums only, so the peak should not grow with the horizon.
//
//   peak_rss [HORIZON_DAYS...]      default: 1 365 7300

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bench/tandem_network.hpp"
#include "sim/replications.hpp"

namespace sim = courtflow::sim;

int main(int argc, char** argv) {
  std::vector<double> horizons;
  for (int i = 1; i < argc; ++i) horizons.push_back(std::atof(argv[i]));
  if (horizons.empty()) horizons = {1, 365, 7'300};
  std::printf("%14s %14s %14s\n", "horizon_days", "events", "max_rss_kib");
  for (double horizon : horizons) {
    int pipe_fd[2];
    if (pipe(pipe_fd) != 0) return 1;
    const pid_t pid = fork();
    if (pid < 0) return 1;
    if (pid == 0) {
      close(pipe_fd[0]);
      const sim::Network net = courtflow::bench::tandem_network();
      sim::RunConfig config;
      config.horizon = horizon;
      const sim::ReplicationResult result = sim::run_replication(net, config, 42, 0);
      const unsigned long long events = result.events;
      if (write(pipe_fd[1], &events, sizeof events) != static_cast<ssize_t>(sizeof events)) _exit(1);
      _exit(0);
    }
    close(pipe_fd[1]);
    unsigned long long events = 0;
    if (read(pipe_fd[0], &events, sizeof events) != static_cast<ssize_t>(sizeof events)) events = 0;
    close(pipe_fd[0]);
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "peak_rss: child for horizon %g failed\n", horizon);
      return 1;
    }
    std::printf("%14.0f %14llu %14ld\n", horizon, events, usage.ru_maxrss);
  }
  return 0;
}

// Bytes of memory per case in flight: the peak resident set of one replication against the
// number of cases in the system, at 10 thousand to 2 million cases, in two shapes:
//   in_service  a pure-delay stage (infinite servers) with a fixed service of 100 days and
//               Poisson arrivals of N/100 a day, run for 99 days: about N cases, each in
//               service with its completion pending in the event calendar
//   waiting     one server, a fixed service longer than the run, N cases of initial work
//               waiting at time zero (age drawn, so each carries its own start time): N cases
//               in a queue, one pending event
// Each run is a fresh forked process (child_peak_rss.hpp). Bytes per case is the slope
// between the smallest and the largest run, (RSS_max - RSS_min) / (cases_max - cases_min),
// so the fixed cost of the process (code, libraries, the calendar's empty buckets) cancels;
// it includes the slack of growing vectors, because that is memory a real run pays for.
//
//   case_memory            the table
//   case_memory SHAPE N    one run (SHAPE in_service or waiting)

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/child_peak_rss.hpp"
#include "sim/replications.hpp"

namespace sim = courtflow::sim;

namespace {

constexpr double kDelayDays = 100;

sim::Network one_stage(bool infinite, double service_days) {
  sim::Network net;
  net.case_types = {{"default", 0}};
  sim::StageSpec stage;
  stage.name = "stage0";
  stage.infinite = infinite;
  stage.capacity = {{0, 1}};
  stage.service = sim::Distribution::fixed(service_days);
  net.stages.push_back(stage);
  return net;
}

// (cases in the system at the horizon, events) for `cases` cases in flight of the given shape.
std::array<std::uint64_t, 2> run_shape(bool in_service, std::int64_t cases) {
  sim::RunConfig config;
  sim::Network net;
  if (in_service) {
    net = one_stage(true, kDelayDays);
    sim::ArrivalSpec arrivals;
    arrivals.stage = 0;
    arrivals.schedule = {{0, static_cast<double>(cases) / kDelayDays}};
    net.arrivals.push_back(arrivals);
    config.horizon = kDelayDays - 1;  // before the first completion: nothing has left yet
  } else {
    net = one_stage(false, 1e6);
    sim::InitialWipSpec wip;
    wip.stage = 0;
    wip.count = cases;
    wip.age = sim::Distribution::exponential(100);
    net.initial_wip.push_back(wip);
    config.horizon = 1;
  }
  config.period_ends = {config.horizon};
  const sim::ReplicationResult result = sim::run_replication(net, config, 42, 0);
  return {result.system.wip_end, result.events};
}

struct Row {
  std::string shape;
  std::int64_t target = 0;
  std::uint64_t cases = 0;
  std::uint64_t events = 0;
  long rss_kib = 0;
};

bool measure(const std::string& shape, std::int64_t cases, Row& row) {
  const bool in_service = shape == "in_service";
  const auto run = courtflow::bench::run_in_child<2>([in_service, cases] { return run_shape(in_service, cases); });
  if (!run) return false;
  row = Row{shape, cases, run->values[0], run->values[1], run->max_rss_kib};
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> shapes{"in_service", "waiting"};
  std::vector<std::int64_t> sizes{10'000, 100'000, 1'000'000, 2'000'000};
  if (argc == 3) {
    shapes = {argv[1]};
    sizes = {std::atoll(argv[2])};
    if (shapes[0] != "in_service" && shapes[0] != "waiting") {
      std::fprintf(stderr, "case_memory: SHAPE must be in_service or waiting (got %s)\n", argv[1]);
      return 2;
    }
  } else if (argc != 1) {
    std::fprintf(stderr, "usage: case_memory [in_service|waiting N]\n");
    return 2;
  }
  std::printf("%-11s %14s %12s %14s %16s\n", "shape", "cases", "events", "max_rss_kib", "bytes_per_case");
  for (const std::string& shape : shapes) {
    std::vector<Row> rows;
    for (const std::int64_t n : sizes) {
      Row row;
      if (!measure(shape, n, row)) {
        std::fprintf(stderr, "case_memory: run %s with %lld cases failed\n", shape.c_str(), static_cast<long long>(n));
        return 1;
      }
      rows.push_back(row);
      // Per row: the whole process's peak over its cases (fixed costs included).
      std::printf("%-11s %14llu %12llu %14ld %16.1f\n", shape.c_str(), static_cast<unsigned long long>(row.cases),
                  static_cast<unsigned long long>(row.events), row.rss_kib,
                  1024.0 * static_cast<double>(row.rss_kib) / static_cast<double>(row.cases));
    }
    if (rows.size() >= 2 && rows.back().cases > rows.front().cases) {
      const double slope = 1024.0 * static_cast<double>(rows.back().rss_kib - rows.front().rss_kib) /
                           static_cast<double>(rows.back().cases - rows.front().cases);
      std::printf("%-11s bytes per case in flight (slope %llu -> %llu cases): %.1f\n", shape.c_str(),
                  static_cast<unsigned long long>(rows.front().cases),
                  static_cast<unsigned long long>(rows.back().cases), slope);
    }
  }
  return 0;
}

// The same seed gives identical replication results whatever the thread count: every field of
// every ReplicationResult, bit for bit, with 1 and 2 threads (and with a progress callback).

#include <gtest/gtest.h>

#include <atomic>

#include "sim/replications.hpp"
#include "tests/sim/random_network.hpp"
#include "tests/sim/result_compare.hpp"

namespace courtflow::sim::testing {
namespace {

ReplicationSet run_with(const RandomCase& rc, int threads, int replications, bool progress = false) {
  ReplicationOptions options;
  options.replications = replications;
  options.seed = 2024;
  options.threads = threads;
  std::atomic<int> calls{0};
  if (progress) options.on_progress = [&calls](int, int) { ++calls; };
  ReplicationSet set = run_replications(rc.network, rc.config, options);
  if (progress) {
    EXPECT_EQ(calls.load(), replications);
  }
  return set;
}

void expect_identical(const ReplicationSet& a, const ReplicationSet& b) {
  ASSERT_EQ(a.replications.size(), b.replications.size());
  EXPECT_EQ(a.total_events, b.total_events);
  for (std::size_t r = 0; r < a.replications.size(); ++r) {
    EXPECT_EQ(first_difference(a.replications[r], b.replications[r]), "") << "replication " << r;
    EXPECT_EQ(a.replications[r].replication, static_cast<int>(r));
  }
}

class ThreadCount : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(ThreadCount, OneAndTwoThreadsGiveIdenticalResults) {
  RandomCase rc = random_network(GetParam());
  rc.config.warmup = rc.config.horizon / 4;
  std::erase_if(rc.config.period_ends, [&](double t) { return t <= rc.config.warmup; });
  const ReplicationSet one = run_with(rc, 1, 12);
  const ReplicationSet two = run_with(rc, 2, 12, true);
  expect_identical(one, two);
  std::uint64_t total = 0;
  for (const ReplicationResult& r : one.replications) total += r.events;
  EXPECT_EQ(one.total_events, total);
}

TEST_P(ThreadCount, ParallelReplicationEqualsSerialRunReplication) {
  const RandomCase rc = random_network(GetParam());
  const ReplicationSet two = run_with(rc, 2, 6);
  for (int r = 0; r < 6; ++r) {
    const ReplicationResult alone = run_replication(rc.network, rc.config, 2024, r);
    EXPECT_EQ(first_difference(alone, two.replications[static_cast<std::size_t>(r)]), "") << "replication " << r;
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ThreadCount, ::testing::Range<std::uint64_t>(1, 11));

}  // namespace
}  // namespace courtflow::sim::testing

// The event calendar: earliest time first, then kind (completion < capacity change < renege <
// arrival), then the order of scheduling; a long random mix of pushes and pops equals a sorted
// reference.

#include "sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <tuple>
#include <vector>

namespace courtflow::sim {
namespace {

TEST(EventQueue, PopsByTimeThenKindThenInsertionOrder) {
  EventQueue q;
  q.push(2.0, EventKind::arrival, 1);
  q.push(1.0, EventKind::arrival, 2);
  q.push(1.0, EventKind::renege, 3);
  q.push(1.0, EventKind::completion, 4);
  q.push(1.0, EventKind::capacity_change, 5);
  q.push(1.0, EventKind::completion, 6);
  q.push(0.5, EventKind::arrival, 7);
  q.push(1.0, EventKind::arrival, 8);
  ASSERT_EQ(q.size(), 8u);
  std::vector<std::uint32_t> order;
  std::vector<EventKind> kinds;
  while (!q.empty()) {
    const Event e = q.pop();
    order.push_back(e.subject());
    kinds.push_back(e.kind());
  }
  EXPECT_EQ(order, (std::vector<std::uint32_t>{7, 4, 6, 5, 3, 2, 8, 1}));
  EXPECT_EQ(kinds, (std::vector<EventKind>{EventKind::arrival, EventKind::completion, EventKind::completion,
                                           EventKind::capacity_change, EventKind::renege, EventKind::arrival,
                                           EventKind::arrival, EventKind::arrival}));
}

TEST(EventQueue, TopIsTheNextPop) {
  EventQueue q;
  EXPECT_TRUE(q.empty());
  q.push(3.0, EventKind::arrival, 1);
  q.push(2.0, EventKind::arrival, 2);
  EXPECT_EQ(q.top().subject(), 2u);
  EXPECT_EQ(q.top().time, 2.0);
  EXPECT_EQ(q.pop().subject(), 2u);
  EXPECT_EQ(q.top().subject(), 1u);
  EXPECT_EQ(q.size(), 1u);
}

TEST(EventQueue, SubjectAndKindRoundTripAtTheLimits) {
  EventQueue q;
  const auto max_subject = static_cast<std::uint32_t>(Event::kMaxSubject);
  q.push(1.0, EventKind::arrival, max_subject);
  q.push(1.0, EventKind::completion, 0);
  const Event first = q.pop();
  EXPECT_EQ(first.kind(), EventKind::completion);
  EXPECT_EQ(first.subject(), 0u);
  const Event second = q.pop();
  EXPECT_EQ(second.kind(), EventKind::arrival);
  EXPECT_EQ(second.subject(), max_subject);
}

TEST(EventQueue, ClearEmptiesAndRestartsSequence) {
  EventQueue q;
  for (std::uint32_t i = 0; i < 100; ++i) q.push(1.0, EventKind::arrival, i);
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  q.push(1.0, EventKind::arrival, 5);
  q.push(1.0, EventKind::arrival, 6);
  EXPECT_EQ(q.pop().subject(), 5u);
  EXPECT_EQ(q.pop().subject(), 6u);
}

// Reference: (time, kind, sequence) sorted with std::sort; subject carries the sequence.
using Key = std::tuple<double, int, std::uint32_t>;

TEST(EventQueue, RandomPushesAndPopsMatchSortedReference) {
  std::mt19937_64 gen(12345);
  // Few distinct times, so that ties on time (and on kind) are common.
  std::uniform_int_distribution<int> time_slot(0, 200);
  std::uniform_int_distribution<int> kind(0, 3);
  std::uniform_int_distribution<int> action(0, 9);
  EventQueue q;
  std::vector<Key> reference;  // kept as a max-first sorted vector: back() is the minimum
  std::uint32_t seq = 0;
  double now = 0;
  std::size_t pops = 0;
  for (int step = 0; step < 200'000; ++step) {
    const bool push = reference.empty() || action(gen) < 5;
    if (push) {
      // Events are never scheduled in the past, as in the engine.
      const double t = now + time_slot(gen) * 0.25;
      const int k = kind(gen);
      q.push(t, static_cast<EventKind>(k), seq);
      const Key key{t, k, seq};
      reference.insert(std::upper_bound(reference.begin(), reference.end(), key, std::greater<>()), key);
      ++seq;
    } else {
      const Event e = q.pop();
      const Key expected = reference.back();
      reference.pop_back();
      ASSERT_EQ(e.time, std::get<0>(expected)) << "pop " << pops;
      ASSERT_EQ(static_cast<int>(e.kind()), std::get<1>(expected)) << "pop " << pops;
      ASSERT_EQ(e.subject(), std::get<2>(expected)) << "pop " << pops;
      now = e.time;
      ++pops;
    }
    ASSERT_EQ(q.size(), reference.size());
  }
  EXPECT_GT(pops, 90'000u);
}

TEST(EventQueue, BulkLoadThenDrainEqualsStdSort) {
  std::mt19937_64 gen(99);
  std::uniform_real_distribution<double> time(0.0, 1000.0);
  std::uniform_int_distribution<int> kind(0, 3);
  EventQueue q;
  std::vector<Key> keys;
  for (std::uint32_t i = 0; i < 100'000; ++i) {
    // Round to a grid to force ties.
    const double t = std::floor(time(gen) * 4) / 4;
    const int k = kind(gen);
    q.push(t, static_cast<EventKind>(k), i);
    keys.emplace_back(t, k, i);
  }
  std::sort(keys.begin(), keys.end());
  for (const Key& key : keys) {
    const Event e = q.pop();
    ASSERT_EQ(e.time, std::get<0>(key));
    ASSERT_EQ(static_cast<int>(e.kind()), std::get<1>(key));
    ASSERT_EQ(e.subject(), std::get<2>(key));
  }
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace courtflow::sim

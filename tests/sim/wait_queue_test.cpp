// The queue in front of a stage: FIFO per lane (a ring that grows), lanes served in order,
// stale entries skipped.

#include "sim/wait_queue.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <random>

namespace courtflow::sim {
namespace {

TEST(WaitQueue, KeepsFifoOrderThroughGrowthAndWrapAround) {
  // Pushes and pops interleaved at random, the queue growing past several sizes of its ring
  // while its head is part-way round: every pop is the oldest entry, as in a std::deque.
  std::mt19937_64 gen(4);
  std::uniform_int_distribution<int> action(0, 9);
  WaitQueue queue;
  std::deque<QueueEntry> reference;
  std::uint32_t next = 0;
  auto always = [](const QueueEntry&) { return true; };
  for (int step = 0; step < 200'000; ++step) {
    // More pushes than pops in the first half, more pops in the second.
    const bool push = reference.empty() || action(gen) < (step < 100'000 ? 6 : 4);
    if (push) {
      const QueueEntry entry{next, next * 7 + 1};
      ++next;
      queue.push(entry);
      reference.push_back(entry);
    } else {
      QueueEntry got;
      ASSERT_TRUE(queue.pop(got, always));
      ASSERT_EQ(got.slot, reference.front().slot) << "step " << step;
      ASSERT_EQ(got.visit, reference.front().visit) << "step " << step;
      reference.pop_front();
    }
  }
  while (!reference.empty()) {
    QueueEntry got;
    ASSERT_TRUE(queue.pop(got, always));
    ASSERT_EQ(got.slot, reference.front().slot);
    reference.pop_front();
  }
  QueueEntry got;
  EXPECT_FALSE(queue.pop(got, always));
}

TEST(WaitQueue, ServesLanesInOrderAndSkipsStaleEntries) {
  WaitQueue queue(3);
  queue.push({10, 1}, 2);
  queue.push({11, 1}, 0);
  queue.push({12, 5}, 1);
  queue.push({13, 1}, 0);
  // Slot 11's entry is stale (its visit moved on): skipped and dropped.
  auto live = [](const QueueEntry& e) { return e.slot != 11; };
  QueueEntry got;
  ASSERT_TRUE(queue.pop(got, live));
  EXPECT_EQ(got.slot, 13u);
  ASSERT_TRUE(queue.pop(got, live));
  EXPECT_EQ(got.slot, 12u);
  EXPECT_EQ(got.visit, 5u);
  ASSERT_TRUE(queue.pop(got, live));
  EXPECT_EQ(got.slot, 10u);
  EXPECT_FALSE(queue.pop(got, live));
}

}  // namespace
}  // namespace courtflow::sim

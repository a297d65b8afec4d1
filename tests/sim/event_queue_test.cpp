// The event calendar: earliest time first, then kind (completion < capacity change < renege <
// arrival), then the order of scheduling; a long random mix of pushes and pops equals a sorted
// reference, for the pure heap and for bucketed calendars of several shapes.

#include "sim/event_queue.hpp"
#include "sim/huge_page_allocator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
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

TEST(EventQueue, TakeLeavesTheRootForTheNextPush) {
  EventQueue q;
  for (std::uint32_t i = 0; i < 10; ++i) q.push(10.0 + i, EventKind::arrival, i);
  EXPECT_EQ(q.take().subject(), 0u);
  EXPECT_EQ(q.size(), 9u);
  q.push(10.5, EventKind::arrival, 42);  // fills the vacant root, then sifts down
  EXPECT_EQ(q.size(), 10u);
  EXPECT_EQ(q.pop().subject(), 42u);
  EXPECT_EQ(q.take().subject(), 1u);
  EXPECT_EQ(q.top().subject(), 2u);  // settles the take() no push filled
  EXPECT_EQ(q.size(), 8u);
  // The last event taken with nothing pushed after it: the queue is empty.
  EventQueue one;
  one.push(1.0, EventKind::completion, 7);
  EXPECT_EQ(one.take().subject(), 7u);
  EXPECT_TRUE(one.empty());
  EXPECT_EQ(one.size(), 0u);
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

// The calendar's pop order must not depend on its configuration: a pure heap, or buckets
// narrower or wider than the spacing of the events, few or many, with events beyond the last
// bucket (which wait in it), with appends to buckets made at once or deferred.
struct Calendar {
  std::string name;
  double bucket_width;  ///< 0: pure heap
  std::size_t buckets;
  bool deferred_appends = false;
  EventQueue make() const {
    EventQueue q = bucket_width > 0 ? EventQueue(bucket_width, buckets) : EventQueue();
    q.set_deferred_appends(deferred_appends);
    return q;
  }
};

class EventQueueOrder : public ::testing::TestWithParam<Calendar> {};

TEST_P(EventQueueOrder, RandomPushesAndPopsMatchSortedReference) {
  std::mt19937_64 gen(12345);
  // Few distinct times, so that ties on time (and on kind) are common.
  std::uniform_int_distribution<int> time_slot(0, 200);
  std::uniform_int_distribution<int> kind(0, 3);
  std::uniform_int_distribution<int> action(0, 9);
  EventQueue q = GetParam().make();
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
      // take() leaves the root vacant for the next push; looking at top() or empty() first
      // would settle it, so half the removals go straight to take() without looking.
      const bool take = action(gen) < 5;
      if (!take) {
        ASSERT_FALSE(q.empty());
        EXPECT_EQ(q.top().time, std::get<0>(reference.back()));
      }
      const Event e = take ? q.take() : q.pop();
      const Key expected = reference.back();
      reference.pop_back();
      ASSERT_EQ(e.time, std::get<0>(expected)) << "pop " << pops;
      ASSERT_EQ(static_cast<int>(e.kind()), std::get<1>(expected)) << "pop " << pops;
      ASSERT_EQ(e.subject(), std::get<2>(expected)) << "pop " << pops;
      now = e.time;
      ++pops;
    }
    ASSERT_EQ(q.size(), reference.size());
    if (push) {
      ASSERT_EQ(q.empty(), reference.empty());
    }
  }
  EXPECT_GT(pops, 90'000u);
  EXPECT_GT(now, 100.0);  // the clock crossed many buckets
}

TEST_P(EventQueueOrder, BulkLoadThenDrainEqualsStdSort) {
  std::mt19937_64 gen(99);
  std::uniform_real_distribution<double> time(0.0, 1000.0);
  std::uniform_int_distribution<int> kind(0, 3);
  EventQueue q = GetParam().make();
  std::vector<Key> keys;
  for (std::uint32_t i = 0; i < 100'000; ++i) {
    // Round to a grid to force ties.
    const double t = std::floor(time(gen) * 4) / 4;
    const int k = kind(gen);
    q.push(t, static_cast<EventKind>(k), i);
    keys.emplace_back(t, k, i);
  }
  ASSERT_EQ(q.size(), keys.size());
  std::sort(keys.begin(), keys.end());
  for (const Key& key : keys) {
    const Event e = q.pop();
    ASSERT_EQ(e.time, std::get<0>(key));
    ASSERT_EQ(static_cast<int>(e.kind()), std::get<1>(key));
    ASSERT_EQ(e.subject(), std::get<2>(key));
  }
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
}

TEST_P(EventQueueOrder, ClearEmptiesEveryTier) {
  EventQueue q = GetParam().make();
  for (std::uint32_t i = 0; i < 1000; ++i) q.push(i * 0.7, EventKind::arrival, i);
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  q.push(3.0, EventKind::arrival, 1);
  q.push(500.0, EventKind::arrival, 2);
  q.push(2.0, EventKind::arrival, 3);
  EXPECT_EQ(q.pop().subject(), 3u);
  EXPECT_EQ(q.pop().subject(), 1u);
  EXPECT_EQ(q.pop().subject(), 2u);
  EXPECT_TRUE(q.empty());
}

TEST_P(EventQueueOrder, ChunksAreReusedAcrossRefillsAndClear) {
  // Buckets are lists of pooled chunks of 64 events: a bucket's chunks go back to the pool
  // when the clock reaches it, and all of them on clear(). Three rounds of many events per
  // bucket (several chunks each), drained halfway and cleared, must each pop in exact order.
  std::mt19937_64 gen(7);
  std::uniform_real_distribution<double> time(0.0, 400.0);
  EventQueue q = GetParam().make();
  for (int round = 0; round < 3; ++round) {
    std::vector<Key> keys;
    for (std::uint32_t i = 0; i < 20'000; ++i) {
      const double t = std::floor(time(gen) * 8) / 8;
      const int k = static_cast<int>(i % 4);
      q.push(t, static_cast<EventKind>(k), i);
      keys.emplace_back(t, k, i);
    }
    std::sort(keys.begin(), keys.end());
    const std::size_t drain = round == 2 ? keys.size() : keys.size() / 2;
    for (std::size_t i = 0; i < drain; ++i) {
      const Event e = q.pop();
      ASSERT_EQ(e.time, std::get<0>(keys[i])) << "round " << round << " pop " << i;
      ASSERT_EQ(e.subject(), std::get<2>(keys[i])) << "round " << round << " pop " << i;
    }
    ASSERT_EQ(q.size(), keys.size() - drain);
    q.clear();
    ASSERT_TRUE(q.empty());
  }
}

TEST_P(EventQueueOrder, HoldModelMatchesReference) {
  // A small model's calendar: 40 events pending, each taken one replaced by one an
  // exponential time later (on a grid of 1/64 day, so that some fall at one instant), over
  // thousands of days: pushes into the bucket being read (kept in the run while it is short),
  // chunks handed on to buckets ahead, and buckets of a handful sorted by rank.
  std::mt19937_64 gen(31);
  std::exponential_distribution<double> delay(1.0);
  std::uniform_int_distribution<int> kind(0, 3);
  EventQueue q = GetParam().make();
  std::vector<Key> reference;  // max-first: back() is the minimum
  std::uint32_t seq = 0;
  auto push = [&](double t) {
    const int k = kind(gen);
    q.push(t, static_cast<EventKind>(k), seq);
    const Key key{t, k, seq++};
    reference.insert(std::upper_bound(reference.begin(), reference.end(), key, std::greater<>()), key);
  };
  for (int i = 0; i < 40; ++i) push(std::round(delay(gen) * 64) / 64);
  double now = 0;
  for (int step = 0; step < 100'000; ++step) {
    const Event e = step % 3 == 0 ? q.pop() : q.take();
    const Key expected = reference.back();
    reference.pop_back();
    ASSERT_EQ(e.time, std::get<0>(expected)) << "step " << step;
    ASSERT_EQ(e.subject(), std::get<2>(expected)) << "step " << step;
    now = e.time;
    push(now + std::round(delay(gen) * 64) / 64);
  }
  EXPECT_GT(now, 1000.0);
}

INSTANTIATE_TEST_SUITE_P(
    Calendars, EventQueueOrder,
    ::testing::Values(Calendar{"PureHeap", 0, 0}, Calendar{"NarrowBuckets", 0.1, 5000},
                      Calendar{"UnitBuckets", 1.0, 100}, Calendar{"WideBuckets", 50.0, 30},
                      Calendar{"TwoBuckets", 10.0, 2}, Calendar{"FewBucketsShortSpan", 0.25, 8},
                      Calendar{"OddWidth", 0.7318, 400}, Calendar{"NarrowBucketsDeferred", 0.1, 5000, true},
                      Calendar{"UnitBucketsDeferred", 1.0, 100, true}, Calendar{"TwoBucketsDeferred", 10.0, 2, true},
                      Calendar{"FewBucketsShortSpanDeferred", 0.25, 8, true},
                      Calendar{"OddWidthDeferred", 0.7318, 400, true},
                      Calendar{"SmallModel", 0.125, 40000}),
    [](const ::testing::TestParamInfo<Calendar>& param_info) { return param_info.param.name; });

TEST(EventQueue, SingleBucketCalendarKeepsEveryEvent) {
  // The constructor accepts one bucket ("at least one bucket"). Events at or after the bucket
  // width must still come out, in order.
  EventQueue q(10.0, 1);
  q.push(15.0, EventKind::arrival, 1);
  q.push(5.0, EventKind::arrival, 2);
  q.push(25.0, EventKind::arrival, 3);
  ASSERT_EQ(q.size(), 3u);
  std::vector<std::uint32_t> order;
  while (!q.empty()) order.push_back(q.pop().subject());
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 1, 3}));
  EXPECT_EQ(q.size(), 0u) << "events left in the calendar that pop() can no longer reach";
}

TEST(EventQueue, EventAtABucketBoundaryIsNotLost) {
  // With this width, width * 251 (the end of the heap's window once bucket 250 has been taken
  // in) divided by width rounds to 250.99999999999997, so an event due exactly at the window's
  // end is filed under bucket 250, which has already been emptied into the heap.
  const double width = 9.014373148657224;
  const double boundary = width * 251;
  ASSERT_LT(std::floor(boundary / width), 251.0) << "the rounding this test relies on";
  EventQueue q(width, 5000);
  q.push(width * 250.5, EventKind::arrival, 1);  // bucket 250: the heap is empty, so it moves in
  q.push(boundary, EventKind::arrival, 2);       // at the window's end: must not be lost
  q.push(width * 300, EventKind::arrival, 3);
  ASSERT_EQ(q.size(), 3u);
  std::vector<std::uint32_t> order;
  while (!q.empty()) order.push_back(q.pop().subject());
  EXPECT_EQ(order, (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_EQ(q.size(), 0u) << "events left in the calendar that pop() can no longer reach";
}

// sort_events (a bucket's events into calendar order) against std::sort with the calendar's
// comparison: spread times, a few instants with many events each (larger than the insertion
// sort's groups), all at one instant, negative and signed-zero times, distinct times of both
// signs with the infinities among them, and tiny sizes.
TEST(SortEvents, EqualsStdSortOnEveryShape) {
  std::mt19937_64 gen(2024);
  std::uniform_real_distribution<double> spread(100.0, 100.5);
  std::uniform_int_distribution<int> instant(0, 3);
  std::uniform_int_distribution<int> kind(0, 3);
  auto before = [](const Event& a, const Event& b) { return a.time < b.time || (a.time == b.time && a.key < b.key); };
  EventSortScratch scratch;
  std::uniform_real_distribution<double> wide(-1e6, 1e6);
  for (int shape = 0; shape < 6; ++shape) {
    // 2 to 32 are sorted by rank (with ties, by the full comparison), above that by groups.
    for (std::size_t n : {0, 1, 2, 3, 7, 8, 9, 16, 17, 24, 25, 31, 32, 33, 100, 1'000, 5'000, 20'000}) {
      std::vector<Event> events(n);
      for (std::size_t i = 0; i < n; ++i) {
        double t = 0;
        switch (shape) {
          case 0: t = spread(gen); break;
          case 1: t = 50.0 + instant(gen) * 0.125; break;
          case 2: t = 7.0; break;
          case 3: t = (instant(gen) - 1.5) * std::ldexp(1.0, -1070); break;  // subnormal, both signs
          case 4: t = i % 5 == 0 ? -0.0 : (i % 5 == 1 ? 0.0 : spread(gen) - 100.25); break;
          // Distinct times of both signs, the infinities among them (ranked, not tied).
          default: t = i == 3 ? -std::numeric_limits<double>::infinity()
                       : i == 5 ? std::numeric_limits<double>::infinity() : wide(gen); break;
        }
        // Keys in push order (increasing sequence), kinds at random, as a bucket holds them.
        events[i].time = t;
        events[i].key = (static_cast<std::uint64_t>(kind(gen)) << 62) | (static_cast<std::uint64_t>(i) << Event::kSubjectBits) | i;
      }
      std::vector<Event> expected = events;
      std::sort(expected.begin(), expected.end(), before);
      // Shapes 0 to 2 have only positive times, which a bucket's sort orders by their raw bits.
      for (EventTimes times : {EventTimes::any, EventTimes::positive}) {
        if (times == EventTimes::positive && shape > 2) continue;
        std::vector<Event> sorted = events;
        sort_events(sorted.data(), sorted.data() + sorted.size(), scratch, times);
        for (std::size_t i = 0; i < n; ++i) {
          ASSERT_EQ(sorted[i].key, expected[i].key) << "shape " << shape << " n " << n << " at " << i;
          ASSERT_EQ(std::bit_cast<std::uint64_t>(sorted[i].time), std::bit_cast<std::uint64_t>(expected[i].time));
        }
      }
    }
  }
}

TEST(EventQueue, AChunkHandedAheadStartsAFreshList) {
  // Bucket 1 holds 100 events (four chunks of 32). When the clock reaches it, its first chunk
  // is handed on to the empty bucket 64 buckets ahead and the others go back to the pool;
  // the handed chunk must not still lead to them, or bucket 65's few events would come out
  // with whatever those chunks hold by then.
  EventQueue q(1.0, 200);
  std::vector<Key> keys;
  std::uint32_t seq = 0;
  auto push = [&](double t) {
    q.push(t, EventKind::arrival, seq);
    keys.emplace_back(t, static_cast<int>(EventKind::arrival), seq++);
  };
  for (int i = 0; i < 100; ++i) push(1.0 + i * 0.005);
  std::sort(keys.begin(), keys.end());
  const Event first = q.pop();  // bucket 1 into the run; its first chunk to bucket 65
  ASSERT_EQ(first.subject(), std::get<2>(keys.front()));
  for (int i = 0; i < 10; ++i) push(65.25 + i * 0.01);  // a handful into bucket 65
  for (int i = 0; i < 40; ++i) push(2.0 + i * 0.01);    // bucket 2 takes chunks from the pool
  std::sort(keys.begin() + 1, keys.end());
  for (std::size_t i = 1; i < keys.size(); ++i) {
    ASSERT_FALSE(q.empty()) << "pop " << i;
    const Event e = q.pop();
    ASSERT_EQ(e.time, std::get<0>(keys[i])) << "pop " << i;
    ASSERT_EQ(e.subject(), std::get<2>(keys[i])) << "pop " << i;
  }
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, ThePoolStopsGrowingInASteadyState) {
  // Hundreds of events a bucket near the clock (several chunks each) in a steady state: a
  // hold model of 2,000 events, due on average 10 buckets ahead, so that the bucket 64 ahead,
  // to which a bucket's first chunk is handed on, is usually still empty. Once the clock has
  // passed the first buckets, every chunk a push needs comes back from one the clock has
  // passed: the pool must not grow any further (a bucket's chunks after its first, left out
  // when the first was handed on, did).
  std::mt19937_64 gen(8);
  std::exponential_distribution<double> delay(2.0);  // mean half a day: 10 buckets ahead
  EventQueue q(0.05, 4000);
  for (std::uint32_t i = 0; i < 2000; ++i) q.push(delay(gen), EventKind::completion, i);
  std::size_t chunks_at_day_50 = 0;
  double now = 0;
  while (now < 190) {
    const Event e = q.take();
    now = e.time;
    q.push(now + delay(gen), EventKind::completion, e.subject());
    if (chunks_at_day_50 == 0 && now > 50) chunks_at_day_50 = q.chunks();
  }
  ASSERT_GT(chunks_at_day_50, 0u);
  EXPECT_LE(q.chunks(), chunks_at_day_50 + chunks_at_day_50 / 10)
      << "chunks at day 50: " << chunks_at_day_50 << ", at day 190: " << q.chunks();
}

TEST(EventQueue, BucketedCalendarRejectsBadConfiguration) {
  EXPECT_THROW(EventQueue(0.0, 10), std::invalid_argument);
  EXPECT_THROW(EventQueue(-1.0, 10), std::invalid_argument);
  EXPECT_THROW(EventQueue(1.0, 0), std::invalid_argument);
  EXPECT_THROW(EventQueue(std::numeric_limits<double>::infinity(), 10), std::invalid_argument);
}

TEST(HugePageAllocator, BigAndSmallVectorsKeepTheirContents) {
  // Below 4 MiB the allocator is operator new; above it, an anonymous mapping with huge-page
  // advice. A vector growing through both (and copied between them) keeps every element.
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> v;
  for (std::uint64_t i = 0; i < 3'000'000; ++i) v.push_back(i * 2654435761U);
  ASSERT_GE(v.capacity() * sizeof(std::uint64_t), std::size_t{4} << 20);
  for (std::uint64_t i = 0; i < v.size(); ++i) ASSERT_EQ(v[i], i * 2654435761U);
  v.resize(10);
  v.shrink_to_fit();
  EXPECT_EQ(v.back(), std::uint64_t{9} * 2654435761U);
}

}  // namespace
}  // namespace courtflow::sim

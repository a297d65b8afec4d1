// The two-tier calendar. The heap is 4-ary with hole-shifting (one move per level instead of
// a swap); its index arithmetic is offset so that the root is at kRoot = 3: node i's children
// are 4i-8 .. 4i-5, and with a 64-byte-aligned buffer each group of four 16-byte siblings is
// one cache line. Buckets are lists of pooled chunks, sorted into the run (sort_events) when
// the clock reaches them.

#include "sim/event_queue.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "sim/ordered_bits.hpp"

namespace courtflow::sim {

EventQueue::EventQueue() { heap_.resize(kRoot); }

EventQueue::EventQueue(SimTime bucket_width, std::size_t buckets) : EventQueue() {
  if (!(bucket_width > 0) || !std::isfinite(bucket_width) || buckets == 0) {
    throw std::invalid_argument("event calendar: bucket width must be > 0 with at least one bucket");
  }
  inverse_width_ = 1.0 / bucket_width;
  last_bucket_ = static_cast<double>(buckets - 1);
  buckets_.resize(buckets);
}

void EventQueue::clear() {
  vacant_root_ = false;
  heap_.resize(kRoot);
  run_pos_ = 0;
  run_end_ = 0;
  next_seq_ = 0;
  for (auto& bucket : buckets_) bucket = Bucket{};
  // Every chunk is free again; keeping them saves growing the pool in the next run.
  free_chunks_.clear();
  for (std::size_t c = chunk_next_.size(); c-- > 0;) free_chunks_.push_back(static_cast<std::uint32_t>(c));
  in_buckets_ = 0;
  deferred_begin_ = 0;
  deferred_end_ = 0;
  // Bucket 0 is never filled: events in it go straight to the heap.
  next_bucket_ = 1;
}

void EventQueue::push(SimTime time, EventKind kind, std::uint32_t subject) {
  if (next_seq_ > Event::kMaxSequence) throw std::length_error("event calendar: sequence numbers exhausted");
  Event ev;
  ev.time = time;
  ev.key = (static_cast<std::uint64_t>(kind) << 62) | (next_seq_++ << Event::kSubjectBits) |
           (static_cast<std::uint64_t>(subject) & Event::kMaxSubject);
  // Why this keeps the pop order exact: bucket_of never decreases as time increases, so an
  // event in a bucket not yet reached (bucket_of >= next_bucket_) is strictly later than every
  // event in the heap or the run (bucket_of < next_bucket_). Deciding by the bucket index
  // rather than by comparing with width * next_bucket_ leaves no rounding at the boundary.
  const std::size_t b = bucket_of(time);
  if (b < next_bucket_) {
    if (run_end_ - run_pos_ < kRunInsertMax) {
      run_insert(ev);
      return;
    }
    if (vacant_root_) {
      // Replace the taken root: every other event is already in heap order below it.
      vacant_root_ = false;
      sift_down(kRoot, ev);
    } else {
      heap_push(ev);
    }
    return;
  }
  if (defer_appends_) {
    defer_append(b, ev);
  } else {
    bucket_append(buckets_[b], ev.time, ev.key);
  }
  ++in_buckets_;
  // The bucket is brought in later if need be, by settle() (top, empty, take or pop).
}

void EventQueue::defer_append(std::size_t bucket, const Event& ev) {
  if (deferred_end_ - deferred_begin_ == kDeferred) {
    const Deferred& oldest = deferred_[deferred_begin_++ % kDeferred];
    bucket_append(buckets_[oldest.bucket], oldest.event.time, oldest.event.key);
  }
  deferred_[deferred_end_++ % kDeferred] = {ev, bucket};
  __builtin_prefetch(&buckets_[bucket]);
  // Half way along, the header has arrived: fetch the slot the event will be written to.
  if (deferred_end_ - deferred_begin_ > kDeferred / 2) {
    const Bucket& half = buckets_[deferred_[(deferred_end_ - 1 - kDeferred / 2) % kDeferred].bucket];
    if (half.tail != kNoChunk && half.tail_fill < kChunkEvents) {
      __builtin_prefetch(chunk_events_.data() + static_cast<std::size_t>(half.tail) * kChunkEvents + half.tail_fill, 1);
    }
  }
}

void EventQueue::append_deferred() {
  for (; deferred_begin_ != deferred_end_; ++deferred_begin_) {
    const Deferred& d = deferred_[deferred_begin_ % kDeferred];
    bucket_append(buckets_[d.bucket], d.event.time, d.event.key);
  }
}

void EventQueue::reserve_bucket_events(std::size_t n) {
  // Full chunks, and a partly filled tail in each bucket the events can reach (at most n: with
  // buckets_.size() instead, a model with little or no initial work reserved 4 MiB and touched
  // a 2 MiB huge page of it in every replication).
  const std::size_t chunks = std::bit_ceil(n / kChunkEvents + std::min(n, buckets_.size()));
  chunk_next_.reserve(chunks);
  chunk_events_.reserve(chunks * kChunkEvents);
}

std::uint32_t EventQueue::new_chunk() {
  if (!free_chunks_.empty()) {
    const std::uint32_t c = free_chunks_.back();
    free_chunks_.pop_back();
    return c;
  }
  const auto c = static_cast<std::uint32_t>(chunk_next_.size());
  if (c == kNoChunk) throw std::length_error("event calendar: too many pending events");
  chunk_next_.push_back(kNoChunk);
  chunk_events_.resize(chunk_events_.size() + kChunkEvents);
  return c;
}

void EventQueue::bucket_append(Bucket& bucket, SimTime time, std::uint64_t key) {
  if (bucket.tail == kNoChunk || bucket.tail_fill == kChunkEvents) {
    const std::uint32_t c = new_chunk();
    chunk_next_[c] = kNoChunk;
    if (bucket.tail == kNoChunk) {
      bucket.head = c;
    } else {
      chunk_next_[bucket.tail] = c;
    }
    bucket.tail = c;
    bucket.tail_fill = 0;
  }
  // Field by field from registers: an Event built on the stack and copied whole is stored in
  // two halves and loaded as one, which the store buffer cannot forward.
  Event& slot = chunk_events_[static_cast<std::size_t>(bucket.tail) * kChunkEvents + bucket.tail_fill++];
  slot.time = time;
  slot.key = key;
}

void EventQueue::run_insert(const Event& ev) {
  if (run_end_ == run_.size()) {
    if (run_pos_ > 0) {
      // Room at the back from the events already read: what is left moves to the front.
      std::copy(run_.data() + run_pos_, run_.data() + run_end_, run_.data());
      run_end_ -= run_pos_;
      run_pos_ = 0;
    } else {
      run_.resize(std::max<std::size_t>(2 * run_.size(), 2 * kRunInsertMax));
    }
  }
  // From the back: a new event is usually among the last of what is left.
  std::size_t j = run_end_++;
  while (j > run_pos_ && before(ev, run_[j - 1])) {
    run_[j] = run_[j - 1];
    --j;
  }
  run_[j] = ev;
}

void EventQueue::heap_push(const Event& ev) {
  heap_.push_back(ev);
  std::size_t hole = heap_.size() - 1;
  while (hole > kRoot) {
    const std::size_t up = parent(hole);
    if (!before(ev, heap_[up])) break;
    heap_[hole] = heap_[up];
    hole = up;
  }
  heap_[hole] = ev;
}

void EventQueue::sift_down(std::size_t hole, const Event& ev) {
  const std::size_t n = heap_.size();
  for (;;) {
    const std::size_t first = first_child(hole);
    if (first >= n) break;
    std::size_t best = first;
    if (first + 4 <= n) {
      // All four children: the earliest of each pair, then of the two, counted rather than
      // branched on (which child is earliest is a coin toss to the branch predictor). Keys are
      // unique, so there is one earliest.
      const std::size_t a = first + static_cast<std::size_t>(earlier(heap_[first + 1], heap_[first]));
      const std::size_t b = first + 2 + static_cast<std::size_t>(earlier(heap_[first + 3], heap_[first + 2]));
      best = earlier(heap_[b], heap_[a]) ? b : a;
    } else {
      for (std::size_t c = first + 1; c < n; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
    }
    if (!before(heap_[best], ev)) break;
    heap_[hole] = heap_[best];
    hole = best;
  }
  heap_[hole] = ev;
}

Event EventQueue::pop() {
  settle();
  if (run_pos_ < run_end_ && (heap_.size() == kRoot || before(run_[run_pos_], heap_[kRoot]))) {
    return run_[run_pos_++];
  }
  const Event result = heap_[kRoot];
  remove_root();
  return result;
}

void EventQueue::remove_root() {
  const Event last = heap_.back();
  heap_.pop_back();
  if (heap_.size() > kRoot) sift_down(kRoot, last);
}

void EventQueue::hand_on(std::size_t b, std::uint32_t chunk) {
  const std::size_t ahead = b + kChunkLookahead;
  if (ahead < buckets_.size() && buckets_[ahead].head == kNoChunk) {
    chunk_next_[chunk] = kNoChunk;
    buckets_[ahead] = Bucket{chunk, chunk, 0};
  } else {
    free_chunks_.push_back(chunk);
  }
}

void EventQueue::refill() {
  // Every event still in a bucket is later than any taken so far, so once the heap and the
  // run are used up the next non-empty bucket holds the earliest events.
  run_pos_ = 0;
  run_end_ = 0;
  append_deferred();
  while (in_buckets_ > 0 && next_bucket_ < buckets_.size()) {
    const std::size_t b = next_bucket_++;
    Bucket& bucket = buckets_[b];
    if (bucket.head == kNoChunk) continue;
    if (bucket.head == bucket.tail && bucket.tail_fill == 0) {  // only a chunk handed on to it, unused
      hand_on(b, bucket.head);
      bucket = Bucket{};
      continue;
    }
    // The bucket's chunks in order (their events in push order) are sorted straight into the
    // run, then go back to the pool.
    spans_.clear();
    std::size_t n = 0;
    for (std::uint32_t c = bucket.head; c != kNoChunk; c = chunk_next_[c]) {
      const std::uint32_t fill = c == bucket.tail ? bucket.tail_fill : kChunkEvents;
      spans_.push_back({&chunk_events_[static_cast<std::size_t>(c) * kChunkEvents], fill});
      n += fill;
    }
    if (run_.size() < n) run_.resize(std::max(n, 2 * run_.size()));
    // Every event here is at or after this bucket's start, one bucket width or more.
    sort_events_into(spans_.data(), spans_.size(), n, run_.data(), sort_scratch_, EventTimes::positive);
    run_end_ = n;
    in_buckets_ -= n;
    // The chunks after the first back to the pool, and only then the first handed on (which
    // cuts it from the rest of the list).
    for (std::uint32_t c = chunk_next_[bucket.head]; c != kNoChunk; c = chunk_next_[c]) free_chunks_.push_back(c);
    hand_on(b, bucket.head);
    bucket = Bucket{};
    return;
  }
}

namespace {

bool event_before(const Event& a, const Event& b) { return a.time < b.time || (a.time == b.time && a.key < b.key); }

/// Groups at most this big are insertion-sorted; bigger ones (many events at one instant)
/// go to std::sort.
constexpr std::size_t kInsertionSortMax = 24;

/// A time's bits as an unsigned integer that orders as the times do: a positive double's raw
/// bits already do (and cost nothing to get, which matters with three reads per event).
template <EventTimes kTimes>
std::uint64_t time_bits(double t) {
  if constexpr (kTimes == EventTimes::positive) {
    return std::bit_cast<std::uint64_t>(t);
  } else {
    return ordered_bits(t);
  }
}

/// Buckets at most this big are sorted by rank first (rank_sort_into).
constexpr std::size_t kRankSortMax = 32;

/// Two times per vector (GCC's vector extension: SSE2 on x86-64, plain code elsewhere).
using Times2 = double __attribute__((vector_size(16)));
using Counts2 = std::int64_t __attribute__((vector_size(16)));

/// The ranking of rank_sort_into for n <= 2 * kPairs events whose times are times[0, 2 *
/// kPairs), padded with +infinity (which no finite time is after): a fixed number of
/// comparisons per event, which the compiler lays out without a loop.
template <std::size_t kPairs>
bool rank_events(const double* times, const Event* const* events, std::size_t n, Event* out) {
  Times2 all[kPairs];
  std::memcpy(all, times, sizeof all);
  std::uint64_t ranks_used = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Times2 ti = {times[i], times[i]};
    Counts2 earlier = {0, 0};
    for (std::size_t j = 0; j < kPairs; ++j) earlier -= (all[j] < ti);  // a true lane is -1
    const auto rank = static_cast<std::uint64_t>(earlier[0] + earlier[1]);
    ranks_used |= std::uint64_t{1} << rank;
    out[rank] = *events[i];
  }
  return ranks_used == (std::uint64_t{1} << n) - 1;
}

/// Sorts the n (<= kRankSortMax) events of `spans` into out[0, n) by counting, for each event,
/// the events with an earlier time: its place in the run. Unlike insertion sort, which takes a
/// branch on every comparison that the CPU guesses wrong about half the time (a small model's
/// bucket of eight events cost about 75 ns that way), the counting has no branch to guess and
/// the compiler does it two comparisons at a time. Ranks by time alone are a permutation
/// exactly when no two times are equal; returns false otherwise, and then out[] is to be
/// ignored and the caller sorts with the full comparison (rare with continuous durations;
/// with fixed or empirical ones common, and such a bucket is ranked in vain first).
bool rank_sort_into(const EventSpan* spans, std::size_t n_spans, std::size_t n, Event* out) {
  alignas(16) double times[kRankSortMax];
  const Event* events[kRankSortMax];
  std::size_t filled = 0;
  for (const EventSpan* span = spans; span != spans + n_spans; ++span) {
    for (const Event* e = span->first; e != span->first + span->size; ++e) {
      times[filled] = e->time;
      events[filled++] = e;
    }
  }
  // Padded to 8, 16 or 32 times.
  const std::size_t padded = n <= 8 ? 8 : n <= 16 ? 16 : kRankSortMax;
  for (std::size_t i = n; i < padded; ++i) times[i] = std::numeric_limits<double>::infinity();
  if (padded == 8) return rank_events<4>(times, events, n, out);
  if (padded == 16) return rank_events<8>(times, events, n, out);
  return rank_events<kRankSortMax / 2>(times, events, n, out);
}

template <EventTimes kTimes>
void sort_events_into_impl(const EventSpan* spans, std::size_t n_spans, std::size_t n, Event* out,
                           EventSortScratch& scratch) {
  static_assert(kRankSortMax < 64 && kRankSortMax >= kInsertionSortMax);
  if (n <= kRankSortMax && n >= 2 && rank_sort_into(spans, n_spans, n, out)) return;
  if (n <= kInsertionSortMax) {  // a handful (a small model's bucket): insertion sort alone
    std::size_t filled = 0;
    for (const EventSpan* span = spans; span != spans + n_spans; ++span) {
      for (const Event* e = span->first; e != span->first + span->size; ++e) {
        std::size_t j = filled++;
        while (j > 0 && event_before(*e, out[j - 1])) {
          out[j] = out[j - 1];
          --j;
        }
        out[j] = *e;
      }
    }
    return;
  }
  // First the events into one contiguous array (the spans are a bucket's chunks, scattered
  // over the pool: the chunk two ahead is prefetched, which the hardware cannot guess), with
  // the range of their times.
  scratch.events.resize(std::max(scratch.events.size(), n));
  Event* const all = scratch.events.data();
  std::uint64_t lo = ~std::uint64_t{0};
  std::uint64_t hi = 0;
  std::size_t filled = 0;
  for (std::size_t s = 0; s < n_spans; ++s) {
    if (s + 2 < n_spans) {
      const char* ahead = reinterpret_cast<const char*>(spans[s + 2].first);
      const char* ahead_end = reinterpret_cast<const char*>(spans[s + 2].first + spans[s + 2].size);
      for (; ahead < ahead_end; ahead += 64) __builtin_prefetch(ahead);
    }
    for (const Event* e = spans[s].first; e != spans[s].first + spans[s].size; ++e) {
      const std::uint64_t k = time_bits<kTimes>(e->time);
      lo = std::min(lo, k);
      hi = std::max(hi, k);
      all[filled++] = *e;
    }
  }
  // About one group per one to two events (fewer groups to step through than events cost
  // less than the slightly longer insertion sorts), at most 2^12 groups: the top
  // `digit_bits` of (bits - lo). All at one instant is one group, ordered by key alone.
  const int digit_bits = std::clamp(static_cast<int>(std::bit_width(n)) - 1, 4, 12);
  const int spread_bits = static_cast<int>(std::bit_width(hi - lo));
  const int shift = spread_bits > digit_bits ? spread_bits - digit_bits : 0;
  const std::size_t groups = std::size_t{1} << digit_bits;
  // counts[g + 1] = events in group g, then prefix sums: counts[g] = where group g starts.
  std::vector<std::uint32_t>& counts = scratch.counts;
  counts.assign(groups + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++counts[((time_bits<kTimes>(all[i].time) - lo) >> shift) + 1];
  for (std::size_t g = 1; g <= groups; ++g) counts[g] += counts[g - 1];
  // Stable: within a group, events keep their order (chunk order, then order in the chunk).
  for (std::size_t i = 0; i < n; ++i) out[counts[(time_bits<kTimes>(all[i].time) - lo) >> shift]++] = all[i];
  // counts[g] is now where group g ends (= where g + 1 starts).
  std::size_t begin = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t end = counts[g];
    if (end - begin > kInsertionSortMax) {
      std::sort(out + begin, out + end, event_before);
    } else {
      for (std::size_t i = begin + 1; i < end; ++i) {
        const Event ev = out[i];
        std::size_t j = i;
        while (j > begin && event_before(ev, out[j - 1])) {
          out[j] = out[j - 1];
          --j;
        }
        out[j] = ev;
      }
    }
    begin = end;
  }
}

}  // namespace

void sort_events_into(const EventSpan* spans, std::size_t n_spans, std::size_t n, Event* out,
                      EventSortScratch& scratch, EventTimes times) {
  if (times == EventTimes::positive) {
    sort_events_into_impl<EventTimes::positive>(spans, n_spans, n, out, scratch);
  } else {
    sort_events_into_impl<EventTimes::any>(spans, n_spans, n, out, scratch);
  }
}

void sort_events(Event* first, Event* last, EventSortScratch& scratch, EventTimes times) {
  const auto n = static_cast<std::size_t>(last - first);
  if (n < 2) return;
  std::vector<Event> sorted(n);
  const EventSpan span{first, n};
  sort_events_into(&span, 1, n, sorted.data(), scratch, times);
  std::copy(sorted.begin(), sorted.end(), first);
}

}  // namespace courtflow::sim

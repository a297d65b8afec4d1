#pragma once
// The event calendar: events keyed on (time, kind, sequence number). The kind fixes the order
// of events at the same instant and the sequence number makes the order total, so two such
// events come out in the order they were scheduled, on every platform and thread count
// (SimPy's eid idea).
//
// A national model keeps a million events pending (every case in a big pure-delay stage has
// its completion scheduled), and a plain heap of that size misses the cache on every level.
// So the calendar has two tiers, like a one-rung ladder queue: an event whose bucket (its time
// over `bucket_width` days, rounded down) is not yet reached is appended, unsorted, to that
// bucket. When the clock reaches a bucket, its events are sorted once (sort_events_into: up
// to 32 by rank, else a counting sort on the time's leading bits, then each small group by
// the full comparison) into the `run`, which is then read front to back, one step per event.
// Events scheduled into a reached bucket after that go into their place in the run while it
// is short (run_insert), else to a small 4-ary heap of 16-byte events (four children per
// 64-byte cache line); the next event is the earlier of the run's front and the heap's root.
// A bucket is a list of 512-byte chunks from one pool on huge pages (huge_page_allocator.hpp):
// pushes land in thousands of different buckets, and with a separate small array per bucket
// nearly every push missed the TLB. The order of pops is exactly the (time, kind, sequence)
// order whatever the bucket width: buckets only decide when an event leaves the bucket tier.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#include "sim/huge_page_allocator.hpp"
#include "sim/time.hpp"

namespace courtflow::sim {

/// What an event does, in same-instant order: releases before capacity changes before
/// reneging before arrivals, so a server freed at t can be taken by a case arriving at t
/// (simmer's release-before-seize).
enum class EventKind : std::uint8_t {
  completion = 0,       ///< subject = case slot
  capacity_change = 1,  ///< subject = stage index
  renege = 2,           ///< subject = case slot
  arrival = 3,          ///< subject = arrival stream index
};

/// An event: time plus one 64-bit word holding kind (2 bits), sequence number (36 bits) and
/// subject (26 bits). Comparing the word compares (kind, sequence); the subject never decides
/// order because sequence numbers are unique.
struct Event {
  static constexpr int kSubjectBits = 26;
  static constexpr int kSequenceBits = 36;
  static constexpr std::uint64_t kMaxSubject = (std::uint64_t{1} << kSubjectBits) - 1;
  static constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << kSequenceBits) - 1;

  SimTime time = 0;
  std::uint64_t key = 0;

  EventKind kind() const { return static_cast<EventKind>(key >> 62); }
  std::uint32_t subject() const { return static_cast<std::uint32_t>(key & kMaxSubject); }
};

/// Working space for sorting events, kept from sort to sort so that sorting allocates nothing
/// once it has grown.
struct EventSortScratch {
  std::vector<Event> events;
  std::vector<std::uint32_t> counts;
};

/// A run of events to be sorted: one of a bucket's chunks.
struct EventSpan {
  const Event* first;
  std::size_t size;
};

/// What the times to sort are known to be: `positive` (every time > 0, as in a bucket, whose
/// events are all at or after one bucket width) lets the sort order times by their raw bits,
/// which for positive doubles order as the doubles do.
enum class EventTimes : std::uint8_t { any, positive };

/// Writes the `n` events of `spans` to out[0, n) in calendar order (time, then key), exactly
/// as a stable sort with that comparison would (it is a total order, so as std::sort would),
/// in about linear time for times spread over a range: a stable counting sort on the leading
/// bits of the times' spread, then each group of equal leading bits by the full comparison
/// (insertion sort when small). Up to 32 events are ranked (each placed by the count of
/// earlier times, without branches), or insertion-sorted when two times are equal. `out` must
/// not overlap the spans; times must not be NaN. Used on a bucket when the clock reaches it.
void sort_events_into(const EventSpan* spans, std::size_t n_spans, std::size_t n, Event* out,
                      EventSortScratch& scratch, EventTimes times = EventTimes::any);

/// Sorts [first, last) in place into calendar order (sort_events_into; for tests).
void sort_events(Event* first, Event* last, EventSortScratch& scratch, EventTimes times = EventTimes::any);

class EventQueue {
 public:
  /// A pure heap (no buckets).
  EventQueue();
  /// Buckets of `bucket_width` days (> 0) covering [0, bucket_width * buckets); events beyond
  /// the last bucket wait in it. A good width puts a few thousand events in each bucket.
  EventQueue(SimTime bucket_width, std::size_t buckets);

  /// Schedules an event. subject <= Event::kMaxSubject. O(1) into a bucket not yet reached;
  /// into a reached one, a short insertion into the run or O(log n) into the heap. Throws
  /// std::length_error after 2^36 events (far beyond any run's event budget).
  void push(SimTime time, EventKind kind, std::uint32_t subject);
  /// Removes and returns the earliest event; the queue must not be empty. O(log n).
  Event pop();
  /// Removes and returns the earliest event like pop(), but when it is the heap's root it
  /// leaves the root's slot vacant: the next push that goes to the heap fills it with one
  /// sift down (a "replace top"), which saves the pop's own restructuring. A simulation loop
  /// pushes an event for nearly every one it takes, so this is most of the heap's work saved.
  /// An event from the sorted run costs one step along it.
  Event take() {
    settle();
    if (run_pos_ < run_end_ && (heap_.size() == kRoot || before(run_[run_pos_], heap_[kRoot]))) {
      return run_[run_pos_++];
    }
    vacant_root_ = true;
    return heap_[kRoot];
  }
  /// The event `k` places beyond the next one in the sorted run (nullptr past its end), for
  /// prefetching a coming event's data: most of a national model's events come from the run,
  /// in this order. Only a hint: pushes into the current bucket may come in between.
  const Event* run_ahead(std::size_t k) const { return run_pos_ + k < run_end_ ? &run_[run_pos_ + k] : nullptr; }
  /// The earliest event; the queue must not be empty.
  const Event& top() {
    settle();
    if (run_pos_ < run_end_ && (heap_.size() == kRoot || before(run_[run_pos_], heap_[kRoot]))) {
      return run_[run_pos_];
    }
    return heap_[kRoot];
  }
  /// Invariant after settle(): the heap and the run are both empty only when every bucket is.
  bool empty() {
    settle();
    return heap_.size() == kRoot && run_pos_ == run_end_;
  }
  std::size_t size() const {
    return heap_.size() - kRoot - (vacant_root_ ? 1 : 0) + (run_end_ - run_pos_) + in_buckets_;
  }
  void clear();
  /// Defers each append to a bucket by a few pushes and prefetches meanwhile what it will
  /// touch: worth it when the buckets' tails are out of the nearer caches (a national model's
  /// thousands of buckets, appended to at random); pure cost for a small model, whose calendar
  /// stays in cache. Off by default. Pop order is the same either way.
  void set_deferred_appends(bool on) {
    append_deferred();
    defer_appends_ = on;
  }
  void reserve(std::size_t n) { heap_.reserve(n + kRoot); }
  /// Chunks of bucket space in the pool, in use or free (for tests: the pool must stop
  /// growing once the calendar holds as many events as it will).
  std::size_t chunks() const { return chunk_next_.size(); }
  /// Room for `n` events in buckets (spread over all of them) without the chunk pool moving:
  /// capacity, at the power of two growth would reach, which is address space until used.
  void reserve_bucket_events(std::size_t n);

 private:
  // The root sits at index 3 of a 64-byte-aligned buffer, so the four children of any node
  // (at 4i-8 .. 4i-5 relative to the root's index offset) share one cache line.
  static constexpr std::size_t kRoot = 3;
  static std::size_t first_child(std::size_t i) { return 4 * i - 8; }
  static std::size_t parent(std::size_t i) { return (i + 8) / 4; }

  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.key < b.key);
  }
  /// before(), with every comparison made (no short cut), for the compiler to do without branches.
  static bool earlier(const Event& a, const Event& b) {
    return (a.time < b.time) | ((a.time == b.time) & (a.key < b.key));
  }
  void heap_push(const Event& ev);
  /// An event for a reached bucket goes straight into its place in the sorted run while what
  /// is left of the run is shorter than this (a small model's bucket holds a handful), else
  /// to the heap: then a small model's heap stays empty and take() has no choice between the
  /// run and the heap to guess, while a national model's long runs are not shifted.
  static constexpr std::size_t kRunInsertMax = 32;
  void run_insert(const Event& ev);
  /// Completes a take() whose slot no push filled (an ordinary pop of the vacant root), and
  /// brings in the next bucket when the heap and the run are both used up.
  void settle() {
    if (vacant_root_) {
      vacant_root_ = false;
      remove_root();
    }
    if (heap_.size() == kRoot && run_pos_ == run_end_ && in_buckets_ > 0) refill();
  }
  void remove_root();
  void sift_down(std::size_t hole, const Event& ev);
  /// Moves the next non-empty bucket, sorted, into the (used up) run.
  void refill();

  template <typename T>
  struct CacheLineAllocator {
    using value_type = T;
    CacheLineAllocator() = default;
    template <typename U>
    CacheLineAllocator(const CacheLineAllocator<U>&) {}
    T* allocate(std::size_t n) {
      return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{64}));
    }
    void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t{64}); }
    template <typename U>
    bool operator==(const CacheLineAllocator<U>&) const { return true; }
  };

  /// The bucket an event at `time` belongs to: time / width rounded down, at most the last
  /// bucket (0 for a pure heap). One rounding of time * (1 / width), which never decreases as
  /// time increases; that is all the order of pops needs (see push()).
  std::size_t bucket_of(SimTime time) const {
    const double x = time * inverse_width_;
    if (!(x >= 0)) return 0;  // before day 0 (and NaN): the heap
    // Through a signed integer (x < last_bucket_ < 2^63): one instruction, where converting
    // to an unsigned one takes a comparison and a branch for values past 2^63.
    return static_cast<std::size_t>(static_cast<std::int64_t>(x < last_bucket_ ? x : last_bucket_));
  }

  std::vector<Event, CacheLineAllocator<Event>> heap_;
  std::uint64_t next_seq_ = 0;
  double inverse_width_ = 0;   ///< 1 / the bucket width in days (0 for a pure heap)
  double last_bucket_ = 0;     ///< index of the last bucket, as a double (0 for a pure heap)
  /// The first bucket still to be brought in: an event whose bucket is before it goes to the heap
  /// (bucket 0, never filled, is the heap's from the start).
  std::size_t next_bucket_ = 1;
  /// A bucket: a singly linked list of chunks, appended to at its tail chunk.
  struct Bucket {
    std::uint32_t head = kNoChunk;
    std::uint32_t tail = kNoChunk;
    std::uint32_t tail_fill = 0;  ///< events in the tail chunk
  };
  static constexpr std::uint32_t kNoChunk = 0xffffffffU;
  static constexpr std::uint32_t kChunkEvents = 32;  ///< 512 bytes
  void bucket_append(Bucket& bucket, SimTime time, std::uint64_t key);
  /// A bucket's first chunk, once its events are in the run, goes to the bucket
  /// kChunkLookahead ahead (when that one has none yet), so that a push there finds a chunk
  /// and need not take one from the pool: in a small model about one push in eight was the
  /// first in its bucket, a branch the CPU could not foresee.
  static constexpr std::size_t kChunkLookahead = 64;
  void hand_on(std::size_t b, std::uint32_t chunk);
  std::uint32_t new_chunk();

  std::vector<Bucket> buckets_;
  std::vector<Event, HugePageAllocator<Event>> chunk_events_;  ///< chunk c is [c * kChunkEvents, +kChunkEvents)
  std::vector<std::uint32_t> chunk_next_;                       ///< the chunk after c in its bucket
  std::vector<std::uint32_t> free_chunks_;
  std::size_t in_buckets_ = 0;  ///< events in buckets, those still deferred included
  /// With defer_appends_, appends to buckets are deferred by kDeferred pushes: a bucket's
  /// header and then its tail are prefetched meanwhile, since both are usually out of the
  /// nearer caches and an append used to wait for them. The order of appends is unchanged;
  /// refill() first makes every deferred append.
  struct Deferred {
    Event event;
    std::size_t bucket;
  };
  static constexpr std::size_t kDeferred = 8;  // a power of two: the ring's index is a mask
  void defer_append(std::size_t bucket, const Event& ev);
  void append_deferred();
  Deferred deferred_[kDeferred];
  std::size_t deferred_begin_ = 0;  ///< the oldest deferred append (a count: the ring index is it mod kDeferred)
  std::size_t deferred_end_ = 0;
  bool defer_appends_ = false;
  /// The current bucket's events in calendar order, [run_pos_, run_end_); a buffer that only
  /// grows, so that a refill writes each event once (no clearing, no copy through scratch).
  std::vector<Event> run_;
  std::size_t run_pos_ = 0;
  std::size_t run_end_ = 0;
  std::vector<EventSpan> spans_;          ///< the chunks of the bucket being brought in
  EventSortScratch sort_scratch_;         ///< sort_events_into's working space
  bool vacant_root_ = false;  ///< the root was take()n and not yet refilled
};

}  // namespace courtflow::sim

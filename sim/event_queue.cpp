// The two-tier calendar. The heap is 4-ary with hole-shifting (one move per level instead of
// a swap); its index arithmetic is offset so that the root is at kRoot = 3: node i's children
// are 4i-8 .. 4i-5, and with a 64-byte-aligned buffer each group of four 16-byte siblings is
// one cache line. Buckets are plain vectors, heapified in O(n) when the clock reaches them.

#include "sim/event_queue.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace courtflow::sim {

namespace {
constexpr SimTime kForever = std::numeric_limits<SimTime>::infinity();
}

EventQueue::EventQueue() : window_end_(kForever) { heap_.resize(kRoot); }

EventQueue::EventQueue(SimTime bucket_width, std::size_t buckets) : EventQueue() {
  if (!(bucket_width > 0) || !std::isfinite(bucket_width) || buckets == 0) {
    throw std::invalid_argument("event calendar: bucket width must be > 0 with at least one bucket");
  }
  bucket_width_ = bucket_width;
  buckets_.resize(buckets);
  reset_window();
}

void EventQueue::reset_window() {
  // Bucket 0 is never filled: events before the first window end go straight to the heap.
  next_bucket_ = 1;
  window_end_ = buckets_.size() > 1 ? bucket_width_ : kForever;
}

void EventQueue::clear() {
  vacant_root_ = false;
  heap_.resize(kRoot);
  next_seq_ = 0;
  for (auto& bucket : buckets_) bucket.clear();
  in_buckets_ = 0;
  if (buckets_.empty()) {
    window_end_ = kForever;
  } else {
    reset_window();
  }
}

void EventQueue::push(SimTime time, EventKind kind, std::uint32_t subject) {
  if (next_seq_ > Event::kMaxSequence) throw std::length_error("event calendar: sequence numbers exhausted");
  Event ev;
  ev.time = time;
  ev.key = (static_cast<std::uint64_t>(kind) << 62) | (next_seq_++ << Event::kSubjectBits) |
           (static_cast<std::uint64_t>(subject) & Event::kMaxSubject);
  if (time < window_end_) {
    if (vacant_root_) {
      // Replace the taken root: every other event is already in heap order below it.
      vacant_root_ = false;
      sift_down(kRoot, ev);
    } else {
      heap_push(ev);
    }
    return;
  }
  // time >= window_end_ = width * next_bucket_, so the event belongs in bucket next_bucket_
  // or later; the clamp guards against time / width rounding just below a bucket boundary.
  const double index = std::floor(time / bucket_width_);
  const std::size_t last = buckets_.size() - 1;
  std::size_t b = index >= static_cast<double>(last) ? last : static_cast<std::size_t>(index);
  if (b < next_bucket_) b = next_bucket_;
  buckets_[b].push_back(ev);
  ++in_buckets_;
  // A vacant root is settled later (by top, empty, take or pop), which refills if need be.
  if (!vacant_root_ && heap_.size() == kRoot) refill();
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
    const std::size_t end = first + 4 < n ? first + 4 : n;
    for (std::size_t c = first + 1; c < end; ++c) {
      if (before(heap_[c], heap_[best])) best = c;
    }
    if (!before(heap_[best], ev)) break;
    heap_[hole] = heap_[best];
    hole = best;
  }
  heap_[hole] = ev;
}

Event EventQueue::pop() {
  settle();
  const Event result = heap_[kRoot];
  remove_root();
  return result;
}

void EventQueue::remove_root() {
  const Event last = heap_.back();
  heap_.pop_back();
  if (heap_.size() > kRoot) {
    sift_down(kRoot, last);
  } else if (in_buckets_ > 0) {
    refill();
  }
}

const Event* EventQueue::likely_next() const {
  const std::size_t first = first_child(kRoot);
  const std::size_t n = heap_.size();
  if (first >= n) return nullptr;
  std::size_t best = first;
  const std::size_t end = first + 4 < n ? first + 4 : n;
  for (std::size_t c = first + 1; c < end; ++c) {
    if (before(heap_[c], heap_[best])) best = c;
  }
  return &heap_[best];
}

void EventQueue::refill() {
  // Every event still in a bucket is due at or after window_end_, so once the heap is empty the
  // next non-empty bucket holds the earliest events.
  while (in_buckets_ > 0 && next_bucket_ < buckets_.size()) {
    std::vector<Event>& bucket = buckets_[next_bucket_];
    ++next_bucket_;
    window_end_ = next_bucket_ < buckets_.size() ? bucket_width_ * static_cast<double>(next_bucket_) : kForever;
    if (bucket.empty()) continue;
    in_buckets_ -= bucket.size();
    for (const Event& ev : bucket) heap_.push_back(ev);
    bucket.clear();
    bucket.shrink_to_fit();
    // Heapify bottom-up: O(n).
    const std::size_t n = heap_.size();
    if (n > kRoot + 1) {
      for (std::size_t i = parent(n - 1) + 1; i-- > kRoot;) sift_down(i, Event(heap_[i]));
    }
    return;
  }
}

}  // namespace courtflow::sim

#pragma once
// The queue in front of a capacity-limited stage: FIFO, or non-preemptive priority by case
// type (one FIFO lane per priority level, lowest level served first). Reneging cases are not
// searched for and erased; their entries go stale (the case's visit number moves on) and are
// skipped when they reach the head, which keeps every operation O(1) amortised.

#include <cstdint>
#include <vector>

namespace courtflow::sim {

struct QueueEntry {
  std::uint32_t slot = 0;   ///< case slot in the engine's pool
  std::uint32_t visit = 0;  ///< the case's visit number when it joined
};

class WaitQueue {
 public:
  /// `levels` FIFO lanes (1 for a FIFO stage).
  explicit WaitQueue(std::size_t levels = 1) : lanes_(levels == 0 ? 1 : levels) {}

  void push(QueueEntry entry, std::size_t level = 0) { lanes_[level].push(entry.slot, entry.visit); }

  /// Pops the first entry for which `is_live(entry)` holds, discarding stale ones on the way.
  /// Returns false when no live entry is left.
  template <typename IsLive>
  bool pop(QueueEntry& out, IsLive&& is_live) {
    for (Lane& lane : lanes_) {
      while (!lane.empty()) {
        const QueueEntry entry = lane.pop();
        if (is_live(entry)) {
          out = entry;
          return true;
        }
      }
    }
    return false;
  }

 private:
  /// One FIFO lane: a ring buffer of entries packed into one word each (slot in the low half),
  /// its size a power of two that doubles when full. std::deque did the same job with a map
  /// of blocks to check on every push and pop (about 2% of the tandem benchmark's time).
  class Lane {
   public:
    bool empty() const { return head_ == tail_; }
    void push(std::uint32_t slot, std::uint32_t visit) {
      if (tail_ - head_ == ring_.size()) grow();
      ring_[tail_++ & (ring_.size() - 1)] = (std::uint64_t{visit} << 32) | slot;
    }
    QueueEntry pop() {
      const std::uint64_t word = ring_[head_++ & (ring_.size() - 1)];
      return {static_cast<std::uint32_t>(word), static_cast<std::uint32_t>(word >> 32)};
    }

   private:
    void grow() {
      std::vector<std::uint64_t> bigger(ring_.empty() ? kFirstSize : 2 * ring_.size());
      for (std::size_t i = 0; head_ + i != tail_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
      tail_ -= head_;
      head_ = 0;
      ring_.swap(bigger);
    }
    static constexpr std::size_t kFirstSize = 16;
    std::vector<std::uint64_t> ring_;
    std::size_t head_ = 0;  ///< counts, not indices: the ring index is the count mod the size
    std::size_t tail_ = 0;
  };

  std::vector<Lane> lanes_;
};

}  // namespace courtflow::sim

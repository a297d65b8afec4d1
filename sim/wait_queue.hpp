#pragma once
// The queue in front of a capacity-limited stage: FIFO, or non-preemptive priority by case
// type (one FIFO lane per priority level, lowest level served first). Reneging cases are not
// searched for and erased; their entries go stale (the case's visit number moves on) and are
// skipped when they reach the head, which keeps every operation O(1) amortised.

#include <cstdint>
#include <deque>
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

  void push(QueueEntry entry, std::size_t level = 0) { lanes_[level].push_back(entry); }

  /// Pops the first entry for which `is_live(entry)` holds, discarding stale ones on the way.
  /// Returns false when no live entry is left.
  template <typename IsLive>
  bool pop(QueueEntry& out, IsLive&& is_live) {
    for (auto& lane : lanes_) {
      while (!lane.empty()) {
        const QueueEntry entry = lane.front();
        lane.pop_front();
        if (is_live(entry)) {
          out = entry;
          return true;
        }
      }
    }
    return false;
  }

 private:
  std::vector<std::deque<QueueEntry>> lanes_;
};

}  // namespace courtflow::sim

// Binary heap with hole-shifting (one move per level instead of a swap), which is what makes
// the hold benchmark fast; see bench/event_queue_hold_bench.cpp.

#include "sim/event_queue.hpp"

namespace courtflow::sim {

void EventQueue::push(SimTime time, EventKind kind, std::uint32_t subject, std::uint32_t tag) {
  Event ev;
  ev.time = time;
  ev.order = (static_cast<std::uint64_t>(kind) << 56) | next_seq_++;
  ev.subject = subject;
  ev.tag = tag;
  heap_.push_back(ev);
  std::size_t hole = heap_.size() - 1;
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / 2;
    if (!before(ev, heap_[parent])) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = ev;
}

Event EventQueue::pop() {
  const Event result = heap_.front();
  const Event last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return result;
  std::size_t hole = 0;
  for (;;) {
    std::size_t child = 2 * hole + 1;
    if (child >= n) break;
    if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
    if (!before(heap_[child], last)) break;
    heap_[hole] = heap_[child];
    hole = child;
  }
  heap_[hole] = last;
  return result;
}

}  // namespace courtflow::sim

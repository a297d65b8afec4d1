#pragma once
// The event calendar: a binary min-heap keyed on (time, priority, sequence number). The
// sequence number makes the order total, so two events at the same time and priority come out
// in the order they were scheduled, on every platform and thread count (SimPy's eid idea).

#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace courtflow::sim {

/// Same-time ordering: releases before capacity changes before reneging before arrivals, so a
/// server freed at t can be seized by a case arriving at t (simmer's release-before-seize).
enum class EventPriority : std::uint8_t {
  completion = 0,
  capacity_change = 1,
  renege = 2,
  arrival = 3,
};

/// What an event does. Kinds map one-to-one onto priorities, so the kind is stored in the
/// priority bits of Event::order and an Event stays 24 bytes.
enum class EventKind : std::uint8_t {
  completion = static_cast<std::uint8_t>(EventPriority::completion),  ///< subject = case slot, tag = visit
  capacity_change = static_cast<std::uint8_t>(EventPriority::capacity_change),  ///< subject = stage, tag = step
  renege = static_cast<std::uint8_t>(EventPriority::renege),  ///< subject = case slot, tag = visit
  arrival = static_cast<std::uint8_t>(EventPriority::arrival),  ///< subject = arrival stream
};

struct Event {
  SimTime time = 0;
  std::uint64_t order = 0;  ///< kind (= priority) in the top 8 bits, sequence number below
  std::uint32_t subject = 0;
  std::uint32_t tag = 0;

  EventKind kind() const { return static_cast<EventKind>(order >> 56); }
  EventPriority priority() const { return static_cast<EventPriority>(order >> 56); }
};

class EventQueue {
 public:
  /// Schedules an event; its kind fixes its priority among events at the same time. O(log n).
  void push(SimTime time, EventKind kind, std::uint32_t subject, std::uint32_t tag = 0);
  /// Removes and returns the earliest event; the queue must not be empty. O(log n).
  Event pop();
  const Event& top() const { return heap_.front(); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  void clear() {
    heap_.clear();
    next_seq_ = 0;
  }
  void reserve(std::size_t n) { heap_.reserve(n); }

 private:
  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.order < b.order);
  }
  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace courtflow::sim

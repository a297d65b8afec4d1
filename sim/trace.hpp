#pragma once
// An optional observer of one replication, for writing the simulated event log (`courtflow run
// --event-log`) and for calibration's validation runs. The engine calls it at two places only
// (a case entering the system, a service starting), each behind one null-pointer check, so a
// run without a trace pays one well-predicted branch per service and nothing else.
//
// The engine does not track which server serves a case (a busy count is enough for it), so
// ServiceLog assigns server indices itself: at each start, the lowest index whose previous
// service has ended. Services are half-open intervals [start, end), so this greedy colouring
// uses exactly as many indices as the peak number of cases in service at once, never more than
// the stage's servers.

#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <vector>

#include "sim/network.hpp"
#include "sim/time.hpp"

namespace courtflow::sim {

class TraceObserver {
 public:
  virtual ~TraceObserver() = default;
  /// A case took pool slot `slot` (slots are reused after a case leaves): it entered the
  /// system at `entry` (negative for initial work with an age) as case type `type`.
  virtual void case_entered(std::uint32_t slot, int type, SimTime entry) = 0;
  /// The case in `slot` started service at `stage` at `start`; it completes at `end` (after
  /// the horizon when it does not complete within the run).
  virtual void service_started(std::uint32_t slot, int stage, SimTime start, SimTime end) = 0;
};

/// One activity of the simulated event log: a service that completed within the horizon.
struct ServiceRecord {
  std::uint64_t case_number = 0;  ///< 1, 2, ... in order of entering the system
  int case_type = 0;
  int stage = 0;
  SimTime start = 0;
  SimTime end = 0;
  int server = -1;  ///< 0-based server index at the stage; -1 at infinite stages
};

/// Turns the engine's callbacks into ServiceRecords handed to `sink` in order of service start
/// (so each case's records are in time order). Services ending after `horizon` are left out:
/// they did not complete within the run, as in an extract taken at the horizon.
class ServiceLog final : public TraceObserver {
 public:
  ServiceLog(const Network& network, SimTime horizon, std::function<void(const ServiceRecord&)> sink)
      : network_(network), horizon_(horizon), sink_(std::move(sink)), stages_(network.stages.size()) {}

  void case_entered(std::uint32_t slot, int type, SimTime /*entry*/) override {
    if (slot >= slots_.size()) slots_.resize(slot + 1);
    slots_[slot] = {++cases_, type};
  }

  void service_started(std::uint32_t slot, int stage, SimTime start, SimTime end) override {
    const SlotCase& c = slots_[slot];
    ServiceRecord record{c.number, c.type, stage, start, end, -1};
    if (!network_.stages[static_cast<std::size_t>(stage)].infinite) record.server = take_server(stage, start, end);
    if (end <= horizon_) sink_(record);
  }

 private:
  struct SlotCase {
    std::uint64_t number = 0;
    int type = 0;
  };
  struct Busy {
    SimTime end;
    int server;
    bool operator>(const Busy& other) const { return end > other.end; }
  };
  struct StageServers {
    std::priority_queue<Busy, std::vector<Busy>, std::greater<>> busy;  ///< by end time
    std::priority_queue<int, std::vector<int>, std::greater<>> free;     ///< lowest index first
    int used = 0;                                                       ///< indices handed out
  };

  int take_server(int stage, SimTime start, SimTime end) {
    StageServers& s = stages_[static_cast<std::size_t>(stage)];
    while (!s.busy.empty() && s.busy.top().end <= start) {
      s.free.push(s.busy.top().server);
      s.busy.pop();
    }
    int server = 0;
    if (s.free.empty()) {
      server = s.used++;
    } else {
      server = s.free.top();
      s.free.pop();
    }
    s.busy.push({end, server});
    return server;
  }

  const Network& network_;
  SimTime horizon_;
  std::function<void(const ServiceRecord&)> sink_;
  std::vector<SlotCase> slots_;
  std::vector<StageServers> stages_;
  std::uint64_t cases_ = 0;
};

}  // namespace courtflow::sim

#pragma once
// The discrete-event engine: one replication of a compiled Network. It owns the clock, the
// event calendar, the pool of cases in the system and the per-stage state; statistics are
// running sums (run_stats.hpp), so memory grows with the work in progress and the number of
// reporting periods, never with the number of events or the horizon.

#include <cstdint>
#include <vector>

#include "sim/age_quantiles.hpp"
#include "sim/event_queue.hpp"
#include "sim/huge_page_allocator.hpp"
#include "sim/log_uniforms.hpp"
#include "sim/network.hpp"
#include "sim/rng.hpp"
#include "sim/router.hpp"
#include "sim/run_stats.hpp"
#include "sim/wait_queue.hpp"

namespace courtflow::sim {

class TraceObserver;  // sim/trace.hpp

class Engine {
 public:
  /// Prepares replication `replication` of `network`; streams are keyed by (seed, replication).
  /// Throws SimError if the network is inconsistent (bad indices, unsorted schedules).
  Engine(const Network& network, const RunConfig& config, std::uint64_t seed, int replication);

  /// Runs to the horizon and returns what was measured. Call once.
  ReplicationResult run();

  /// Reports case entries and service starts to `trace` (not owned; nullptr = none) during
  /// run(). Tracing draws no random numbers, so results are the same with or without it.
  void set_trace(TraceObserver* trace) { trace_ = trace; }

 private:
  enum class CaseState : std::uint8_t { free, waiting, in_service };

  /// A case in the system. Slots are reused; `visit` only ever increases, so (slot, visit)
  /// names one stay at one stage, which is how stale queue entries are recognised. 32 bytes,
  /// two to a cache line: the case is read at random, one an event, in a pool of up to a
  /// million, so its size is memory traffic. (When its patience runs out is kept apart, in
  /// renege_at_: few models have reneging.)
  struct Case {
    SimTime system_entry = 0;  ///< may be negative for initial work with an age
    SimTime stage_entry = 0;   ///< arrival at the current stage
    std::uint32_t visit = 0;
    std::int32_t stage = 0;
    std::uint16_t type = 0;
    CaseState state = CaseState::free;
  };
  static_assert(sizeof(Case) == 32);

  /// Counts a period's series takes as differences: at the previous period end, so that the
  /// event handlers only count the run's totals (a period's events are those handled between
  /// two period ends, which is exactly when the totals grew).
  struct PeriodCounts {
    std::uint64_t arrivals = 0;
    std::uint64_t completed = 0;
    std::uint64_t abandoned = 0;
  };

  struct StageState {
    bool infinite = false;  ///< StageSpec::infinite, kept here with the counts it decides about
    std::int64_t capacity = 0;
    std::int64_t busy = 0;
    std::int64_t waiting = 0;
    SimTime last_change = 0;
    // Time-weighted areas since the warm-up, kept here beside the counts they integrate (one
    // cache line) and copied into StageStats at the end.
    double busy_area = 0;       ///< server-days busy
    double available_area = 0;  ///< server-days available (max of capacity and busy)
    double queue_area = 0;      ///< case-days waiting
    std::size_t next_capacity_step = 1;  ///< next entry of StageSpec::capacity to apply
    double busy_at_last_period = 0;       ///< StageStats::busy_time at the previous period end
    double available_at_last_period = 0;  ///< StageStats::available_time at the previous period end
    PeriodCounts counts_at_last_period;   ///< StageStats' counts at the previous period end
    std::size_t next_scale_step = 0;  ///< next entry of StageSpec::service_scale to apply
    double service_factor = 1;
    WaitQueue queue;
    // From the stage's spec, copied here so that an event's handling reads one structure
    // rather than two (with the prefetch flag below: reading them from the spec again cost
    // about 2% of the tandem benchmark, measured at 20312de).
    bool priority_queue = false;               ///< Discipline::priority
    const Distribution* patience = nullptr;    ///< the spec's patience, if any
    const std::vector<FactorStep>* service_scale = nullptr;  ///< the spec's, when not empty
    /// Every case type's service here is exponential: its draws come from service_logs (the
    /// service stream, a batch of logs at a time), and service_rng is not used.
    bool exponential_service = false;
    LogUniforms service_logs;
    Rng service_rng;
    Rng routing_rng;
    Rng patience_rng;
    std::vector<const Distribution*> service_for_type;
  };

  struct ArrivalState {
    std::size_t step = 0;  ///< current step of the rate schedule
    LogUniforms log_uniforms;  ///< the stream's draws, as log(U) for the exponential gaps
  };

  // Event handlers.
  void on_arrival(std::uint32_t stream);
  void on_completion(std::uint32_t slot);
  void on_renege(std::uint32_t slot);
  void on_capacity_change(std::uint32_t stage);

  void place_initial_wip();
  void schedule_next_arrival(std::uint32_t stream, SimTime after);
  std::uint32_t new_case(int type, SimTime system_entry);
  void free_case(std::uint32_t slot);
  /// The case arrives at `stage` now (its stage_entry already set by the caller). With
  /// may_start false it queues even if a server is free (the caller fills servers later).
  [[gnu::always_inline]] inline void enter_stage(std::uint32_t slot, int stage, bool count_arrival = true,
                                                 bool may_start = true);
  // Inlined into its two callers: it runs for nearly every event, and the call was a tenth of it.
  [[gnu::always_inline]] inline void start_service(std::uint32_t slot, int stage);
  /// Starts waiting cases while servers are free. Inline, since usually nobody is waiting
  /// (at a pure delay, never) and the call itself then cost more than the test.
  [[gnu::always_inline]] inline void fill_servers(int stage);
  [[gnu::always_inline]] inline void serve_waiting(int stage);
  void leave_system(std::uint32_t slot, bool abandoned);
  /// Adds the time-weighted areas of `stage` from its last change up to now.
  // Inlined: it runs two or three times per event and is only a few instructions.
  [[gnu::always_inline]] inline void accumulate(int stage);
  void snapshot_period(std::size_t period);
  /// A row's arrivals, completions and abandoned over the period: totals now less totals at
  /// the previous period end (which become these totals).
  void put_period_counts(std::size_t period, int row, std::uint64_t arrivals, std::uint64_t completed,
                         std::uint64_t abandoned, PeriodCounts& at_last_period);
  /// Starts fetching a case's cache lines: its first, and its last when it straddles two
  /// 64-byte lines, which happens only in a pool below the huge-page size (that is only
  /// 16-byte aligned); a second prefetch of the same line is not free.
  void prefetch_case(std::uint32_t slot) const {
    const char* first = reinterpret_cast<const char*>(&cases_[slot]);
    __builtin_prefetch(first);
    if ((reinterpret_cast<std::uintptr_t>(first) & 63) > 64 - sizeof(Case)) __builtin_prefetch(first + sizeof(Case) - 1);
  }
  bool counting() const { return now_ >= warmup_; }

  const Network& network_;
  const RunConfig& config_;
  std::uint64_t seed_;
  int replication_;
  // config_'s horizon and warm-up, read for nearly every event: here beside the clock rather
  // than behind the reference.
  const SimTime horizon_;
  const SimTime warmup_;
  Router router_;
  std::vector<std::size_t> priority_level_;  ///< by case type: its lane at priority stages
  std::size_t priority_levels_ = 1;

  SimTime now_ = 0;
  EventQueue events_;
  /// On huge pages once it is big (huge_page_allocator.hpp): it is read at random, a case an event.
  std::vector<Case, HugePageAllocator<Case>> cases_;
  /// cases_ is bigger than the caches (kept as the pool grows, in new_case): the run loop
  /// prefetches the case of a coming event.
  bool prefetch_cases_ = false;
  std::vector<std::uint32_t> free_slots_;
  /// By slot, only when some stage has a patience: when the case's patience at its current
  /// stage runs out. A renege event is current only if the case is still waiting and this is
  /// its time.
  std::vector<SimTime> renege_at_;
  bool has_patience_ = false;
  std::uint64_t live_cases_ = 0;
  std::vector<StageState> stages_;
  std::vector<ArrivalState> arrivals_;
  std::size_t next_period_ = 0;
  SimTime next_period_end_ = 0;  ///< config_.period_ends[next_period_], or never after the last
  PeriodCounts system_counts_at_last_period_;  ///< result_.system's counts at the previous period end
  AgeQuantiles ages_;  ///< per stage, then system: reused by snapshot_period

  ReplicationResult result_;
  TraceObserver* trace_ = nullptr;
};

}  // namespace courtflow::sim

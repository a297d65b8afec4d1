// Deterministic engine semantics on small hand-built networks whose every number can be worked
// out on paper (fixed service times, initial work, no randomness in the quantities checked):
// queue disciplines, re-listing, same-instant event order, reneging, capacity changes, warm-up
// windows, service scaling; budgets and errors.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "sim/engine.hpp"
#include "sim/errors.hpp"
#include "sim/replications.hpp"
#include "sim/trace.hpp"

namespace courtflow::sim {
namespace {

StageSpec stage(const std::string& name, std::int64_t servers, double fixed_service,
                Discipline discipline = Discipline::fifo) {
  StageSpec s;
  s.name = name;
  s.capacity = {{0, servers}};
  s.service = Distribution::fixed(fixed_service);
  s.discipline = discipline;
  return s;
}

StageSpec delay(const std::string& name, double fixed_service) {
  StageSpec s;
  s.name = name;
  s.infinite = true;
  s.service = Distribution::fixed(fixed_service);
  return s;
}

RouteSpec route(int from, int to, double p, int case_type = kAnyCaseType) {
  RouteSpec r;
  r.from = from;
  r.to = to;
  r.p = p;
  r.case_type = case_type;
  return r;
}

InitialWipSpec wip(int at, int case_type, std::int64_t count, double age = 0) {
  InitialWipSpec w;
  w.stage = at;
  w.case_type = case_type;
  w.count = count;
  if (age > 0) w.age = Distribution::fixed(age);
  return w;
}

RunConfig horizon(double days) {
  RunConfig c;
  c.horizon = days;
  return c;
}

// --- Queue disciplines and re-listing -------------------------------------------------------

TEST(Engine, RelistedCaseJoinsTheBackOfTheQueue) {
  // One server, fixed service 1. "relisted" is in service on [0, 1) and is re-listed (routed
  // back to the same stage) when it finishes at day 1; "waiting" joined the queue at day 0.5
  // (via a pure delay). FIFO: at day 1 "waiting" has been waiting longest, so it is served on
  // [1, 2) and "relisted" on [2, 3). The re-listing route applies before day 1.5 only, so each
  // case passes through the court once more at most.
  Network net;
  net.case_types = {{"relisted", 0}, {"waiting", 0}};
  net.stages = {stage("trial", 1, 1.0), delay("pre-trial", 0.5)};
  RouteSpec relist = route(0, 0, 1.0, 0);
  relist.until_day = 1.5;
  net.routes = {relist, route(1, 0, 1.0)};
  net.initial_wip = {wip(0, 0, 1), wip(1, 1, 1)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  ASSERT_EQ(r.case_types[0].completed, 1u);
  ASSERT_EQ(r.case_types[1].completed, 1u);
  EXPECT_DOUBLE_EQ(r.case_types[1].mean_time_in_system(), 2.0) << "the waiting case should be served on [1, 2)";
  EXPECT_DOUBLE_EQ(r.case_types[0].mean_time_in_system(), 3.0) << "the re-listed case should be served on [2, 3)";
  // Waits at the trial stage: relisted 0 then 1 (re-listed at 1, served at 2); waiting 0.5.
  EXPECT_DOUBLE_EQ(r.stages[0].wait_sum, 1.5);
  EXPECT_EQ(r.stages[0].services_started, 3u);
}

TEST(Engine, RelistedLowPriorityCaseDoesNotJumpAWaitingHighPriorityCase) {
  // As above at a priority stage: "routine" (priority 1) is re-listed at day 1 while "urgent"
  // (priority 0) has waited since day 0.5. Non-preemptive priority: urgent on [1, 2), routine
  // on [2, 3).
  Network net;
  net.case_types = {{"routine", 1}, {"urgent", 0}};
  net.stages = {stage("trial", 1, 1.0, Discipline::priority), delay("pre-trial", 0.5)};
  RouteSpec relist = route(0, 0, 1.0, 0);
  relist.until_day = 1.5;
  net.routes = {relist, route(1, 0, 1.0)};
  net.initial_wip = {wip(0, 0, 1), wip(1, 1, 1)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  EXPECT_DOUBLE_EQ(r.case_types[1].mean_time_in_system(), 2.0) << "urgent should be served on [1, 2)";
  EXPECT_DOUBLE_EQ(r.case_types[0].mean_time_in_system(), 3.0) << "routine should be served on [2, 3)";
}

TEST(Engine, PriorityStageServesLowerNumberFirstAndFifoWithin) {
  // One server, fixed service 1, priority stage. Day 0: one routine case (initial work) takes
  // the server. Urgent cases arrive through delays at 0.2 and 0.4, routine ones at 0.1 and 0.3.
  // Order of service from day 1: urgent(0.2), urgent(0.4), routine(0.1), routine(0.3).
  Network net;
  net.case_types = {{"routine", 1}, {"urgent", 0}};
  net.stages = {stage("court", 1, 1.0, Discipline::priority), delay("d0.1", 0.1), delay("d0.2", 0.2),
                delay("d0.3", 0.3), delay("d0.4", 0.4)};
  net.routes = {route(1, 0, 1.0), route(2, 0, 1.0), route(3, 0, 1.0), route(4, 0, 1.0)};
  net.initial_wip = {wip(0, 0, 1), wip(1, 0, 1), wip(2, 1, 1), wip(3, 0, 1), wip(4, 1, 1)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  // Urgent: done at 2 and 3 -> times in system 2, 3. Routine: 1, 4 (from day 0), 5.
  EXPECT_DOUBLE_EQ(r.case_types[1].time_in_system_sum, 2.0 + 3.0);
  EXPECT_DOUBLE_EQ(r.case_types[0].time_in_system_sum, 1.0 + 4.0 + 5.0);
  // Waits at the court: 0; urgent 0.8, 1.6; routine 2.9, 3.7.
  EXPECT_NEAR(r.stages[0].wait_sum, 0.8 + 1.6 + 2.9 + 3.7, 1e-12);
}

TEST(Engine, FifoStageServesInArrivalOrderAcrossTypes) {
  // The same arrivals at a FIFO stage: order routine(0.1), urgent(0.2), routine(0.3), urgent(0.4).
  Network net;
  net.case_types = {{"routine", 1}, {"urgent", 0}};
  net.stages = {stage("court", 1, 1.0), delay("d0.1", 0.1), delay("d0.2", 0.2), delay("d0.3", 0.3),
                delay("d0.4", 0.4)};
  net.routes = {route(1, 0, 1.0), route(2, 0, 1.0), route(3, 0, 1.0), route(4, 0, 1.0)};
  net.initial_wip = {wip(0, 0, 1), wip(1, 0, 1), wip(2, 1, 1), wip(3, 0, 1), wip(4, 1, 1)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  // Done at 1 (initial), 2 (routine), 3 (urgent), 4 (routine), 5 (urgent).
  EXPECT_DOUBLE_EQ(r.case_types[0].time_in_system_sum, 1.0 + 2.0 + 4.0);
  EXPECT_DOUBLE_EQ(r.case_types[1].time_in_system_sum, 3.0 + 5.0);
}

TEST(Engine, InitialWorkAtPriorityStageIsServedByPriorityAtTimeZero) {
  // Day 0, one server, priority stage, all initial work waiting at once: 3 routine cases
  // (priority 1) 10 days old and 2 urgent cases (priority 0) just arrived. All five are
  // waiting at time zero, so the free server should take an urgent case first: urgent on
  // [0, 1) and [1, 2), then routine oldest first on [2, 3), [3, 4), [4, 5).
  Network net;
  net.case_types = {{"routine", 1}, {"urgent", 0}};
  net.stages = {stage("court", 1, 1.0, Discipline::priority)};
  net.initial_wip = {wip(0, 0, 3, 10.0), wip(0, 1, 2)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  EXPECT_DOUBLE_EQ(r.case_types[1].time_in_system_sum, 1.0 + 2.0);
  EXPECT_DOUBLE_EQ(r.case_types[0].time_in_system_sum, 13.0 + 14.0 + 15.0);
}

TEST(Engine, InitialWorkIsServedOldestFirst) {
  Network net;
  net.case_types = {{"recent", 0}, {"old", 0}};
  net.stages = {stage("court", 1, 1.0)};
  net.initial_wip = {wip(0, 0, 2, 1.0), wip(0, 1, 2, 50.0)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  // old served on [0, 1), [1, 2); recent on [2, 3), [3, 4).
  EXPECT_DOUBLE_EQ(r.case_types[1].time_in_system_sum, 51.0 + 52.0);
  EXPECT_DOUBLE_EQ(r.case_types[0].time_in_system_sum, 4.0 + 5.0);
}

// Many cases of initial work at two stages, ages drawn (so every entry time differs) and one
// spec of age 0 (all tied): each stage serves them oldest first, ties in the order they were
// created (slot order), whatever stage the specs name in between. `scale` times 6,200 cases:
// the engine sorts a few thousand by comparison and tens of thousands by radix passes.
void expect_initial_work_oldest_first(std::int64_t scale) {
  struct Starts : TraceObserver {
    std::vector<SimTime> entry;                           // by slot
    std::vector<std::vector<std::uint32_t>> by_stage{2};  // slots in order of service start
    void case_entered(std::uint32_t slot, int, SimTime at) override {
      if (entry.size() <= slot) entry.resize(slot + 1);
      entry[slot] = at;
    }
    void service_started(std::uint32_t slot, int stage, SimTime, SimTime) override {
      by_stage[static_cast<std::size_t>(stage)].push_back(slot);
    }
  } starts;
  Network net;
  net.case_types = {{"default", 0}};
  net.stages = {stage("a", 1, 0.01), stage("b", 1, 0.01)};
  InitialWipSpec drawn_a = wip(0, 0, 3'000 * scale);
  drawn_a.age = Distribution::exponential(300.0);
  InitialWipSpec drawn_b = wip(1, 0, 2'000 * scale);
  drawn_b.age = Distribution::uniform(0.0, 5'000.0);
  net.initial_wip = {drawn_a, wip(1, 0, 500 * scale), drawn_b, wip(0, 0, 700 * scale)};
  const RunConfig config = horizon(200.0 * static_cast<double>(scale));
  Engine engine(net, config, 5, 0);
  engine.set_trace(&starts);
  engine.run();
  const std::vector<std::size_t> expected_count{3'700 * static_cast<std::size_t>(scale),
                                                2'500 * static_cast<std::size_t>(scale)};
  for (std::size_t st = 0; st < 2; ++st) {
    const auto& order = starts.by_stage[st];
    ASSERT_EQ(order.size(), expected_count[st]) << "stage " << st;
    for (std::size_t i = 1; i < order.size(); ++i) {
      const SimTime before = starts.entry[order[i - 1]];
      const SimTime after = starts.entry[order[i]];
      ASSERT_TRUE(before < after || (before == after && order[i - 1] < order[i]))
          << "stage " << st << " at " << i << ": entry " << before << " then " << after;
    }
  }
}

TEST(Engine, InitialWorkWithDrawnAgesIsServedOldestFirstTiesInCreationOrder) {
  expect_initial_work_oldest_first(1);
}

TEST(Engine, ManyCasesOfInitialWorkAreServedOldestFirstTiesInCreationOrder) {
  expect_initial_work_oldest_first(4);
}

// --- Same-instant order, reneging, capacity ---------------------------------------------------

TEST(Engine, CompletionBeforeRenegeAtTheSameInstant) {
  // Service 3, patience 3, two cases at time zero: the second's patience runs out at day 3, the
  // instant the server frees. Completions come first, so it is served and does not renege.
  Network net;
  net.case_types = {{"default", 0}};
  StageSpec s = stage("court", 1, 3.0);
  s.patience = Distribution::fixed(3.0);
  net.stages = {s};
  net.initial_wip = {wip(0, 0, 2)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  EXPECT_EQ(r.stages[0].abandoned, 0u);
  EXPECT_EQ(r.system.completed, 2u);
}

TEST(Engine, CapacityChangeBeforeRenegeAtTheSameInstant) {
  // No servers until day 2, patience 2: the capacity change at day 2 comes before reneging.
  Network net;
  net.case_types = {{"default", 0}};
  StageSpec s = stage("court", 0, 1.0);
  s.capacity = {{0, 0}, {2, 1}};
  s.patience = Distribution::fixed(2.0);
  net.stages = {s};
  net.initial_wip = {wip(0, 0, 2)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  // One case starts at 2; the other reneges at 2 (its patience ends; the server is taken).
  EXPECT_EQ(r.system.completed, 1u);
  EXPECT_EQ(r.system.abandoned, 1u);
  EXPECT_DOUBLE_EQ(r.system.time_in_system_sum, 3.0);
}

TEST(Engine, WaitingCasesRenegeButServedCasesDoNot) {
  // Service 2, patience 3, three cases at time zero: [0, 2), [2, 4) (waited 2 < 3); the third
  // would start at 4, but its patience runs out at 3 and it leaves.
  Network net;
  net.case_types = {{"default", 0}};
  StageSpec s = stage("court", 1, 2.0);
  s.patience = Distribution::fixed(3.0);
  net.stages = {s};
  net.initial_wip = {wip(0, 0, 3)};
  RunConfig c = horizon(10);
  c.period_ends = {2.5, 3.5, 10};
  const ReplicationResult r = run_replication(net, c, 1, 0);
  EXPECT_EQ(r.stages[0].abandoned, 1u);
  EXPECT_EQ(r.stages[0].completed, 2u);
  EXPECT_EQ(r.system.abandoned, 1u);
  EXPECT_EQ(r.system.completed, 2u);
  EXPECT_DOUBLE_EQ(r.system.time_in_system_sum, 2.0 + 4.0);  // abandoned cases are not in it
  EXPECT_DOUBLE_EQ(r.stages[0].queue_area, 2 * 2.0 + 1.0);   // 2 waiting on [0, 2), 1 on [2, 3)
  EXPECT_EQ(r.series.at(0, 1, PeriodSeries::abandoned), 0.0);
  EXPECT_EQ(r.series.at(1, 1, PeriodSeries::abandoned), 1.0);
  EXPECT_EQ(r.series.at(1, 0, PeriodSeries::abandoned), 1.0);
}

TEST(Engine, PatienceAtOneStageDoesNotMakeCasesAbandonAnother) {
  // "second" (service 1, patience 10) feeds "first" (service 10, no patience). Two cases at
  // time zero: X is served at second on [0, 1), Y waits there and is served on [1, 2) with its
  // patience set to run out at day 10. At first, X is served on [1, 11) and Y waits from day 2,
  // so Y is still waiting at day 10 - at a stage without patience, where it must stay.
  Network net;
  net.case_types = {{"default", 0}};
  StageSpec second = stage("second", 1, 1.0);
  second.patience = Distribution::fixed(10.0);
  net.stages = {second, stage("first", 1, 10.0)};
  net.routes = {route(0, 1, 1.0)};
  net.initial_wip = {wip(0, 0, 2)};
  const ReplicationResult r = run_replication(net, horizon(30), 1, 0);
  EXPECT_EQ(r.stages[0].abandoned, 0u);
  EXPECT_EQ(r.stages[1].abandoned, 0u);
  EXPECT_EQ(r.system.abandoned, 0u);
  EXPECT_EQ(r.system.completed, 2u);
  EXPECT_DOUBLE_EQ(r.system.time_in_system_sum, 11.0 + 21.0);
}

TEST(Engine, RenegingCaseFollowsOnTimeoutRoute) {
  // As above, but a case that runs out of patience goes to "withdrawn" (a pure delay of 1 day)
  // and leaves from there by no route: it completes there, so it is not a system abandonment.
  Network net;
  net.case_types = {{"default", 0}};
  StageSpec s = stage("court", 1, 2.0);
  s.patience = Distribution::fixed(3.0);
  s.on_timeout = 1;
  net.stages = {s, delay("withdrawn", 1.0)};
  net.initial_wip = {wip(0, 0, 3)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  EXPECT_EQ(r.stages[0].abandoned, 1u);
  EXPECT_EQ(r.stages[1].arrivals, 1u);
  EXPECT_EQ(r.stages[1].completed, 1u);
  EXPECT_EQ(r.system.abandoned, 0u);
  EXPECT_EQ(r.system.completed, 3u);
  EXPECT_DOUBLE_EQ(r.system.time_in_system_sum, 2.0 + 4.0 + 4.0);
}

TEST(Engine, CapacityCutDoesNotInterruptCasesInService) {
  // Two servers busy on [0, 4) when capacity drops to 0 at day 1: both finish at day 4, and the
  // servers finishing them count as available until then (available = max(capacity, busy)).
  Network net;
  net.case_types = {{"default", 0}};
  StageSpec s = stage("court", 2, 4.0);
  s.capacity = {{0, 2}, {1, 0}};
  net.stages = {s};
  net.initial_wip = {wip(0, 0, 3)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  EXPECT_EQ(r.system.completed, 2u);
  EXPECT_EQ(r.stages[0].wip_end, 1u);
  EXPECT_EQ(r.stages[0].waiting_end, 1u);
  EXPECT_DOUBLE_EQ(r.stages[0].busy_time, 8.0);
  EXPECT_DOUBLE_EQ(r.stages[0].available_time, 8.0);
  EXPECT_DOUBLE_EQ(r.stages[0].utilisation(), 1.0);
  EXPECT_DOUBLE_EQ(r.stages[0].wip_end_age_sum, 10.0);
}

TEST(Engine, WarmupExcludesEarlierActivity) {
  // 23 cases at time zero, 4 servers, fixed service 2: completions at 2, 4, ..., 12. With a
  // warm-up of 5, the window [5, 20] sees the completions at 6, 8, 10, 12 (4 + 4 + 4 + 3) and
  // the services started at 6, 8, 10 (4 + 4 + 3).
  Network net;
  net.case_types = {{"default", 0}};
  net.stages = {stage("court", 4, 2.0)};
  net.initial_wip = {wip(0, 0, 23)};
  RunConfig c = horizon(20);
  c.warmup = 5;
  const ReplicationResult r = run_replication(net, c, 1, 0);
  EXPECT_DOUBLE_EQ(r.observed_days, 15.0);
  EXPECT_EQ(r.stages[0].completed, 15u);
  EXPECT_EQ(r.system.completed, 15u);
  EXPECT_EQ(r.stages[0].services_started, 11u);
  EXPECT_DOUBLE_EQ(r.stages[0].wait_sum, 4 * 6.0 + 4 * 8.0 + 3 * 10.0);
  EXPECT_DOUBLE_EQ(r.stages[0].busy_time, 4 * 1.0 + 4 * 2.0 + 4 * 2.0 + 3 * 2.0);
  EXPECT_DOUBLE_EQ(r.stages[0].available_time, 4 * 15.0);
  // Waiting: 11 on [4, 6), 7 on [6, 8), 3 on [8, 10), 0 after; the window starts at 5.
  EXPECT_DOUBLE_EQ(r.stages[0].queue_area, 11 * 1.0 + 7 * 2.0 + 3 * 2.0);
  EXPECT_DOUBLE_EQ(r.system.time_in_system_sum, 4 * 6.0 + 4 * 8.0 + 4 * 10.0 + 3 * 12.0);
}

TEST(Engine, ServiceScaleStretchesServicesStartedAfterItsDay) {
  // Fixed service 1, scaled by 3 from day 2: cases start at 0, 1 (1 day each), 2 (3 days).
  Network net;
  net.case_types = {{"default", 0}};
  StageSpec s = stage("court", 1, 1.0);
  s.service_scale = {{2.0, 3.0}};
  net.stages = {s};
  net.initial_wip = {wip(0, 0, 3)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  EXPECT_DOUBLE_EQ(r.system.time_in_system_sum, 1.0 + 2.0 + 5.0);
}

TEST(Engine, ServiceByTypeOverridesStageService) {
  Network net;
  net.case_types = {{"a", 0}, {"b", 0}};
  StageSpec s = delay("review", 1.0);
  s.service_by_type = {std::nullopt, Distribution::fixed(4.0)};
  net.stages = {s};
  net.initial_wip = {wip(0, 0, 2), wip(0, 1, 3)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  EXPECT_DOUBLE_EQ(r.case_types[0].time_in_system_sum, 2 * 1.0);
  EXPECT_DOUBLE_EQ(r.case_types[1].time_in_system_sum, 3 * 4.0);
}

TEST(Engine, TypedRoutesApplyOnlyToTheirType) {
  // Type a goes on to stage 1 (a delay of 5), type b leaves after stage 0.
  Network net;
  net.case_types = {{"a", 0}, {"b", 0}};
  net.stages = {delay("first", 1.0), delay("second", 5.0)};
  net.routes = {route(0, 1, 1.0, 0)};
  net.initial_wip = {wip(0, 0, 2), wip(0, 1, 2)};
  const ReplicationResult r = run_replication(net, horizon(10), 1, 0);
  EXPECT_EQ(r.stages[1].arrivals, 2u);
  EXPECT_DOUBLE_EQ(r.case_types[0].time_in_system_sum, 2 * 6.0);
  EXPECT_DOUBLE_EQ(r.case_types[1].time_in_system_sum, 2 * 1.0);
}

TEST(Engine, ArrivalsBeforeWarmupAreNotCounted) {
  Network net;
  net.case_types = {{"default", 0}};
  net.stages = {delay("d", 0.5)};
  ArrivalSpec a;
  a.stage = 0;
  a.schedule = {{0, 10.0}, {50, 0.0}};  // all arrivals before the warm-up ends
  net.arrivals = {a};
  RunConfig c = horizon(100);
  c.warmup = 60;
  c.period_ends = {80, 100};
  const ReplicationResult r = run_replication(net, c, 1, 0);
  EXPECT_EQ(r.system.arrivals, 0u);
  EXPECT_EQ(r.system.completed, 0u);
  EXPECT_EQ(r.series.at(0, 1, PeriodSeries::arrivals), 0.0);
  EXPECT_GT(r.events, 300u);  // they were simulated, just not counted
}

TEST(Engine, PeriodSnapshotsReportAgesAndUtilisation) {
  // A closed stage holding five cases aged 0, 10, 20, 30 and 40 days at time zero, and a
  // 2-server stage with one case in service (fixed 100 days). At day 5 the closed stage's
  // ages are 5, 15, 25, 35, 45: median 25, 90th percentile 35 + 0.6 x 10 = 41 (linear
  // interpolation), 2 over a 30-day threshold; the other stage is half used.
  Network net;
  net.case_types = {{"default", 0}};
  net.stages = {stage("closed", 0, 1.0), stage("half", 2, 100.0)};
  for (double age : {0.0, 10.0, 20.0, 30.0, 40.0}) net.initial_wip.push_back(wip(0, 0, 1, age));
  net.initial_wip.push_back(wip(1, 0, 1, 7.0));
  RunConfig c = horizon(10);
  c.period_ends = {5, 10};
  c.age_threshold_days = 30;
  const ReplicationResult r = run_replication(net, c, 1, 0);
  const PeriodSeries& s = r.series;
  EXPECT_EQ(s.at(0, 0, PeriodSeries::wip), 5.0);
  EXPECT_DOUBLE_EQ(s.at(0, 0, PeriodSeries::age_median), 25.0);
  EXPECT_DOUBLE_EQ(s.at(0, 0, PeriodSeries::age_p90), 41.0);
  EXPECT_EQ(s.at(0, 0, PeriodSeries::over_threshold), 2.0);
  EXPECT_TRUE(std::isnan(s.at(0, 0, PeriodSeries::utilisation)));  // no server-time available
  EXPECT_DOUBLE_EQ(s.at(0, 1, PeriodSeries::age_median), 12.0);
  EXPECT_DOUBLE_EQ(s.at(0, 1, PeriodSeries::utilisation), 0.5);
  EXPECT_DOUBLE_EQ(s.at(1, 1, PeriodSeries::utilisation), 0.5);
  // System row at day 5: ages 5, 12, 15, 25, 35, 45 -> median (15 + 25) / 2 = 20, 90th
  // percentile 35 + 0.5 x 10 = 40; over 30 days: 35 and 45. At day 10 the closed stage's ages
  // are 10 ... 50 and 30 is not over a 30-day threshold: still 2.
  EXPECT_EQ(s.at(0, 2, PeriodSeries::wip), 6.0);
  EXPECT_DOUBLE_EQ(s.at(0, 2, PeriodSeries::age_median), 20.0);
  EXPECT_DOUBLE_EQ(s.at(0, 2, PeriodSeries::age_p90), 40.0);
  EXPECT_EQ(s.at(0, 2, PeriodSeries::over_threshold), 2.0);
  EXPECT_EQ(s.at(1, 2, PeriodSeries::over_threshold), 2.0);
  EXPECT_DOUBLE_EQ(s.age_threshold_days, 30.0);
}

TEST(Engine, EventDueExactlyAtACalendarBucketBoundaryIsProcessed) {
  // The engine's calendar (event_queue.hpp) files events beyond its heap window into buckets of
  // horizon / 4096 days. With a horizon of 365.3 days, bucket 28 starts at w * 28 =
  // 2.49716796875, but 2.49716796875 / w rounds to 27.999999999999996. A case leaving a delay
  // at 2.45257568359375 (in bucket 27, already taken into the heap) for a delay of
  // 0.04459228515625 is due exactly there; it must still complete. (Regression test for a
  // calendar that filed it under the emptied bucket 27 and never popped it. If the number of
  // buckets changes, the numbers no longer hit the boundary and this only checks the drain.)
  Network net;
  net.case_types = {{"default", 0}};
  net.stages = {delay("first", 2.45257568359375), delay("second", 0.04459228515625)};
  net.routes = {route(0, 1, 1.0)};
  net.initial_wip = {wip(0, 0, 1)};
  const ReplicationResult r = run_replication(net, horizon(365.3), 1, 0);
  EXPECT_EQ(r.system.completed, 1u);
  EXPECT_EQ(r.system.wip_end, 0u);
  EXPECT_DOUBLE_EQ(r.system.time_in_system_sum, 2.49716796875);
}

// --- Budgets and errors ---------------------------------------------------------------------

TEST(Engine, EventBudgetThrowsBudgetExceeded) {
  Network net;
  net.case_types = {{"default", 0}};
  net.stages = {delay("d", 1.0)};
  ArrivalSpec a;
  a.stage = 0;
  a.schedule = {{0, 1e6}};
  net.arrivals = {a};
  RunConfig c = horizon(365);
  c.max_events = 10'000;
  EXPECT_THROW(run_replication(net, c, 1, 0), BudgetExceeded);
  ReplicationOptions options;
  options.replications = 4;
  options.threads = 2;
  EXPECT_THROW(run_replications(net, c, options), BudgetExceeded);
  try {
    run_replication(net, c, 1, 0);
  } catch (const SimError& e) {  // BudgetExceeded is a SimError
    EXPECT_NE(std::string(e.what()).find("10000"), std::string::npos) << e.what();
  }
}

// A flag set from another thread stops a long run within kCancelCheckEvents events; an unset
// flag changes nothing.
TEST(Engine, CancelFlagStopsARunAndAnUnsetOneChangesNothing) {
  Network net;
  net.case_types = {{"default", 0}};
  net.stages = {delay("d", 1.0)};
  ArrivalSpec a;
  a.stage = 0;
  a.schedule = {{0, 1e4}};
  net.arrivals = {a};
  RunConfig c = horizon(3650);  // about 73 M events: far longer than the test lets it run
  std::atomic<bool> cancel{false};
  c.cancel = &cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel = true;
  });
  ReplicationOptions options;
  options.replications = 4;
  options.threads = 2;
  EXPECT_THROW(run_replications(net, c, options), Cancelled);
  canceller.join();
  // Already set: stops at the first check, after kCancelCheckEvents events at most.
  EXPECT_THROW(run_replication(net, c, 1, 0), Cancelled);

  RunConfig short_run = horizon(30);
  const ReplicationResult plain = run_replication(net, short_run, 1, 0);
  std::atomic<bool> unset{false};
  short_run.cancel = &unset;
  const ReplicationResult watched = run_replication(net, short_run, 1, 0);
  EXPECT_EQ(plain.events, watched.events);
  EXPECT_EQ(plain.system.completed, watched.system.completed);
  EXPECT_DOUBLE_EQ(plain.system.time_in_system_sum, watched.system.time_in_system_sum);
}

TEST(Engine, CaseBudgetThrowsBudgetExceeded) {
  Network net;
  net.case_types = {{"default", 0}};
  net.stages = {stage("closed", 0, 1.0)};
  ArrivalSpec a;
  a.stage = 0;
  a.schedule = {{0, 100.0}};
  net.arrivals = {a};
  RunConfig c = horizon(365);
  c.max_cases_in_system = 1'000;
  EXPECT_THROW(run_replication(net, c, 1, 0), BudgetExceeded);
}

TEST(Engine, InconsistentNetworksThrowSimError) {
  Network good;
  good.case_types = {{"default", 0}};
  good.stages = {stage("court", 1, 1.0)};
  ASSERT_NO_THROW(run_replication(good, horizon(10), 1, 0));

  Network no_stages = good;
  no_stages.stages.clear();
  EXPECT_THROW(run_replication(no_stages, horizon(10), 1, 0), SimError);

  Network late_capacity = good;
  late_capacity.stages[0].capacity = {{1, 1}};
  EXPECT_THROW(run_replication(late_capacity, horizon(10), 1, 0), SimError);

  Network over_one = good;
  over_one.routes = {route(0, 0, 0.6), route(0, kExit, 0.6)};
  EXPECT_THROW(run_replication(over_one, horizon(10), 1, 0), SimError);

  Network bad_target = good;
  bad_target.routes = {route(0, 5, 0.5)};
  EXPECT_THROW(run_replication(bad_target, horizon(10), 1, 0), SimError);

  Network bad_arrival = good;
  ArrivalSpec a;
  a.stage = 3;
  a.schedule = {{0, 1.0}};
  bad_arrival.arrivals = {a};
  EXPECT_THROW(run_replication(bad_arrival, horizon(10), 1, 0), SimError);

  RunConfig warm_past_horizon = horizon(10);
  warm_past_horizon.warmup = 10;
  EXPECT_THROW(run_replication(good, warm_past_horizon, 1, 0), SimError);

  RunConfig bad_periods = horizon(10);
  bad_periods.period_ends = {5, 3};
  EXPECT_THROW(run_replication(good, bad_periods, 1, 0), SimError);

  ReplicationOptions none;
  none.replications = 0;
  EXPECT_THROW(run_replications(good, horizon(10), none), SimError);
}

}  // namespace
}  // namespace courtflow::sim

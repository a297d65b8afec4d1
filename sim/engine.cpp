// The run loop and event handlers. Event order at equal times is fixed by EventPriority and
// then by scheduling order (event_queue.hpp), so a replication is a pure function of
// (network, config, seed, replication).

#include "sim/engine.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <utility>

#include "sim/errors.hpp"
#include "sim/ordered_bits.hpp"
#include "sim/trace.hpp"

namespace courtflow::sim {
namespace {

constexpr SimTime kNever = std::numeric_limits<SimTime>::infinity();
// Calendar buckets over the horizon (event_queue.hpp). A bucket is sorted once when the clock
// reaches it and then read in order, so a bucket of thousands of events costs little; what
// costs is the random append to one of many buckets (its tail is a cache miss when the
// buckets' tails do not fit in L2). A national model (hundreds of thousands of cases in the
// system from the start, most of them in long pure delays, tens of millions of events) gets
// 8,192 buckets: England & Wales over 5 years, 2 replications, 5.92 CPU-s against 7.44 with
// 32,768 buckets (6.12 with 2,048, 6.05 with 512: flat below 8,192). A small model gets about
// one bucket per kEventsPerBucket events expected over the horizon, between 4,096 and 65,536,
// so that most of its events go through the sorted run rather than the heap, and each bucket
// is sorted quickly.
constexpr std::size_t kCalendarBucketsMin = 4096;
constexpr std::size_t kCalendarBucketsMax = 65536;
constexpr double kEventsPerBucket = 8;
constexpr std::size_t kNationalCalendarBuckets = 8192;
constexpr std::int64_t kNationalInitialCases = 65536;
// Cases (32 bytes each) beyond which a coming event's case is prefetched: 32,768 cases fill
// 1 MiB, half of a 2 MiB L2 cache. A smaller pool stays in cache and the prefetch would only
// cost time.
constexpr std::size_t kPrefetchPoolSize = 32768;
// How far along the calendar's sorted run (event_queue.hpp) the case of a coming event is
// prefetched.
constexpr std::size_t kPrefetchAhead = 16;

void check_network(const Network& network, const RunConfig& config) {
  const auto n_stages = static_cast<int>(network.stages.size());
  const auto n_types = static_cast<int>(network.case_types.size());
  if (n_stages == 0) throw SimError("network: no stages");
  if (n_types == 0) throw SimError("network: no case types");
  if (n_types > 65535) throw SimError("network: too many case types");
  if (network.arrivals.size() > Event::kMaxSubject || static_cast<std::uint64_t>(n_stages) > Event::kMaxSubject) {
    throw SimError("network: too many stages or arrival streams");
  }
  if (config.max_cases_in_system > Event::kMaxSubject + 1) {
    throw SimError("run: the case budget can be at most " + std::to_string(Event::kMaxSubject + 1) + " cases");
  }
  if (!(config.age_threshold_days > 0)) throw SimError("run: the age threshold must be > 0 days");
  if (!(config.horizon > 0) || !(config.warmup >= 0) || config.warmup >= config.horizon) {
    throw SimError("run: need 0 <= warmup < horizon");
  }
  SimTime previous = config.warmup;
  for (SimTime end : config.period_ends) {
    if (!(end > previous) || end > config.horizon) {
      throw SimError("run: period ends must increase within (warmup, horizon]");
    }
    previous = end;
  }
  for (const StageSpec& stage : network.stages) {
    if (!stage.infinite) {
      if (stage.capacity.empty() || stage.capacity.front().from != 0) {
        throw SimError("stage '" + stage.name + "': capacity schedule must start at day 0");
      }
      for (std::size_t i = 0; i < stage.capacity.size(); ++i) {
        if (stage.capacity[i].servers < 0 || (i > 0 && !(stage.capacity[i].from > stage.capacity[i - 1].from))) {
          throw SimError("stage '" + stage.name + "': capacity steps must be >= 0 with increasing days");
        }
      }
    }
    if (stage.on_timeout < kExit || stage.on_timeout >= n_stages) {
      throw SimError("stage '" + stage.name + "': on_timeout refers to a stage that does not exist");
    }
    for (std::size_t i = 0; i < stage.service_scale.size(); ++i) {
      if (!(stage.service_scale[i].factor > 0) || !std::isfinite(stage.service_scale[i].factor) ||
          (i > 0 && !(stage.service_scale[i].from > stage.service_scale[i - 1].from))) {
        throw SimError("stage '" + stage.name + "': service scale factors must be > 0 with increasing days");
      }
    }
    if (!stage.service_by_type.empty() && stage.service_by_type.size() != network.case_types.size()) {
      throw SimError("stage '" + stage.name + "': service_by_type must have one entry per case type");
    }
  }
  for (const ArrivalSpec& arrival : network.arrivals) {
    if (arrival.stage < 0 || arrival.stage >= n_stages || arrival.case_type < 0 || arrival.case_type >= n_types) {
      throw SimError("network: an arrival stream refers to a stage or case type that does not exist");
    }
    if (arrival.schedule.empty() || arrival.schedule.front().from != 0) {
      throw SimError("network: an arrival schedule must start at day 0");
    }
    for (std::size_t i = 0; i < arrival.schedule.size(); ++i) {
      if (!(arrival.schedule[i].rate_per_day >= 0) ||
          (i > 0 && !(arrival.schedule[i].from > arrival.schedule[i - 1].from))) {
        throw SimError("network: arrival rates must be >= 0 with increasing days");
      }
    }
  }
  for (const InitialWipSpec& wip : network.initial_wip) {
    if (wip.stage < 0 || wip.stage >= n_stages || wip.case_type < 0 || wip.case_type >= n_types || wip.count < 0) {
      throw SimError("network: initial work refers to a stage or case type that does not exist");
    }
  }
}

/// A case of initial work before it is placed: its entry time as ordered_bits, its slot.
struct InitialCase {
  std::uint64_t entry;
  std::uint32_t slot;
  std::uint32_t stage;
};

/// Initial work at least this big is radix-sorted: below it, clearing the radix passes' four
/// tables of 65,536 counts costs more than a comparison sort (a model with no initial work
/// at all cleared them in every replication: 1 M instructions, 6 an event of a 10-year run of
/// the tandem benchmark).
constexpr std::size_t kRadixSortMinCases = 16384;

/// Sorts initial work by stage, then oldest first, keeping the order it was created in among
/// equal entry times: std::stable_sort for a little, and for more a least-significant-digit
/// radix sort, four passes of 16 bits over the entry time (a pass is skipped when every case
/// has the same digit) and one by stage. A national model places 860 thousand cases this way
/// in every replication, and std::stable_sort was 40% of that.
void sort_initial_work(std::vector<InitialCase>& cases, std::size_t n_stages) {
  const std::size_t n = cases.size();
  if (n < kRadixSortMinCases) {
    std::stable_sort(cases.begin(), cases.end(), [](const InitialCase& a, const InitialCase& b) {
      return a.stage < b.stage || (a.stage == b.stage && a.entry < b.entry);
    });
    return;
  }
  std::vector<InitialCase> sorted(n);
  std::vector<std::uint32_t> counts;
  auto pass = [&](std::size_t digits, auto digit_of) {
    counts.assign(digits + 1, 0);
    for (const InitialCase& c : cases) ++counts[digit_of(c) + 1];
    if (n == 0 || counts[digit_of(cases.front()) + 1] == n) return;  // one digit: already in order
    for (std::size_t d = 1; d <= digits; ++d) counts[d] += counts[d - 1];
    for (const InitialCase& c : cases) sorted[counts[digit_of(c)]++] = c;
    cases.swap(sorted);
  };
  for (int shift = 0; shift < 64; shift += 16) {
    pass(std::size_t{1} << 16,
         [shift](const InitialCase& c) { return static_cast<std::size_t>((c.entry >> shift) & 0xffff); });
  }
  pass(n_stages, [](const InitialCase& c) { return static_cast<std::size_t>(c.stage); });
}

/// A national model: hundreds of thousands of cases in the system from the start, whose
/// calendar and case pool are far bigger than the caches.
bool is_national(const Network& network) {
  std::int64_t initial_cases = 0;
  for (const InitialWipSpec& wip : network.initial_wip) initial_cases += wip.count;
  return initial_cases >= kNationalInitialCases;
}

/// About how many events a day a run of `network` handles: arrivals (at the busiest step of
/// each stream) and a completion per stage visit, the visits from the traffic equations of the
/// routes that apply at day 0 (a typed route counted at its share of the types), solved by
/// iteration and capped for loops that hardly let cases go. Only the calendar's bucket width
/// depends on it, never a result.
double expected_events_per_day(const Network& network) {
  const std::size_t n = network.stages.size();
  std::vector<double> arrivals(n, 0.0);
  double arrivals_per_day = 0;
  for (const ArrivalSpec& arrival : network.arrivals) {
    double busiest = 0;
    for (const RateStep& step : arrival.schedule) busiest = std::max(busiest, step.rate_per_day);
    arrivals[static_cast<std::size_t>(arrival.stage)] += busiest;
    arrivals_per_day += busiest;
  }
  const double type_share = 1.0 / static_cast<double>(std::max<std::size_t>(1, network.case_types.size()));
  std::vector<double> visits = arrivals;  // visits a day to each stage
  std::vector<double> next;
  constexpr int kIterations = 200;
  for (int i = 0; i < kIterations; ++i) {
    next.assign(arrivals.begin(), arrivals.end());
    for (const RouteSpec& route : network.routes) {
      if (route.to == kExit || route.from_day > 0 || !(route.until_day > 0)) continue;
      const double share = route.case_type == kAnyCaseType ? route.p : route.p * type_share;
      next[static_cast<std::size_t>(route.to)] += share * visits[static_cast<std::size_t>(route.from)];
    }
    visits.swap(next);
  }
  double completions = 0;
  for (double v : visits) completions += v;
  constexpr double kMostVisitsPerCase = 1000;
  return arrivals_per_day + std::min(completions, kMostVisitsPerCase * arrivals_per_day);
}

/// How many calendar buckets a run of `network` over `horizon` days gets (see kCalendarBucketsMin).
std::size_t calendar_buckets(const Network& network, SimTime horizon) {
  if (is_national(network)) return kNationalCalendarBuckets;
  const double wanted = expected_events_per_day(network) * horizon / kEventsPerBucket;
  if (!(wanted > static_cast<double>(kCalendarBucketsMin))) return kCalendarBucketsMin;
  if (wanted >= static_cast<double>(kCalendarBucketsMax)) return kCalendarBucketsMax;
  return static_cast<std::size_t>(wanted);
}

/// The calendar of a run of `network` over `horizon` days: buckets over the horizon keep the
/// heap small however many events are pending (event_queue.hpp; events after the horizon are
/// never scheduled), and a national model defers its appends to them.
EventQueue calendar_for(const Network& network, SimTime horizon) {
  const std::size_t buckets = calendar_buckets(network, horizon);
  EventQueue calendar(horizon / static_cast<double>(buckets), buckets + 1);
  calendar.set_deferred_appends(is_national(network));
  return calendar;
}

}  // namespace

void Engine::accumulate(int stage) {
  const auto s = static_cast<std::size_t>(stage);
  StageState& state = stages_[s];
  if (state.last_change == now_) return;  // common: several changes at one instant
  const SimTime from = std::max(state.last_change, warmup_);
  if (now_ > from) {
    const double dt = now_ - from;
    state.busy_area += static_cast<double>(state.busy) * dt;
    if (state.infinite) {
      // A pure delay has capacity 0 and nobody waiting: available grows by max(0, busy) * dt,
      // exactly what busy grew by, from the same start, and the queue by 0.
      state.available_area = state.busy_area;
    } else {
      state.available_area += static_cast<double>(std::max(state.capacity, state.busy)) * dt;
      state.queue_area += static_cast<double>(state.waiting) * dt;
    }
  }
  state.last_change = now_;
}

Engine::Engine(const Network& network, const RunConfig& config, std::uint64_t seed, int replication)
    : network_(network),
      config_(config),
      seed_(seed),
      replication_(replication),
      horizon_(config.horizon),
      warmup_(config.warmup),
      router_((check_network(network, config), network)),
      events_(calendar_for(network, config.horizon)) {
  // Priority lanes: distinct priority numbers in increasing order.
  std::map<int, std::size_t> level_of;
  for (const CaseTypeSpec& type : network.case_types) level_of.emplace(type.priority, 0);
  std::size_t level = 0;
  for (auto& [priority, lane] : level_of) lane = level++;
  priority_levels_ = level_of.size();
  for (const CaseTypeSpec& type : network.case_types) priority_level_.push_back(level_of[type.priority]);

  const auto rep = static_cast<std::uint64_t>(replication);
  const std::size_t n_stages = network.stages.size();
  stages_.reserve(n_stages);
  for (std::size_t s = 0; s < n_stages; ++s) {
    const StageSpec& spec = network.stages[s];
    if (spec.patience) has_patience_ = true;
    StageState state;
    state.queue = WaitQueue(spec.discipline == Discipline::priority ? priority_levels_ : 1);
    state.infinite = spec.infinite;
    state.priority_queue = spec.discipline == Discipline::priority;
    state.patience = spec.patience ? &*spec.patience : nullptr;
    state.service_scale = spec.service_scale.empty() ? nullptr : &spec.service_scale;
    state.capacity = spec.infinite ? 0 : spec.capacity.front().servers;
    state.service_rng = Rng(seed, rep, static_cast<std::uint64_t>(StreamPurpose::service), s);
    state.routing_rng = Rng(seed, rep, static_cast<std::uint64_t>(StreamPurpose::routing), s);
    state.patience_rng = Rng(seed, rep, static_cast<std::uint64_t>(StreamPurpose::patience), s);
    state.exponential_service = true;
    for (std::size_t t = 0; t < network.case_types.size(); ++t) {
      const bool override = !spec.service_by_type.empty() && spec.service_by_type[t].has_value();
      state.service_for_type.push_back(override ? &*spec.service_by_type[t] : &spec.service);
      if (state.service_for_type.back()->kind() != Distribution::Kind::exponential) state.exponential_service = false;
    }
    if (state.exponential_service) state.service_logs = LogUniforms(state.service_rng);
    stages_.push_back(std::move(state));
  }
  arrivals_.resize(network.arrivals.size());
  for (std::size_t a = 0; a < arrivals_.size(); ++a) {
    arrivals_[a].log_uniforms = LogUniforms(Rng(seed, rep, static_cast<std::uint64_t>(StreamPurpose::arrivals), a));
  }

  result_.replication = replication;
  result_.observed_days = config.horizon - config.warmup;
  result_.stages.resize(n_stages);
  for (std::size_t s = 0; s < n_stages; ++s) result_.stages[s].infinite = network.stages[s].infinite;
  result_.case_types.resize(network.case_types.size());
  result_.series.period_ends = config.period_ends;
  result_.series.age_threshold_days = config.age_threshold_days;
  result_.series.rows_per_period = static_cast<int>(n_stages) + 1;
  result_.series.values.assign(config.period_ends.size() * (n_stages + 1) * PeriodSeries::metric_count, 0.0);
}

ReplicationResult Engine::run() {
  // Capacity changes are scheduled up front: there are few of them.
  for (std::size_t s = 0; s < network_.stages.size(); ++s) {
    const StageSpec& spec = network_.stages[s];
    if (spec.infinite) continue;
    for (std::size_t i = 1; i < spec.capacity.size(); ++i) {
      if (spec.capacity[i].from > config_.horizon) break;
      events_.push(spec.capacity[i].from, EventKind::capacity_change, static_cast<std::uint32_t>(s));
    }
  }
  place_initial_wip();
  for (std::size_t a = 0; a < arrivals_.size(); ++a) schedule_next_arrival(static_cast<std::uint32_t>(a), 0.0);

  const std::size_t n_periods = config_.period_ends.size();
  next_period_end_ = n_periods > 0 ? config_.period_ends.front() : kNever;
  std::uint64_t processed = 0;
  std::uint64_t next_check = std::min(config_.max_events, kCancelCheckEvents);
  while (!events_.empty()) {
    // take(): when the event is the heap's root, the one it schedules usually fills its slot
    // (a national model; a small model's heap stays empty). An event after the horizon ends
    // the run (nothing after it is taken either).
    const Event event = events_.take();
    if (event.time > horizon_) break;
    // A coming event's case is usually far away in a big pool: start fetching it now, for the
    // event kPrefetchAhead places along the bucket's sorted run (where most of a national
    // model's events come from), so that its miss has several events' work to overlap with.
    // Only where the pool is bigger than the caches: a small pool is already in them.
    if (prefetch_cases_) {
      const Event* ahead = events_.run_ahead(kPrefetchAhead);
      if (ahead != nullptr && (ahead->kind() == EventKind::completion || ahead->kind() == EventKind::renege)) {
        prefetch_case(ahead->subject());
      }
    }
    while (event.time > next_period_end_) {
      snapshot_period(next_period_++);
      next_period_end_ = next_period_ < n_periods ? config_.period_ends[next_period_] : kNever;
    }
    now_ = event.time;
    // One compare per event: the budget and the cancel flag are looked at only when
    // `processed` reaches the next check point.
    if (++processed > next_check) {
      if (processed > config_.max_events) {
        throw BudgetExceeded("event budget of " + std::to_string(config_.max_events) +
                             " events exceeded at day " + std::to_string(now_) + " of replication " +
                             std::to_string(replication_));
      }
      if (config_.cancel && config_.cancel->load(std::memory_order_relaxed)) {
        throw Cancelled("run cancelled at day " + std::to_string(now_) + " of replication " +
                        std::to_string(replication_));
      }
      next_check = std::min(config_.max_events, processed + kCancelCheckEvents);
    }
    // Completions first: most events are.
    const EventKind kind = event.kind();
    if (kind == EventKind::completion) [[likely]] {
      on_completion(event.subject());
    } else if (kind == EventKind::arrival) {
      on_arrival(event.subject());
    } else if (kind == EventKind::renege) {
      on_renege(event.subject());
    } else {
      on_capacity_change(event.subject());
    }
  }
  now_ = config_.horizon;
  while (next_period_ < n_periods) snapshot_period(next_period_++);

  for (std::size_t s = 0; s < stages_.size(); ++s) {
    accumulate(static_cast<int>(s));
    StageStats& stats = result_.stages[s];
    stats.busy_time = stages_[s].busy_area;
    stats.available_time = stages_[s].available_area;
    stats.queue_area = stages_[s].queue_area;
    stats.wip_end = static_cast<std::uint64_t>(stages_[s].busy + stages_[s].waiting);
    stats.waiting_end = static_cast<std::uint64_t>(stages_[s].waiting);
  }
  for (const Case& c : cases_) {
    if (c.state == CaseState::free) continue;
    result_.stages[static_cast<std::size_t>(c.stage)].wip_end_age_sum += now_ - c.stage_entry;
    result_.case_types[c.type].wip_end += 1;
  }
  result_.system.wip_end = live_cases_;
  result_.events = processed;
  return std::move(result_);
}

void Engine::place_initial_wip() {
  // Oldest first within each stage, so a FIFO queue serves them in order of their real arrival.
  std::size_t initial_cases = 0;
  for (const InitialWipSpec& wip : network_.initial_wip) initial_cases += static_cast<std::size_t>(wip.count);
  // Room for the initial work up front, at the capacity growth would reach anyway: a national
  // model's pool and calendar otherwise grow through three or four copies (each on fresh pages
  // the kernel must clear) while its 860 thousand cases are placed.
  std::vector<InitialCase> pending;
  pending.reserve(initial_cases);
  cases_.reserve(std::bit_ceil(initial_cases));
  if (has_patience_) renege_at_.reserve(std::bit_ceil(initial_cases));
  events_.reserve_bucket_events(initial_cases);
  Rng age_rng(seed_, static_cast<std::uint64_t>(replication_), static_cast<std::uint64_t>(StreamPurpose::initial_wip), 0);
  for (const InitialWipSpec& wip : network_.initial_wip) {
    for (std::int64_t i = 0; i < wip.count; ++i) {
      const SimTime age = wip.age ? wip.age->sample(age_rng) : 0.0;
      const std::uint32_t slot = new_case(wip.case_type, -age);
      pending.push_back({ordered_bits(-age), slot, static_cast<std::uint32_t>(wip.stage)});
    }
  }
  sort_initial_work(pending, stages_.size());
  // Initial work was already there at time zero: it is not counted as an arrival. All of it
  // queues first and only then do servers start, so a priority stage serves its most urgent
  // initial work first rather than whichever case was placed first.
  for (const InitialCase& p : pending) enter_stage(p.slot, static_cast<int>(p.stage), false, false);
  for (std::size_t s = 0; s < stages_.size(); ++s) fill_servers(static_cast<int>(s));
}

void Engine::schedule_next_arrival(std::uint32_t stream, SimTime after) {
  const ArrivalSpec& spec = network_.arrivals[stream];
  ArrivalState& state = arrivals_[stream];
  SimTime t = after;
  // Piecewise-constant Poisson: draw in the current step; if the draw passes the next step's
  // start, restart there with the new rate (valid because the exponential is memoryless).
  for (;;) {
    const double rate = spec.schedule[state.step].rate_per_day;
    const SimTime step_end = state.step + 1 < spec.schedule.size() ? spec.schedule[state.step + 1].from : kNever;
    if (rate > 0) {
      const SimTime candidate = t - state.log_uniforms.next() / rate;
      if (candidate < step_end) {
        if (candidate <= horizon_) {
          events_.push(candidate, EventKind::arrival, stream);
        }
        return;
      }
    }
    if (step_end == kNever || step_end > config_.horizon) return;
    t = step_end;
    ++state.step;
  }
}

std::uint32_t Engine::new_case(int type, SimTime system_entry) {
  if (live_cases_ >= config_.max_cases_in_system) {
    throw BudgetExceeded("case budget exceeded: more than " + std::to_string(config_.max_cases_in_system) +
                         " cases in the system at day " + std::to_string(now_) + " of replication " +
                         std::to_string(replication_));
  }
  std::uint32_t slot = 0;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(cases_.size());
    cases_.emplace_back();
    prefetch_cases_ = cases_.size() > kPrefetchPoolSize;
    if (has_patience_) renege_at_.push_back(0);
  }
  Case& c = cases_[slot];
  c.system_entry = system_entry;
  c.stage_entry = system_entry;
  c.type = static_cast<std::uint16_t>(type);
  c.state = CaseState::waiting;
  ++live_cases_;
  if (trace_ != nullptr) [[unlikely]] trace_->case_entered(slot, type, system_entry);
  return slot;
}

void Engine::free_case(std::uint32_t slot) {
  cases_[slot].state = CaseState::free;
  free_slots_.push_back(slot);
  --live_cases_;
}

void Engine::on_arrival(std::uint32_t stream) {
  const ArrivalSpec& spec = network_.arrivals[stream];
  const std::uint32_t slot = new_case(spec.case_type, now_);
  if (counting()) {
    result_.system.arrivals += 1;
    result_.case_types[static_cast<std::size_t>(spec.case_type)].arrivals += 1;
  }
  schedule_next_arrival(stream, now_);
  enter_stage(slot, spec.stage);
}

void Engine::enter_stage(std::uint32_t slot, int stage, bool count_arrival, bool may_start) {
  Case& c = cases_[slot];
  c.stage = stage;
  c.visit += 1;
  const auto s = static_cast<std::size_t>(stage);
  if (count_arrival && counting()) result_.stages[s].arrivals += 1;
  StageState& state = stages_[s];
  if (state.infinite || (may_start && state.busy < state.capacity)) {
    start_service(slot, stage);
    return;
  }
  accumulate(stage);
  state.waiting += 1;
  c.state = CaseState::waiting;
  const std::size_t lane = state.priority_queue ? priority_level_[c.type] : 0;
  state.queue.push({slot, c.visit}, lane);
  if (state.patience != nullptr) {
    const SimTime renege_at = now_ + state.patience->sample(state.patience_rng);
    renege_at_[slot] = renege_at;
    if (renege_at <= horizon_) events_.push(renege_at, EventKind::renege, slot);
  } else if (has_patience_) {
    // A renege event from an earlier wait (at a stage with patience) stays in the calendar; this
    // wait has none, so no such event may match it.
    renege_at_[slot] = std::numeric_limits<SimTime>::infinity();
  }
}

void Engine::start_service(std::uint32_t slot, int stage) {
  Case& c = cases_[slot];
  const auto s = static_cast<std::size_t>(stage);
  StageState& state = stages_[s];
  accumulate(stage);
  state.busy += 1;
  c.state = CaseState::in_service;
  if (counting()) {
    StageStats& stats = result_.stages[s];
    stats.services_started += 1;
    // Nobody waits at a pure delay; initial work's age there is time already spent in it.
    if (!state.infinite) stats.wait_sum += now_ - c.stage_entry;
  }
  const Distribution& service = *state.service_for_type[c.type];
  SimTime duration = state.exponential_service ? service.exponential_of_log_uniform(state.service_logs.next())
                                               : service.sample(state.service_rng);
  if (state.service_scale != nullptr) {
    const std::vector<FactorStep>& scale = *state.service_scale;
    while (state.next_scale_step < scale.size() && scale[state.next_scale_step].from <= now_) {
      state.service_factor = scale[state.next_scale_step++].factor;
    }
    duration *= state.service_factor;
  }
  if (trace_ != nullptr) [[unlikely]] trace_->service_started(slot, stage, now_, now_ + duration);
  // A service that ends after the horizon never completes within the run: the case is simply
  // still in service at the end, so its event is not scheduled.
  if (now_ + duration <= horizon_) events_.push(now_ + duration, EventKind::completion, slot);
}

void Engine::fill_servers(int stage) {
  const StageState& state = stages_[static_cast<std::size_t>(stage)];
  if (state.waiting > 0 && state.busy < state.capacity) serve_waiting(stage);
}

void Engine::serve_waiting(int stage) {
  StageState& state = stages_[static_cast<std::size_t>(stage)];
  QueueEntry entry;
  auto is_live = [this, stage](const QueueEntry& e) {
    const Case& c = cases_[e.slot];
    return c.state == CaseState::waiting && c.visit == e.visit && c.stage == stage;
  };
  while (state.waiting > 0 && state.busy < state.capacity && state.queue.pop(entry, is_live)) {
    accumulate(stage);
    state.waiting -= 1;
    start_service(entry.slot, stage);
  }
}

void Engine::on_completion(std::uint32_t slot) {
  Case& c = cases_[slot];
  if (c.state != CaseState::in_service) {
    throw SimError("internal: completion event for a case that is not in service");
  }
  const int stage = c.stage;
  const auto s = static_cast<std::size_t>(stage);
  StageState& state = stages_[s];
  accumulate(stage);
  state.busy -= 1;
  if (counting()) result_.stages[s].completed += 1;
  // The freed server goes to a case already waiting here before the finished case moves on,
  // so a case re-listed at this stage joins the back of its queue rather than jumping it.
  fill_servers(stage);
  const int next = router_.next(stage, c.type, now_, state.routing_rng);
  if (next == kExit) {
    leave_system(slot, false);
  } else {
    c.stage_entry = now_;
    enter_stage(slot, next);
  }
}

void Engine::on_renege(std::uint32_t slot) {
  Case& c = cases_[slot];
  if (c.state != CaseState::waiting || renege_at_[slot] != now_) return;  // served (or moved on) in time
  const int stage = c.stage;
  const auto s = static_cast<std::size_t>(stage);
  accumulate(stage);
  stages_[s].waiting -= 1;  // its queue entry goes stale and is skipped later
  if (counting()) result_.stages[s].abandoned += 1;
  const int target = network_.stages[s].on_timeout;
  if (target == kExit) {
    leave_system(slot, true);
  } else {
    c.stage_entry = now_;
    enter_stage(slot, target);
  }
}

void Engine::on_capacity_change(std::uint32_t stage) {
  const int st = static_cast<int>(stage);
  accumulate(st);
  StageState& state = stages_[stage];
  state.capacity = network_.stages[stage].capacity[state.next_capacity_step++].servers;
  // A reduction does not interrupt cases in service (non-preemptive): servers above the new
  // capacity finish their case and are then withdrawn.
  fill_servers(st);
}

void Engine::leave_system(std::uint32_t slot, bool abandoned) {
  const Case& c = cases_[slot];
  if (counting()) {
    CaseTypeStats& type = result_.case_types[c.type];
    CaseTypeStats& system = result_.system;
    if (abandoned) {
      type.abandoned += 1;
      system.abandoned += 1;
    } else {
      const double time_in_system = now_ - c.system_entry;
      type.completed += 1;
      type.time_in_system_sum += time_in_system;
      system.completed += 1;
      system.time_in_system_sum += time_in_system;
    }
  }
  free_case(slot);
}


void Engine::put_period_counts(std::size_t period, int row, std::uint64_t arrivals, std::uint64_t completed,
                               std::uint64_t abandoned, PeriodCounts& at_last_period) {
  PeriodSeries& series = result_.series;
  series.at(period, row, PeriodSeries::arrivals) = static_cast<double>(arrivals - at_last_period.arrivals);
  series.at(period, row, PeriodSeries::completions) = static_cast<double>(completed - at_last_period.completed);
  series.at(period, row, PeriodSeries::abandoned) = static_cast<double>(abandoned - at_last_period.abandoned);
  at_last_period = {arrivals, completed, abandoned};
}

void Engine::snapshot_period(std::size_t period) {
  PeriodSeries& series = result_.series;
  const int system_row = series.rows_per_period - 1;
  const SimTime end = config_.period_ends[period];
  std::int64_t waiting = 0;
  for (std::size_t s = 0; s < stages_.size(); ++s) {
    const int row = static_cast<int>(s);
    // Utilisation within the period: the growth of the stage's busy and available areas
    // since the previous period end (areas are brought up to the period end first).
    const SimTime clock = now_;
    now_ = end;
    accumulate(row);
    now_ = clock;
    StageState& state = stages_[s];
    const double busy = state.busy_area - state.busy_at_last_period;
    const double available = state.available_area - state.available_at_last_period;
    state.busy_at_last_period = state.busy_area;
    state.available_at_last_period = state.available_area;
    series.at(period, row, PeriodSeries::utilisation) =
        network_.stages[s].infinite || available <= 0 ? std::numeric_limits<double>::quiet_NaN() : busy / available;
    series.at(period, row, PeriodSeries::wip) = static_cast<double>(stages_[s].busy + stages_[s].waiting);
    series.at(period, row, PeriodSeries::waiting) = static_cast<double>(stages_[s].waiting);
    waiting += stages_[s].waiting;
    put_period_counts(period, row, result_.stages[s].arrivals, result_.stages[s].completed,
                      result_.stages[s].abandoned, state.counts_at_last_period);
  }
  // The system has no servers of its own: no utilisation (written empty, not 0).
  series.at(period, system_row, PeriodSeries::utilisation) = std::numeric_limits<double>::quiet_NaN();
  series.at(period, system_row, PeriodSeries::wip) = static_cast<double>(live_cases_);
  series.at(period, system_row, PeriodSeries::waiting) = static_cast<double>(waiting);
  put_period_counts(period, system_row, result_.system.arrivals, result_.system.completed, result_.system.abandoned,
                    system_counts_at_last_period_);

  // Ages of the open caseload: one pass over the pool (a second only when a row's median or
  // 90th percentile has moved far since the last period end), then quantiles per row
  // (AgeQuantiles: O(cases in the system) per period, its buffers reused).
  const std::size_t rows = stages_.size() + 1;
  ages_.reset(rows, config_.age_threshold_days);
  AgeQuantiles::Adder ages = ages_.adder();
  constexpr std::size_t kBlock = 8192;  // cases between checks for room to keep their ages
  for (std::size_t first = 0; first < cases_.size(); first += kBlock) {
    const std::size_t last = std::min(cases_.size(), first + kBlock);
    ages_.make_room(last - first);
    for (std::size_t i = first; i < last; ++i) {
      const Case& c = cases_[i];
      if (c.state == CaseState::free) continue;
      ages.add(static_cast<std::size_t>(c.stage), end - c.stage_entry);
      ages.add(rows - 1, end - c.system_entry);
    }
  }
  if (ages_.finish_counting()) {  // a wanted age group moved out of the window kept
    for (const Case& c : cases_) {
      if (c.state == CaseState::free) continue;
      ages_.gather(static_cast<std::size_t>(c.stage), end - c.stage_entry);
      ages_.gather(rows - 1, end - c.system_entry);
    }
  }
  for (int row = 0; row <= system_row; ++row) {
    const auto r = static_cast<std::size_t>(row);
    series.at(period, row, PeriodSeries::over_threshold) = static_cast<double>(ages_.over_threshold(r));
    const auto [median, p90] = ages_.median_and_p90(r);
    series.at(period, row, PeriodSeries::age_median) = median;
    series.at(period, row, PeriodSeries::age_p90) = p90;
  }
}

}  // namespace courtflow::sim

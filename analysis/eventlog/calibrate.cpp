// Fitting a model to an event log (calibrate.hpp): one pass over the cases for samples and
// transitions, then stages, routes and arrivals, then the model.

#include "analysis/eventlog/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "analysis/eventlog/capacity_schedule.hpp"
#include "analysis/eventlog/censored_exits.hpp"
#include "models/dates.hpp"
#include "models/diagnostic.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"

namespace courtflow::analysis::eventlog {
namespace {

constexpr std::size_t kMinWaitsForDelay = 10;
constexpr std::size_t kMinValuesPerType = 30;  ///< fewest durations for a case type's own fit
constexpr double kScheduleP = 0.001;
constexpr double kDisclosureCount = 10;  ///< fewest cases behind one step of an arrival schedule

double time_of(const Event& e) { return std::isnan(e.start) ? e.complete : e.start; }

/// The mean of every value in `samples` (all activities' durations of one kind); 0 if none.
double pooled_mean(const std::vector<std::vector<double>>& samples) {
  double sum = 0;
  std::size_t n = 0;
  for (const auto& values : samples) {
    for (double v : values) sum += v;
    n += values.size();
  }
  return n > 0 ? sum / static_cast<double>(n) : 0.0;
}

/// Privacy rule 4 (docs/PRIVACY.md): no single case's values in a fitted model. A stage with 1
/// to 9 durations would carry them (their mean, or the one value) into the model and the
/// report, so it gets an exponential with the mean of every duration of its kind in the log,
/// and its own summary (mean, sd, quantiles, candidates) is withheld.
void withhold_few(DistributionFit& fit, double pooled, const std::string& kind) {
  if (fit.n == 0 || static_cast<double>(fit.n) >= kDisclosureCount) return;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  fit.chosen = models::DistDef{"exponential", {{"mean", pooled}}, {}};
  fit.chosen_family = "exponential";
  fit.reason = "fewer than 10 durations: exponential with the mean of all " + kind +
               " in the log, so that no case's own duration is in the model";
  fit.mean = fit.sd = fit.zero_share = fit.chosen_ks_distance = fit.ks_critical_5pct = kNaN;
  fit.candidates.clear();
  fit.quantiles.clear();
}

std::vector<std::string> unique_ids(const std::vector<std::string>& names, const std::string& empty_name) {
  std::vector<std::string> ids;
  std::set<std::string> taken{"exit", "system"};  // reserved in a model (models/validate)
  for (const std::string& name : names) {
    std::string base = make_id(name.empty() ? empty_name : name);
    std::string id = base;
    for (int k = 2; taken.count(id) > 0; ++k) id = base + "_" + std::to_string(k);
    taken.insert(id);
    ids.push_back(id);
  }
  return ids;
}

}  // namespace

std::string make_id(const std::string& name) {
  std::string id;
  for (unsigned char ch : name) {
    const bool ok = std::isalnum(ch) || ch == '_' || ch == '.' || ch == '-';
    id += ok ? static_cast<char>(ch) : '_';
  }
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0])) || id[0] == '.' || id[0] == '-') id = "a_" + id;
  return id;
}

Calibration calibrate(const EventLog& log, const CalibrateOptions& options) {
  Calibration c;
  c.quality = log.quality;
  c.has_start = log.has_start;
  c.has_resource = log.has_resource;
  const std::size_t n_act = log.activities.size();
  const std::vector<std::string> stage_ids = unique_ids(log.activities, "activity");
  const bool typed = log.has_case_type && log.case_types.size() > 1;
  c.has_case_type = typed;
  const std::vector<std::string> type_ids = unique_ids(log.case_types, "untyped");
  const std::size_t n_types = typed ? log.case_types.size() : 1;
  c.dates_only = log.quality.times_with_time_of_day == 0;

  // Pass 1: per activity, the samples; per case, its start, type and first activity.
  std::vector<std::vector<double>> service(n_act), gaps(n_act), waits(n_act), follow_gap(n_act);
  // The case type of each service and gap sample, in step with them (for service_by_type).
  std::vector<std::vector<std::uint32_t>> service_type(n_act), gap_type(n_act);
  std::vector<std::uint64_t> occurrences(n_act, 0), with_start(n_act, 0);
  struct CaseStart {
    double at;
    std::uint32_t type, first;
  };
  std::vector<CaseStart> starts;
  double log_begin = INFINITY, log_end = -INFINITY;
  const std::vector<Event>& ev = log.events;
  for (std::size_t i = 0; i < ev.size();) {
    std::size_t j = i;
    while (j < ev.size() && ev[j].case_index == ev[i].case_index) ++j;
    const std::uint32_t type = typed ? ev[i].case_type : 0;
    starts.push_back({time_of(ev[i]), type, ev[i].activity});
    for (std::size_t k = i; k < j; ++k) {
      const Event& e = ev[k];
      ++occurrences[e.activity];
      log_begin = std::min(log_begin, time_of(e));
      log_end = std::max(log_end, e.complete);
      if (!std::isnan(e.start)) {
        ++with_start[e.activity];
        service[e.activity].push_back(e.complete - e.start);
        service_type[e.activity].push_back(type);
        if (k > i && e.start >= ev[k - 1].complete) waits[e.activity].push_back(e.start - ev[k - 1].complete);
      } else if (k > i) {
        gaps[e.activity].push_back(std::max(0.0, e.complete - ev[k - 1].complete));
        gap_type[e.activity].push_back(type);
      }
      // To the next event's completion, not its start: an event is in the extract once it has
      // completed, and a case end is censored at (end of the extract - its completion), so the
      // time to the next event and the censoring time are on the same clock.
      if (k + 1 < j) follow_gap[e.activity].push_back(std::max(0.0, ev[k + 1].complete - e.complete));
    }
    i = j;
  }
  const double day0 = std::floor(log_begin);
  if (std::ceil(log_end - day0) > models::kMaxHorizonDays) {
    // Too few events for drop_cases_far_outside_the_log to tell a mistyped year from the rest.
    throw models::InputError(models::Diagnostic{
        log.source, "timestamp",
        "the events run from " + models::format_iso_date(static_cast<std::int64_t>(day0)) + " to " +
            models::format_iso_date(static_cast<std::int64_t>(std::floor(log_end))) + ", longer than a model can run (" +
            std::to_string(static_cast<long long>(models::kMaxHorizonDays)) + " days): is a year mistyped?",
        false});
  }
  c.start_date = models::format_iso_date(static_cast<std::int64_t>(day0));
  c.span_days = log_end - log_begin;

  // Pass 2: transitions. Every observed transition counts. A case's last event is an exit or
  // a transition still to come, its time to the next event censored at the end of the extract:
  // censored_exits.hpp weighs it as an exit by its chance q of being one, and spreads 1 - q over
  // the routes out of its activity in proportion to their observed counts.
  using Weights = std::map<std::pair<std::uint32_t, std::int64_t>, double>;  // (from, to or -1) -> transitions
  std::vector<Weights> shared_ends(n_types), all(n_types);
  std::vector<Departures> departures(n_act);
  for (Departures& d : departures) d.observed.assign(n_types, 0);
  for (std::size_t a = 0; a < n_act; ++a) departures[a].gaps = std::move(follow_gap[a]);  // not needed after this
  for (std::size_t i = 0; i < ev.size();) {
    std::size_t j = i;
    while (j < ev.size() && ev[j].case_index == ev[i].case_index) ++j;
    const std::uint32_t type = typed ? ev[i].case_type : 0;
    for (std::size_t k = i; k + 1 < j; ++k) {
      all[type][{ev[k].activity, ev[k + 1].activity}] += 1;
      ++departures[ev[k].activity].observed[type];
    }
    const Event& last = ev[j - 1];
    all[type][{last.activity, -1}] += 1;
    departures[last.activity].ends.push_back({log_end - last.complete, type});
    i = j;
  }
  shared_ends = all;
  std::string unconverged;  // stages whose exit chances stopped at the iteration cap
  for (std::size_t a = 0; a < n_act; ++a) {
    const Departures& d = departures[a];
    if (d.ends.empty()) continue;
    const ExitChances chances = exit_chances(d);
    if (!chances.converged) unconverged += (unconverged.empty() ? "" : ", ") + stage_ids[a];
    // The share of each group's open ends that goes to the routes, spread by observed counts.
    std::vector<double> to_routes(n_types, 0);
    for (std::size_t e = 0; e < d.ends.size(); ++e) {
      const double q = chances.q[e];
      if (q >= 1) continue;
      ++c.transitions_censored;
      ++c.quality.cases_possibly_open;
      c.exits_reassigned += 1 - q;
      to_routes[d.ends[e].group] += 1 - q;
    }
    const auto from = static_cast<std::uint32_t>(a);
    for (std::size_t t = 0; t < n_types; ++t) {
      if (to_routes[t] == 0 || d.observed[t] == 0) continue;
      shared_ends[t][{from, -1}] -= to_routes[t];
      const double observed = static_cast<double>(d.observed[t]);
      for (auto it = shared_ends[t].upper_bound({from, -1}); it != shared_ends[t].end() && it->first.first == from; ++it) {
        it->second += to_routes[t] * all[t].at(it->first) / observed;
      }
    }
  }

  // Stages.
  models::Model& m = c.model;
  m.name = options.model_name;
  // Counts in the model, as in the report, are suppressed below the disclosure threshold.
  auto count_text = [](std::uint64_t n) { return n < 10 ? std::string("fewer than 10") : std::to_string(n); };
  m.description = "Fitted by courtflow calibrate to " + count_text(log.quality.rows_kept) + " events of " +
                  count_text(log.case_count) + " cases";
  m.start_date = c.start_date;
  m.horizon_days = std::max(1.0, std::ceil(log_end - day0));
  m.replications = options.replications;
  m.seed = options.seed;
  m.count_unit = "cases";
  std::vector<std::vector<std::uint32_t>> events_of(n_act);  // indices into ev, by activity
  const double pooled_service = pooled_mean(service);
  const double pooled_gap = pooled_mean(gaps);
  for (std::size_t i = 0; i < ev.size(); ++i) events_of[ev[i].activity].push_back(static_cast<std::uint32_t>(i));
  for (std::size_t a = 0; a < n_act; ++a) {
    StageFit f;
    f.id = stage_ids[a];
    f.activity = log.activities[a];
    f.events = occurrences[a];
    const bool timed = with_start[a] * 2 > occurrences[a];
    if (timed) {
      f.duration_kind = "service (start to completion)";
      f.duration = fit_durations(service[a]);
      withhold_few(f.duration, pooled_service, "service times (start to completion)");
      f.waits = waits[a].size();
      if (!waits[a].empty()) {
        double sum = 0, zeros = 0;
        for (double w : waits[a]) {
          sum += w;
          zeros += w == 0 ? 1 : 0;
        }
        f.wait_mean = sum / static_cast<double>(waits[a].size());
        f.wait_zero_share = zeros / static_cast<double>(waits[a].size());
      }
      // Capacity.
      std::map<std::int64_t, std::set<std::int32_t>> per_month;
      bool any_resource = false;
      for (const std::uint32_t i : events_of[a]) {
        const Event& e = ev[i];
        if (e.resource < 0 || std::isnan(e.start)) continue;
        any_resource = true;
        per_month[month_of(e.start)].insert(e.resource);
      }
      if (any_resource) {
        std::vector<MonthlyResources> months;
        for (const auto& [month, set] : per_month) {
          f.resources_per_month.emplace_back(month_label(month), static_cast<std::int64_t>(set.size()));
          const bool whole = month_start(month) >= log_begin && month_start(month + 1) <= log_end;
          months.push_back({month, static_cast<std::int64_t>(set.size()), whole});
        }
        const CapacitySchedule schedule = capacity_schedule(months, day0);
        f.servers = schedule.servers;
        f.capacity = schedule.steps;
        for (std::size_t k = 0; k < schedule.steps.size(); ++k) {
          f.capacity_steps.emplace_back(schedule.step_months[k], schedule.steps[k].servers);
        }
        f.capacity_method = f.capacity.empty()
                                ? "the distinct resources active in each calendar month (the same in every month)"
                                : "the distinct resources active in each calendar month (a schedule: " +
                                      std::to_string(f.capacity.size()) + " changes)";
      } else if (waits[a].size() >= kMinWaitsForDelay && f.wait_zero_share == 1) {
        f.infinite = true;
        f.capacity_method = "a delay: no resources named and none of " + std::to_string(waits[a].size()) +
                            " cases waited";
      } else {
        std::vector<std::pair<double, int>> sweep;
        for (const std::uint32_t i : events_of[a]) {
          const Event& e = ev[i];
          if (std::isnan(e.start)) continue;
          sweep.emplace_back(e.start, +1);
          sweep.emplace_back(e.complete, -1);
        }
        std::sort(sweep.begin(), sweep.end());  // ends (-1) before starts at the same time
        std::int64_t now = 0, peak = 0;
        for (const auto& [t, d] : sweep) peak = std::max(peak, now += d);
        f.servers = std::max<std::int64_t>(1, peak);
        f.capacity_method = "the peak number of cases in service at once (no resources named)";
      }
    } else {
      f.infinite = true;
      f.duration_kind = "time since the case's previous event";
      f.duration = fit_durations(gaps[a]);
      withhold_few(f.duration, pooled_gap, "times since the case's previous event");
      f.capacity_method = "a delay: completion times only, so waiting cannot be told from work";
      if (gaps[a].empty()) f.capacity_method = "a delay of 0: only ever a case's first event (its arrival)";
    }
    // Case types whose durations differ from the pooled ones get their own distribution:
    // those with enough values whose mean is more than three standard errors from the pooled
    // mean.
    if (typed) {
      const std::vector<double>& values = timed ? service[a] : gaps[a];
      const std::vector<std::uint32_t>& types = timed ? service_type[a] : gap_type[a];
      for (std::size_t t = 0; t < n_types; ++t) {
        std::vector<double> own;
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (types[i] == t) own.push_back(values[i]);
        }
        if (own.size() < kMinValuesPerType || own.size() == values.size()) continue;
        DistributionFit typed_fit = fit_durations(own);
        const double se = typed_fit.sd / std::sqrt(static_cast<double>(own.size()));
        if (std::fabs(typed_fit.mean - f.duration.mean) <= 3 * se) continue;
        f.by_type.emplace_back(type_ids[t], std::move(typed_fit));
      }
    }
    if (f.waits > 0 && static_cast<double>(f.waits) < kDisclosureCount) {  // rule 4, as for durations
      f.wait_mean = f.wait_zero_share = std::numeric_limits<double>::quiet_NaN();
    }
    models::StageDef s;
    s.id = f.id;
    for (const auto& [type, fit] : f.by_type) s.service_by_type[type] = fit.chosen;
    s.description = "activity \"" + f.activity + "\"";
    s.infinite = f.infinite;
    s.servers = f.infinite ? 1 : f.servers;
    if (!f.infinite) s.capacity = f.capacity;
    s.service = f.duration.chosen;
    m.stages.push_back(s);
    c.stages.push_back(std::move(f));
  }

  // Case types.
  if (typed) {
    for (std::size_t t = 0; t < n_types; ++t) m.case_types.push_back({type_ids[t], 0, ""});
  }

  // Routes, per case type when typed. A count is the transitions, with each case end possibly
  // still open shared between the exit and the routes (pass 2); the report gives it rounded.
  // Should the shared ends leave a stage with no way out (every end of a looping stage read as
  // still open), the model would be invalid, so the routes are rebuilt with every case end an
  // exit (and the report says so).
  auto build_routes = [&](bool censor) {
    c.routes.clear();
    m.routes.clear();
    for (std::size_t t = 0; t < n_types; ++t) {
      const Weights& counts = censor ? shared_ends[t] : all[t];
      for (std::size_t a = 0; a < n_act; ++a) {
        // The transitions out of `a`: keys (a, to) are adjacent in the map, exits (-1) first.
        const auto from = static_cast<std::uint32_t>(a);
        const auto first = counts.lower_bound({from, std::numeric_limits<std::int64_t>::min()});
        const auto last = counts.lower_bound({from + 1, std::numeric_limits<std::int64_t>::min()});
        double total = 0;
        for (auto it = first; it != last; ++it) total += it->second;
        if (total <= 0) continue;
        for (auto it = first; it != last; ++it) {
          const auto& [key, n] = *it;
          if (n <= 0) continue;  // every end of `a` read as still open: no exit
          RouteFit r;
          r.case_type = typed ? type_ids[t] : "";
          r.from = stage_ids[a];
          r.to = key.second < 0 ? "exit" : stage_ids[static_cast<std::size_t>(key.second)];
          r.transitions = n;
          // Whole transitions; a share of one, at least 1 (a route with no count would read as
          // never taken).
          r.count = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(n)));
          r.p = n / total;
          c.routes.push_back(r);
          if (key.second < 0) continue;  // the remainder leaves
          models::RouteDef def;
          def.from = r.from;
          def.to = r.to;
          def.p = r.p;
          if (typed) def.case_type = r.case_type;
          m.routes.push_back(def);
        }
      }
    }
  };
  build_routes(true);
  // Arrivals.
  ArrivalPattern& ap = c.arrival_pattern;
  std::sort(starts.begin(), starts.end(), [](const CaseStart& x, const CaseStart& y) { return x.at < y.at; });
  ap.cases = starts.size();
  ap.first_day = starts.front().at;
  ap.last_day = starts.back().at;
  const double span = ap.last_day - ap.first_day;
  ap.rate_per_day = span > 0 && starts.size() > 1 ? static_cast<double>(starts.size() - 1) / span
                                                  : static_cast<double>(starts.size());
  std::vector<std::pair<double, double>> schedule;  // (from_day relative to day 0, rate)
  struct Block {
    double from_day, exposure, cases;
  };
  std::vector<Block> blocks;
  ap.base_rate_per_day = ap.rate_per_day;
  if (span > 0) {
    std::map<std::int64_t, std::uint64_t> per_month;
    for (const CaseStart& s : starts) ++per_month[month_of(s.at)];
    const std::int64_t first = month_of(ap.first_day), last = month_of(ap.last_day);
    // Seasonality, from the whole months; then every month's exposure is weighted by its
    // factor, which deseasonalises the rates, the test and the schedule below.
    std::vector<MonthCount> whole;
    for (std::int64_t mo = first; mo <= last; ++mo) {
      if (month_start(mo) >= ap.first_day && month_start(mo + 1) <= ap.last_day) {
        whole.push_back({mo, static_cast<double>(per_month[mo]), month_start(mo + 1) - month_start(mo)});
      }
    }
    ap.seasonality = test_arrival_seasonality(whole);
    const auto factor_of = [&](std::int64_t mo) {
      return ap.seasonality.seasonal ? ap.seasonality.factors[static_cast<std::size_t>(month_of_year(mo))] : 1.0;
    };
    if (ap.seasonality.seasonal) {
      double weighted = 0;
      for (std::int64_t mo = first; mo <= last; ++mo) {
        const double from = std::max(month_start(mo), ap.first_day);
        const double to = std::min(month_start(mo + 1), ap.last_day);
        if (to > from) weighted += (to - from) * factor_of(mo);
      }
      ap.base_rate_per_day = static_cast<double>(starts.size() - 1) / weighted;
    }
    for (std::int64_t mo = first; mo <= last; ++mo) {
      const double from = std::max(month_start(mo), ap.first_day);
      const double to = std::min(month_start(mo + 1), ap.last_day);
      const double exposure = (to - from) * factor_of(mo);
      if (exposure <= 0) continue;
      const double observed = static_cast<double>(per_month[mo]);
      ap.monthly.push_back({month_label(mo), per_month[mo], observed / (to - from)});  // as observed
      blocks.push_back({mo == first ? 0.0 : month_start(mo) - day0, exposure, observed});
      const double expected = ap.base_rate_per_day * exposure;
      if (expected >= 5) {
        ap.chi_square += (observed - expected) * (observed - expected) / expected;
        ++ap.degrees_of_freedom;
      }
    }
    // The schedule: months merged with the following ones until each step holds at least
    // kDisclosureCount cases (a rate of a handful of cases would disclose them), the last
    // short step merged back into the one before.
    std::vector<Block> merged;
    for (const Block& b : blocks) {
      if (!merged.empty() && merged.back().cases < kDisclosureCount) {
        merged.back().exposure += b.exposure;
        merged.back().cases += b.cases;
      } else {
        merged.push_back(b);
      }
    }
    if (merged.size() > 1 && merged.back().cases < kDisclosureCount) {
      merged[merged.size() - 2].exposure += merged.back().exposure;
      merged[merged.size() - 2].cases += merged.back().cases;
      merged.pop_back();
    }
    for (const Block& b : merged) schedule.emplace_back(b.from_day, b.cases / b.exposure);
    // One degree of freedom for the rate, and 11 more when the month factors were estimated
    // from these same counts (their mean is fixed at 1).
    ap.degrees_of_freedom -= ap.seasonality.seasonal ? 12 : 1;
    ap.p_value = chi_square_upper_tail(ap.chi_square, ap.degrees_of_freedom);
    ap.schedule_used = ap.degrees_of_freedom >= 2 && ap.p_value < kScheduleP;
  }
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> streams;
  for (const CaseStart& s : starts) ++streams[{s.type, s.first}];
  // An extract of the cases that started by some date, followed for long after it: no case
  // starts after the last one seen, so the model's arrivals stop there too (else it would
  // add cases the log could never show). Only when the gap is clear: over 30 days and 5% of
  // the span.
  const double quiet_days = log_end - ap.last_day;
  const double stop_day = std::ceil(ap.last_day - day0);
  ap.arrivals_stop = quiet_days > 30 && quiet_days > 0.05 * (log_end - ap.first_day) && stop_day >= 1;
  for (const auto& [key, n] : streams) {
    const double share = static_cast<double>(n) / static_cast<double>(starts.size());
    ArrivalFit a;
    a.case_type = typed ? type_ids[key.first] : "";
    a.to = stage_ids[key.second];
    a.cases = n;
    a.rate_per_day = ap.rate_per_day * share;
    c.arrivals.push_back(a);
    models::ArrivalDef def;
    def.to = a.to;
    if (typed) def.case_type = a.case_type;
    if (ap.schedule_used) {
      def.rate_per_day = schedule.front().second * share;
      for (std::size_t k = 1; k < schedule.size(); ++k) def.schedule.push_back({schedule[k].first, schedule[k].second * share});
    } else {
      def.rate_per_day = ap.base_rate_per_day * share;
    }
    if (ap.seasonality.seasonal) {
      def.seasonality = models::SeasonalityDef{};
      for (const double f : ap.seasonality.factors) def.seasonality->month_factors.push_back(f);
    }
    if (ap.arrivals_stop) {
      while (!def.schedule.empty() && def.schedule.back().from_day >= stop_day) def.schedule.pop_back();
      def.schedule.push_back({stop_day, 0.0});
    }
    m.arrivals.push_back(def);
  }

  bool routes_uncensored = false;
  if (c.transitions_censored > 0) {
    const std::vector<models::Diagnostic> problems = models::validate(m, "");
    if (std::any_of(problems.begin(), problems.end(), [](const models::Diagnostic& d) { return !d.warning; })) {
      build_routes(false);
      routes_uncensored = true;
      c.exits_reassigned = 0;
    }
  }

  // Notes for the reader.
  if (log.quality.cases_dropped_far_outside > 0) {
    c.notes.push_back("Some cases were left out: one of their dates lies years away from the rest of the log (a "
                      "mistyped year?), which would have stretched the model's horizon and durations. The data "
                      "quality section counts them and shows the years.");
  }
  if (!log.has_start) {
    c.notes.push_back(
        "The log has completion times only: each step's duration is the time since the case's previous event, "
        "every stage is a delay (servers \"infinite\"), and waiting cannot be told apart from work.");
  }
  if (c.dates_only) {
    c.notes.push_back("Timestamps are dates without a time of day: durations are whole days, and events on the "
                      "same day are ordered as they appear in the file.");
  }
  if (ap.schedule_used) {
    c.notes.push_back(ap.seasonality.seasonal
                          ? "Beyond the month-of-year pattern, arrivals vary from month to month more than a constant "
                            "rate allows (chi-square p < 0.001): the model uses the monthly rates divided by the month "
                            "factors as a schedule, times the factors."
                          : "Arrivals vary from month to month more than a constant rate allows (chi-square p < 0.001): "
                            "the model uses the observed monthly rates as a schedule.");
  }
  if (ap.seasonality.seasonal) {
    const SeasonalityTest& st = ap.seasonality;
    const auto high = std::max_element(st.factors.begin(), st.factors.end()) - st.factors.begin();
    const auto low = std::min_element(st.factors.begin(), st.factors.end()) - st.factors.begin();
    char text[512];
    std::snprintf(text, sizeof text,
                  "Case starts follow the calendar (a month-of-year pattern over %d whole months, p < 0.001): "
                  "the busiest month is %s (%.2f times the yearly average), the quietest %s (%.2f). The model's "
                  "arrivals carry these month factors, so a run past the end of the log keeps the pattern.",
                  st.months, month_abbreviation(static_cast<int>(high)), st.factors[static_cast<std::size_t>(high)],
                  month_abbreviation(static_cast<int>(low)), st.factors[static_cast<std::size_t>(low)]);
    c.notes.push_back(text);
  }
  std::string thin;
  for (const StageFit& f : c.stages) {
    if (f.duration.n > 0 && f.duration.n < 10) thin += (thin.empty() ? "" : ", ") + f.id;
  }
  if (!thin.empty()) {
    c.notes.push_back("Fewer than 10 durations were observed at " + thin +
                      ": so that no case's own duration is in the model, each has the mean duration of all steps "
                      "of its kind in the log, which may not describe it well; review it before relying on it.");
  }
  if (ap.arrivals_stop) {
    c.notes.push_back("No case starts in the last " + std::to_string(static_cast<long long>(quiet_days)) +
                      " days of the extract (after " + models::format_iso_date(static_cast<std::int64_t>(ap.last_day)) +
                      "): the log follows cases that started by then, so the model's arrivals stop on day " +
                      std::to_string(static_cast<long long>(stop_day)) +
                      ". To project forward, give the arrivals a rate after that day.");
  }
  if (!unconverged.empty()) {
    c.notes.push_back("The chances that cases ending near the end of the extract are exits had not settled after "
                      "the iteration limit at " + unconverged + ": their routes use the last estimate.");
  }
  if (routes_uncensored) {
    c.notes.push_back("Sharing the case ends near the end of the extract between exit and routes left a stage with "
                      "no way out, so the routing counts every case end as an exit (cases still open read as exits).");
  } else if (c.transitions_censored > 0) {
    c.notes.push_back("Cases whose last event is too close to the end of the extract to be sure nothing followed it "
                      "count as exits only by their estimated chance of being exits (from how long the next event "
                      "after that activity takes when it is seen); the rest of each is a transition still to come, "
                      "shared over the routes out of that activity in proportion to their counts.");
  }
  return c;
}

}  // namespace courtflow::analysis::eventlog

// Semantic checks of a Model (see validate.hpp). A Checker walks the model in file order and
// appends diagnostics; the graph checks at the end use the StageGraph and Boost.Graph
// breadth-first searches, forwards from the arrivals and backwards from the exit.

#include "models/validate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <unordered_map>

#include "models/case_types.hpp"
#include "models/dates.hpp"
#include "models/field_path.hpp"
#include "models/model_json.hpp"
#include "models/month_factors_rule.hpp"
#include "models/route_windows.hpp"
#include "models/stage_graph.hpp"
#include "models/suggest.hpp"

namespace courtflow::models {

namespace {

/// A number for a message: up to six significant digits (1.2, 0.333333, 1e+15).
std::string show(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

class Checker {
 public:
  Checker(const Model& m, const std::string& file)
      : m_(m), file_(file), types_(effective_case_types(m)) {
    for (const auto& s : m.stages) stage_ids_.push_back(s.id);
    for (const auto& t : m.case_types) type_ids_.push_back(t.id);
  }

  std::vector<Diagnostic> run() {
    model_level();
    stages();
    case_types();
    arrivals();
    routes();
    initial_wip();
    groups();
    if (references_ok_) graph();
    return std::move(out_);
  }

 private:
  void error(const std::string& where, const std::string& message) {
    out_.push_back(Diagnostic{file_, where, message, false});
  }
  void warning(const std::string& where, const std::string& message) {
    out_.push_back(Diagnostic{file_, where, message, true});
  }
  /// An error that leaves the stage graph incomplete, so the graph checks are skipped.
  void reference_error(const std::string& where, const std::string& message) {
    error(where, message);
    references_ok_ = false;
  }

  /// `stages[4] ("x")`: how messages about a whole stage start.
  std::string stage_label(std::size_t i) const {
    return item_path("stages", i) + " (" + quoted(m_.stages[i].id) + ")";
  }

  bool stage_exists(const std::string& id) const {
    return std::find(stage_ids_.begin(), stage_ids_.end(), id) != stage_ids_.end();
  }

  void check_stage_ref(const std::string& where, const std::string& id, bool exit_allowed) {
    if (exit_allowed && id == "exit") return;
    if (stage_exists(id)) return;
    // With no stages at all, "stages: must contain at least one stage" says it once; every
    // reference being unknown follows from it.
    if (m_.stages.empty()) {
      references_ok_ = false;
      return;
    }
    reference_error(where, "unknown stage " + quoted(id) + did_you_mean(id, stage_ids_));
  }

  void check_type_ref(const std::string& where, const std::optional<std::string>& id) {
    if (!id) return;
    check_type_ref(where, *id);
  }
  void check_type_ref(const std::string& where, const std::string& id) {
    if (m_.case_types.empty()) {
      reference_error(where, "unknown case type " + quoted(id) +
                                 ": the model declares no \"case_types\"");
      return;
    }
    if (std::find(type_ids_.begin(), type_ids_.end(), id) != type_ids_.end()) return;
    reference_error(where, "unknown case type " + quoted(id) + did_you_mean(id, type_ids_));
  }

  void check_id(const std::string& where, const std::string& id, const char* what) {
    if (!is_valid_id(id)) {
      reference_error(where, quoted(id) + " is not a valid " + what +
                                 " id (letters, digits, '_', '.', '-'; not starting with a "
                                 "digit, '.' or '-')");
    }
  }

  void check_rate(const std::string& where, double rate) {
    if (!(std::isfinite(rate) && rate >= 0)) {
      error(where, "must be a number >= 0 (got " + show(rate) + ")");
    }
  }

  /// A schedule step's from_day: >= 0 and after the previous step's.
  void check_step_day(const std::string& step, double day, const double* previous) {
    if (!(std::isfinite(day) && day >= 0)) {
      error(field_path(step, "from_day"), "must be a number >= 0 (got " + show(day) + ")");
    } else if (previous != nullptr && day <= *previous) {
      error(field_path(step, "from_day"), "steps must be in increasing order of from_day (got " +
                                              show(day) + " after " + show(*previous) + ")");
    }
  }

  // -- the checks, in file order --

  void model_level() {
    if (m_.name.empty()) error("name", "must be a non-empty string");
    if (!(std::isfinite(m_.horizon_days) && m_.horizon_days > 0 &&
          m_.horizon_days <= kMaxHorizonDays)) {
      error("horizon_days",
            "must be a number > 0 and at most 1000000 (got " + show(m_.horizon_days) + ")");
    } else if (!(std::isfinite(m_.warmup_days) && m_.warmup_days >= 0 &&
                 m_.warmup_days < m_.horizon_days)) {
      error("warmup_days", "must be a number >= 0 and less than horizon_days (" +
                               show(m_.horizon_days) + ") (got " + show(m_.warmup_days) + ")");
    }
    if (m_.replications && (*m_.replications < 1 || *m_.replications > kMaxReplications)) {
      error("replications", "must be an integer from 1 to " + std::to_string(kMaxReplications) +
                                " (got " + std::to_string(*m_.replications) + ")");
    }
    if (m_.start_date && !parse_iso_date(*m_.start_date)) {
      error("start_date",
            "must be a calendar date written YYYY-MM-DD (got " + quoted(*m_.start_date) + ")");
    } else if (m_.start_date && std::isfinite(m_.horizon_days)) {
      // Every date written (period ends) must be YYYY-MM-DD: the run ends by 9999-12-31.
      constexpr std::int64_t kLastDay = 2932896;  // 9999-12-31, days since 1970-01-01
      const double end = static_cast<double>(*parse_iso_date(*m_.start_date)) + m_.horizon_days;
      if (end > static_cast<double>(kLastDay) + 1) {
        error("start_date", "with horizon_days " + show(m_.horizon_days) + " the run ends after 9999-12-31 (got " +
                                quoted(*m_.start_date) + ")");
      }
    }
    if (m_.stages.empty()) reference_error("stages", "must contain at least one stage");
    if (m_.arrivals.empty() && m_.initial_wip.empty()) {
      reference_error("", "no \"arrivals\" and no \"initial_wip\": no case ever enters the model");
    }
  }

  void stages() {
    std::unordered_map<std::string, std::size_t> first_at;
    for (std::size_t i = 0; i < m_.stages.size(); ++i) {
      const StageDef& s = m_.stages[i];
      const std::string where = item_path("stages", i);
      const std::string id_where = field_path(where, "id");
      if (s.id == "exit") {
        reference_error(id_where, "\"exit\" is reserved: it means leaving the system");
      } else if (s.id == "system") {
        // The outputs' rows for the whole system (timeseries.csv, --target) are named so.
        reference_error(id_where, "\"system\" is reserved: it names the whole system's rows in the outputs");
      } else {
        check_id(id_where, s.id, "stage");
      }
      if (const auto [it, inserted] = first_at.emplace(s.id, i); !inserted) {
        reference_error(id_where, "duplicate stage id " + quoted(s.id) + " (first used at " +
                                      item_path("stages", it->second) + ")");
      }

      if (!s.infinite && (s.servers < 1 || s.servers > kMaxServers)) {
        error(field_path(where, "servers"), "must be a positive integer or \"infinite\" (got " +
                                                std::to_string(s.servers) + ")");
      }
      if (!s.capacity.empty() && s.infinite) {
        error(field_path(where, "capacity"),
              "a stage with \"infinite\" servers has no capacity to schedule");
      }
      for (std::size_t k = 0; k < s.capacity.size(); ++k) {
        const std::string step = item_path(field_path(where, "capacity"), k);
        const CapacityStepDef& c = s.capacity[k];
        check_step_day(step, c.from_day, k == 0 ? nullptr : &s.capacity[k - 1].from_day);
        if (c.servers < 0 || c.servers > kMaxServers) {
          error(field_path(step, "servers"), "must be an integer from 0 to " +
                                                 std::to_string(kMaxServers) + " (got " +
                                                 std::to_string(c.servers) + ")");
        }
      }
      if (s.discipline != "fifo" && s.discipline != "priority") {
        error(field_path(where, "discipline"),
              "must be \"fifo\" or \"priority\" (got " + quoted(s.discipline) + ")");
      } else if (s.discipline == "priority" && m_.case_types.empty()) {
        warning(field_path(where, "discipline"),
                "\"priority\" has no effect: the model declares no \"case_types\"");
      }
      if (s.patience) {
        check_stage_ref(field_path(where, "on_timeout"), s.on_timeout, true);
        if (s.infinite) {
          warning(field_path(where, "patience"), "has no effect at a pure delay (\"infinite\" servers): nobody waits "
                                                 "there, so nobody runs out of patience");
        }
      } else if (s.on_timeout != "exit") {
        error(field_path(where, "on_timeout"),
              "needs \"patience\" (how long a case waits before it leaves the queue)");
      }
      for (const auto& [type, dist] : s.service_by_type) {
        check_type_ref(field_path(field_path(where, "service_by_type"), type), type);
      }
      for (std::size_t k = 0; k < s.service_scale.size(); ++k) {
        const std::string step = item_path(field_path(where, "service_scale"), k);
        const ServiceScaleStepDef& f = s.service_scale[k];
        check_step_day(step, f.from_day, k == 0 ? nullptr : &s.service_scale[k - 1].from_day);
        if (!(std::isfinite(f.factor) && f.factor > 0)) {
          error(field_path(step, "factor"), "must be a number > 0 (got " + show(f.factor) + ")");
        }
      }
    }
  }

  void case_types() {
    std::unordered_map<std::string, std::size_t> first_at;
    for (std::size_t i = 0; i < m_.case_types.size(); ++i) {
      const CaseTypeDef& t = m_.case_types[i];
      const std::string id_where = field_path(item_path("case_types", i), "id");
      check_id(id_where, t.id, "case type");
      if (const auto [it, inserted] = first_at.emplace(t.id, i); !inserted) {
        reference_error(id_where, "duplicate case type id " + quoted(t.id) + " (first used at " +
                                      item_path("case_types", it->second) + ")");
      }
      if (t.priority < -kMaxAbsPriority || t.priority > kMaxAbsPriority) {
        error(field_path(item_path("case_types", i), "priority"),
              "must be an integer from " + std::to_string(-kMaxAbsPriority) + " to " +
                  std::to_string(kMaxAbsPriority) + " (got " + std::to_string(t.priority) + ")");
      }
    }
  }

  // Group ids share the namespace of stage ids in outputs (the "stage" column of tables), so
  // they must differ from every stage id and from "system".
  void groups() {
    std::unordered_map<std::string, std::size_t> first_at;
    for (std::size_t i = 0; i < m_.groups.size(); ++i) {
      const StageGroupDef& g = m_.groups[i];
      const std::string where = item_path("groups", i);
      const std::string id_where = field_path(where, "id");
      check_id(id_where, g.id, "group");
      if (stage_exists(g.id) || g.id == "system" || g.id == "exit") {
        error(id_where, quoted(g.id) + " is already a stage id or a reserved name; a group needs its own id");
      }
      if (const auto [it, inserted] = first_at.emplace(g.id, i); !inserted) {
        error(id_where, "duplicate group id " + quoted(g.id) + " (first used at " +
                            item_path("groups", it->second) + ")");
      }
      std::unordered_map<std::string, std::size_t> listed;
      for (std::size_t k = 0; k < g.stages.size(); ++k) {
        const std::string stage_where = item_path(field_path(where, "stages"), k);
        if (!stage_exists(g.stages[k])) {
          error(stage_where, "unknown stage " + quoted(g.stages[k]) + did_you_mean(g.stages[k], stage_ids_));
        } else if (!listed.emplace(g.stages[k], k).second) {
          error(stage_where, "stage " + quoted(g.stages[k]) + " is listed twice");
        }
      }
    }
  }

  void arrivals() {
    for (std::size_t i = 0; i < m_.arrivals.size(); ++i) {
      const ArrivalDef& a = m_.arrivals[i];
      const std::string where = item_path("arrivals", i);
      check_stage_ref(field_path(where, "to"), a.to, false);
      check_type_ref(field_path(where, "case_type"), a.case_type);
      check_rate(field_path(where, "rate_per_day"), a.rate_per_day);
      for (std::size_t k = 0; k < a.schedule.size(); ++k) {
        const std::string step = item_path(field_path(where, "schedule"), k);
        const RateStepDef& r = a.schedule[k];
        check_step_day(step, r.from_day, k == 0 ? nullptr : &a.schedule[k - 1].from_day);
        check_rate(field_path(step, "rate_per_day"), r.rate_per_day);
      }
      if (a.seasonality) seasonality(field_path(where, "seasonality"), *a.seasonality);
    }
  }

  /// Month factors: 12 finite numbers > 0, and a start_date to place the calendar months.
  void seasonality(const std::string& where, const SeasonalityDef& s) {
    const std::string factors = field_path(where, "month_factors");
    if (s.month_factors.size() != 12) error(factors, month_factors_count_problem(s.month_factors.size()));
    for (std::size_t k = 0; k < s.month_factors.size(); ++k) {
      const double f = s.month_factors[k];
      if (!(std::isfinite(f) && f > 0)) error(item_path(factors, k), "must be a number > 0 (got " + show(f) + ")");
    }
    if (!m_.start_date) {
      error(where, "needs the model's \"start_date\": the factors follow calendar months, counted from it");
    }
  }

  void routes() {
    for (std::size_t i = 0; i < m_.routes.size(); ++i) {
      const RouteDef& r = m_.routes[i];
      const std::string where = item_path("routes", i);
      check_stage_ref(field_path(where, "from"), r.from, false);
      check_stage_ref(field_path(where, "to"), r.to, true);
      check_type_ref(field_path(where, "case_type"), r.case_type);
      if (!(r.p >= 0 && r.p <= 1)) {  // also false for NaN
        error(field_path(where, "p"), "must be a number from 0 to 1 (got " + show(r.p) + ")");
      }
      if (r.from_day && !(std::isfinite(*r.from_day) && *r.from_day >= 0)) {
        error(field_path(where, "from_day"), "must be a number >= 0 (got " + show(*r.from_day) + ")");
      }
      if (r.until_day && !(*r.until_day > r.from_day.value_or(0))) {
        error(field_path(where, "until_day"), "must be greater than from_day (got " +
                                                  show(*r.until_day) + ", from_day " +
                                                  show(r.from_day.value_or(0)) + ")");
      }
      // The same from, to and case type twice at the same time is a mistake (which p holds?).
      for (std::size_t k = 0; k < i; ++k) {
        const RouteDef& earlier = m_.routes[k];
        if (earlier.from == r.from && earlier.to == r.to && earlier.case_type == r.case_type &&
            route_windows_overlap(earlier, r)) {
          error(where, "duplicate of " + item_path("routes", k) +
                           " (same \"from\", \"to\" and \"case_type\")");
          break;
        }
      }
    }
    route_sums();
  }

  /// Per source stage and case type, the probabilities of the routes that apply (untyped
  /// routes apply to every type) must add up to at most 1, at every time. Each (stage, type)
  /// is reported once, at the first day its sum is too large.
  void route_sums() {
    for (const std::string& from : distinct_route_sources()) {
      bool untyped_reported = false;
      std::vector<bool> type_reported(m_.case_types.size(), false);
      for (const double day : route_change_days(m_, from)) {
        const std::string when = day > 0 ? " from day " + show(day) : "";
        const std::string prefix = "probabilities of the routes from " + quoted(from);
        const RouteSum untyped = route_sum(from, day, nullptr);
        if (untyped.sum > 1 + kRouteSumTolerance) {
          // Too much for every type alike: say it once.
          if (!untyped_reported) {
            error(item_path("routes", untyped.first),
                  prefix + " sum to " + show(untyped.sum) + when + " (must be at most 1)");
          }
          untyped_reported = true;
          continue;
        }
        for (std::size_t t = 0; t < m_.case_types.size(); ++t) {
          const RouteSum typed = route_sum(from, day, &m_.case_types[t].id);
          if (typed.sum <= 1 + kRouteSumTolerance || type_reported[t]) continue;
          type_reported[t] = true;
          error(item_path("routes", typed.first),
                prefix + " for case type " + quoted(m_.case_types[t].id) + " sum to " +
                    show(typed.sum) + when + " (must be at most 1)");
        }
      }
    }
  }

  struct RouteSum {
    double sum = 0;
    std::size_t first = 0;  ///< index of the first route counted
  };

  /// Sum of p over the routes out of `from` active on `day` that apply to case type `*type`
  /// (untyped ones only, when `type` is null).
  RouteSum route_sum(const std::string& from, double day, const std::string* type) const {
    RouteSum out;
    bool any = false;
    for (std::size_t i = 0; i < m_.routes.size(); ++i) {
      const RouteDef& r = m_.routes[i];
      if (r.from != from || !route_active(r, day)) continue;
      if (r.case_type && (type == nullptr || *r.case_type != *type)) continue;
      out.sum += r.p;
      if (!any) out.first = i;
      any = true;
    }
    return out;
  }

  /// The "from" of every route, each once, in order of first appearance.
  std::vector<std::string> distinct_route_sources() const {
    std::vector<std::string> sources;
    for (const RouteDef& r : m_.routes) {
      if (std::find(sources.begin(), sources.end(), r.from) == sources.end()) {
        sources.push_back(r.from);
      }
    }
    return sources;
  }

  void initial_wip() {
    for (std::size_t i = 0; i < m_.initial_wip.size(); ++i) {
      const InitialWipDef& w = m_.initial_wip[i];
      const std::string where = item_path("initial_wip", i);
      check_stage_ref(field_path(where, "stage"), w.stage, false);
      check_type_ref(field_path(where, "case_type"), w.case_type);
      if (w.count < 0 || w.count > kMaxInitialCount) {
        error(field_path(where, "count"), "must be an integer from 0 to " +
                                              std::to_string(kMaxInitialCount) + " (got " +
                                              std::to_string(w.count) + ")");
      }
    }
  }

  // -- reachability --

  /// Does edge `e` carry cases of effective type `t`?
  bool carries(const FlowEdge& e, int t) const {
    const std::string& type_id = types_.types[static_cast<std::size_t>(t)].id;
    switch (e.kind) {
      case EdgeKind::arrival:
      case EdgeKind::initial_wip:
        return e.case_type.empty() ? types_.default_index == t : e.case_type == type_id;
      case EdgeKind::route:
      case EdgeKind::remainder:
        return e.p > 0 && (e.case_type.empty() || e.case_type == type_id);
      case EdgeKind::timeout: return true;
    }
    return false;
  }

  static bool carries_any(const FlowEdge& e) {
    return e.kind == EdgeKind::timeout || e.kind == EdgeKind::arrival ||
           e.kind == EdgeKind::initial_wip || e.p > 0;
  }

  void graph() {
    const StageGraph g = build_stage_graph(m_);
    const std::size_t n = m_.stages.size();
    const std::vector<bool> reached = reachable_from(g, arrivals_vertex(g), carries_any);
    const std::vector<bool> leaves = reaching(g, exit_vertex(g), carries_any);

    // Per case type: where its cases can go, and from where they can still leave.
    const auto type_count = static_cast<int>(types_.types.size());
    std::vector<std::vector<bool>> reached_by(types_.types.size());
    std::vector<std::vector<bool>> leaves_by(types_.types.size());
    for (int t = 0; t < type_count; ++t) {
      const EdgeFilter keep = [this, t](const FlowEdge& e) { return carries(e, t); };
      reached_by[static_cast<std::size_t>(t)] = reachable_from(g, arrivals_vertex(g), keep);
      leaves_by[static_cast<std::size_t>(t)] = reaching(g, exit_vertex(g), keep);
    }

    // Reached only along routes of p 0: closed on purpose (a scenario that sets a route to 0 or
    // sends every case elsewhere), not a wiring mistake. The stage simply stays empty.
    const std::vector<bool> reached_by_any_route =
        reachable_from(g, arrivals_vertex(g),
                       [](const FlowEdge& e) { return carries_any(e) || (e.kind == EdgeKind::route && e.p == 0); });

    for (std::size_t i = 0; i < n; ++i) {
      if (!reached[i] && reached_by_any_route[i]) {
        warning(stage_label(i), "no case reaches it: every route into it has p 0 (it stays empty)");
        continue;
      }
      if (!reached[i]) {
        error(stage_label(i), "not reachable from any arrival or initial work");
        if (!leaves[i]) error(stage_label(i), never_leave(std::nullopt));
        continue;
      }
      // The types that reach this stage, and those of them that are stuck here.
      std::vector<int> arriving, stuck;
      for (int t = 0; t < type_count; ++t) {
        const auto ti = static_cast<std::size_t>(t);
        if (!reached_by[ti][i]) continue;
        arriving.push_back(t);
        if (!leaves_by[ti][i]) stuck.push_back(t);
      }
      if (stuck.empty()) continue;
      const bool all_stuck = stuck.size() == arriving.size();
      error(stage_label(i), never_leave(all_stuck ? std::nullopt : std::optional<int>(stuck[0])));
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (reached[i] && leaves[i]) dated_trap(g, i);
    }
  }

  /// Routes valid in time windows can trap cases from some day on (a scenario's set_route d ->
  /// d, p 1, from day 2000) although the routes of all times together lead out, which is all
  /// graph() sees. So for stage `s`, at each day on which the set of places its routes send
  /// cases to changes: can it still reach the exit, with its own routes as they are then and
  /// every other stage's routes of any time? (Lenient on case types and on traps made by two
  /// stages changing together; exact for one stage's dated routes.) A sweep over the days, so
  /// a ramp of many steps costs one search per change of places, not per step.
  void dated_trap(const StageGraph& g, std::size_t s) {
    const std::string& id = m_.stages[s].id;
    struct Change {
      double day;
      int delta;
      const RouteDef* route;
    };
    std::vector<Change> changes;
    bool dated = false;
    for (const RouteDef& r : m_.routes) {
      if (r.from != id) continue;
      dated = dated || r.from_day || r.until_day;
      changes.push_back({r.from_day.value_or(0), +1, &r});
      if (r.until_day) changes.push_back({*r.until_day, -1, &r});
    }
    if (!dated) return;
    std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.day < b.day; });

    const std::size_t n = m_.stages.size();
    const StageVertex exit = exit_vertex(g);
    std::unordered_map<std::string, std::size_t> vertex_of;
    for (std::size_t i = 0; i < n; ++i) vertex_of.emplace(m_.stages[i].id, i);
    vertex_of.emplace("exit", exit);
    const std::size_t declared_types = types_.types.size();

    std::vector<int> carrying(boost::num_vertices(g), 0);  // active routes with p > 0, by target
    double untyped_sum = 0;
    std::unordered_map<std::string, double> typed_sum;
    std::vector<std::size_t> previous;
    bool first = true;
    for (std::size_t k = 0; k < changes.size();) {
      const double day = changes[k].day;
      for (; k < changes.size() && changes[k].day == day; ++k) {
        const RouteDef& r = *changes[k].route;
        const auto target = vertex_of.find(r.to);
        if (target == vertex_of.end()) continue;
        if (r.p > 0) carrying[target->second] += changes[k].delta;
        (r.case_type ? typed_sum[*r.case_type] : untyped_sum) += changes[k].delta * r.p;
      }
      // Where cases leaving s go on this day: targets of routes with p > 0, and the exit when
      // some case type has a remainder.
      double least_typed = 0;
      if (typed_sum.size() >= declared_types && !typed_sum.empty()) {
        least_typed = std::min_element(typed_sum.begin(), typed_sum.end(), [](const auto& a, const auto& b) {
                        return a.second < b.second;
                      })->second;
      }
      std::vector<std::size_t> places;
      for (std::size_t v = 0; v < carrying.size(); ++v) {
        if (carrying[v] > 0) places.push_back(v);
      }
      if (1 - untyped_sum - least_typed > kRouteSumTolerance) places.push_back(exit);
      if (!first && places == previous) continue;
      first = false;
      previous = places;
      if (!reaches_exit_from(g, s, places)) {
        error(stage_label(s), "from day " + show(day) + ", cases can never leave (no route from here reaches the exit "
                                                        "then)");
        return;
      }
    }
  }

  /// Can the exit be reached from stage `s` when s sends cases to `places` (and along its
  /// on_timeout) and every other stage along its edges of any time? O(V + E).
  bool reaches_exit_from(const StageGraph& g, std::size_t s, const std::vector<std::size_t>& places) const {
    const StageVertex exit = exit_vertex(g);
    std::vector<bool> seen(boost::num_vertices(g), false);
    std::vector<std::size_t> queue{s};
    seen[s] = true;
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const std::size_t v = queue[q];
      if (v == exit) return true;
      auto visit = [&](std::size_t w) {
        if (!seen[w]) {
          seen[w] = true;
          queue.push_back(w);
        }
      };
      if (v == s) for (std::size_t w : places) visit(w);
      for (const auto& e : boost::make_iterator_range(boost::out_edges(v, g))) {
        const FlowEdge& edge = g[e];
        if (v == s && edge.kind != EdgeKind::timeout) continue;  // s's routes are `places`
        if (carries_any(edge)) visit(boost::target(e, g));
      }
    }
    return false;
  }

  std::string never_leave(std::optional<int> type) const {
    const std::string who =
        type ? "cases of type " + quoted(types_.types[static_cast<std::size_t>(*type)].id)
             : std::string("cases");
    return who + " can never leave (no route from here reaches the exit)";
  }

  const Model& m_;
  const std::string& file_;
  const EffectiveCaseTypes types_;
  std::vector<std::string> stage_ids_;
  std::vector<std::string> type_ids_;
  bool references_ok_ = true;
  std::vector<Diagnostic> out_;
};

}  // namespace

bool is_valid_id(const std::string& id) {
  if (id.empty()) return false;
  const auto letter = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  };
  if (!letter(id[0])) return false;
  return std::all_of(id.begin() + 1, id.end(), [&](char c) {
    return letter(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
}

std::vector<Diagnostic> validate(const Model& m, const std::string& file) {
  return Checker(m, file).run();
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return !d.warning; });
}

}  // namespace courtflow::models

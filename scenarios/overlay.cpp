// How each change op rewrites the model. All of them work the same way: take the piecewise-
// constant quantity the op changes (servers, an arrival rate, a service-time multiplier, a
// route's probability), evaluate it at every breakpoint of either the old schedule or the
// change, and write the transformed value back as a schedule. A ramp is a staircase of steps
// of about `ramp_step_days` from from_day to ramp_until_day.

#include "scenarios/overlay.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "models/diagnostic.hpp"
#include "models/model_json.hpp"

namespace courtflow::scenarios {
namespace {

using models::Diagnostic;
using models::InputError;
using models::Model;

constexpr double kForever = std::numeric_limits<double>::infinity();

/// When and how strongly a change applies: weight 0 before from_day, rising in steps to 1.
/// Only the steps that start before the horizon are made: a ramp may run far past it (the
/// reader bounds neither), and steps nobody simulates must cost nothing.
class Phase {
 public:
  Phase(const Change& change, double horizon_days) : from_(change.from_day) {
    if (change.ramp_until_day && *change.ramp_until_day > from_) {
      const double span = *change.ramp_until_day - from_;
      // Steps shorter than a day are taken as a day (the reader already refuses them), which
      // bounds the steps before the horizon by the horizon in days.
      const double n = std::max(1.0, std::ceil(span / std::max(change.ramp_step_days, 1.0)));
      for (double j = 0; j < n; ++j) {
        const double day = from_ + span * j / n;
        if (j > 0 && day >= horizon_days) break;
        steps_.push_back({day, (j + 1) / n});
      }
    } else {
      steps_.push_back({from_, 1.0});
    }
  }

  /// The days on which the weight changes.
  std::vector<double> breakpoints() const {
    std::vector<double> days;
    for (const auto& step : steps_) days.push_back(step.first);
    return days;
  }

  double weight(double day) const {
    // The last step starting on or before `day`; steps are in day order.
    const auto after = std::upper_bound(steps_.begin(), steps_.end(), day,
                                        [](double d, const std::pair<double, double>& step) { return d < step.first; });
    return after == steps_.begin() ? 0.0 : std::prev(after)->second;
  }

 private:
  double from_;
  std::vector<std::pair<double, double>> steps_;  // (from day, weight)
};

/// A piecewise-constant value: (from day, value), sorted, first at day 0.
using Steps = std::vector<std::pair<double, double>>;

double value_at(const Steps& steps, double day) {
  const auto after = std::upper_bound(steps.begin(), steps.end(), day,
                                      [](double d, const std::pair<double, double>& step) { return d < step.first; });
  return after == steps.begin() ? steps.front().second : std::prev(after)->second;
}

/// Applies `transform(old value, weight)` from the phase's start, on the union of breakpoints,
/// and drops steps that do not change the value.
template <typename Transform>
Steps transformed(const Steps& old, const Phase& phase, Transform transform) {
  std::set<double> days;
  for (const auto& step : old) days.insert(step.first);
  for (double day : phase.breakpoints()) days.insert(day);
  Steps out;
  for (double day : days) {
    const double w = phase.weight(day);
    const double v = value_at(old, day);
    const double nv = w > 0 ? transform(v, w) : v;
    if (out.empty() || out.back().second != nv) out.emplace_back(day, nv);
  }
  return out;
}

[[noreturn]] void fail(const std::string& file, const std::string& where, const std::string& message) {
  throw InputError(Diagnostic{file, where, message, false});
}

models::StageDef& find_stage(Model& model, const std::string& id, const std::string& file, const std::string& where) {
  for (auto& stage : model.stages) {
    if (stage.id == id) return stage;
  }
  fail(file, where, "no stage \"" + id + "\" in the base model \"" + model.name + "\"");
}

std::string format_number(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

void change_servers(models::StageDef& stage, const Phase& phase, const std::string& file, const std::string& where,
                    const std::function<double(double, double)>& transform) {
  if (stage.infinite) fail(file, where, "stage \"" + stage.id + "\" is a pure delay (\"infinite\" servers): it has no servers to change");
  Steps old;
  if (stage.capacity.empty() || stage.capacity.front().from_day > 0) old.emplace_back(0.0, static_cast<double>(stage.servers));
  for (const auto& step : stage.capacity) old.emplace_back(step.from_day, static_cast<double>(step.servers));
  const Steps next = transformed(old, phase, [&](double v, double w) { return std::max(0.0, std::round(transform(v, w))); });
  for (const auto& [day, servers] : next) {
    // Checked before the count becomes an integer: factors up to 10^6 compound over a list of
    // changes, and a double past the integer range has no integer to become.
    if (!(servers <= static_cast<double>(models::kMaxServers))) {
      // Only a factor can do this (set_servers is bounded by the reader): name the factor.
      const std::string change = where.substr(0, where.rfind('.'));
      fail(file, change + ".factor", "gives stage \"" + stage.id + "\" " + format_number(servers) + " servers from day " +
                            format_number(day) + ", more than " + std::to_string(models::kMaxServers));
    }
  }
  stage.capacity.clear();
  for (const auto& [day, servers] : next) stage.capacity.push_back({day, static_cast<std::int64_t>(servers)});
  if (stage.capacity.front().servers >= 1) stage.servers = stage.capacity.front().servers;
}

void scale_arrival(models::ArrivalDef& arrival, const Phase& phase, double factor) {
  Steps old;
  if (arrival.schedule.empty() || arrival.schedule.front().from_day > 0) old.emplace_back(0.0, arrival.rate_per_day);
  for (const auto& step : arrival.schedule) old.emplace_back(step.from_day, step.rate_per_day);
  const Steps next = transformed(old, phase, [&](double v, double w) { return v * (1 + w * (factor - 1)); });
  arrival.rate_per_day = next.front().second;
  arrival.schedule.clear();
  if (next.size() > 1) {
    for (const auto& [day, rate] : next) arrival.schedule.push_back({day, rate});
  }
}

void scale_service(models::StageDef& stage, const Phase& phase, double factor) {
  Steps old{{0.0, 1.0}};
  for (const auto& step : stage.service_scale) {
    if (step.from_day == 0) old.front().second = step.factor; else old.emplace_back(step.from_day, step.factor);
  }
  const Steps next = transformed(old, phase, [&](double v, double w) { return v * (1 + w * (factor - 1)); });
  stage.service_scale.clear();
  if (next.size() == 1 && next.front().second == 1.0) return;
  for (const auto& [day, f] : next) stage.service_scale.push_back({day, f});
}

constexpr double kShareTolerance = 1e-9;

/// set_route to "exit" on one interval: what leaves is the remainder the routes out of `from`
/// leave over plus any explicit routes to "exit", so those explicit routes are folded into the
/// remainder and the routes onward are rescaled until the remainder is the new exit
/// probability. Untyped routes apply to every case type: they are rescaled for the types that
/// have no typed routes of their own, and each type's typed routes then make up the rest for
/// that type.
void set_exit_share(std::vector<models::RouteDef>& active, double p, double w, double start, const std::string& file,
                    const std::string& where) {
  std::erase_if(active, [](const models::RouteDef& r) { return r.to == "exit"; });
  std::map<std::string, double> typed_sum;  // by case type, over routes onward (not to exit)
  double untyped_sum = 0;
  for (const auto& route : active) (route.case_type ? typed_sum[*route.case_type] : untyped_sum) += route.p;
  auto exit_after = [&](double exit_before) { return exit_before + w * (p - exit_before); };
  const std::string when = start > 0 ? " from day " + format_number(start) : "";
  double untyped_factor = 1;
  if (untyped_sum > 0) {
    untyped_factor = (1 - exit_after(1 - untyped_sum)) / untyped_sum;
  } else if (typed_sum.empty() && exit_after(1) < 1 - kShareTolerance) {
    fail(file, where, "every case leaves from there" + when + " (no route onward to rescale), so the share leaving cannot be set below 1");
  }
  std::map<std::string, double> typed_factor;
  for (const auto& [type, sum] : typed_sum) {
    // What the typed routes must carry so that this type's exit share is the new one.
    const double onward = 1 - exit_after(1 - untyped_sum - sum) - untyped_sum * untyped_factor;
    if (sum > 0 && onward >= -kShareTolerance) {
      typed_factor[type] = std::max(0.0, onward) / sum;
    } else if (std::fabs(onward) > kShareTolerance) {
      fail(file, where, "cannot set the share leaving for case type \"" + type + "\"" + when +
                            ": its routes onward cannot make up what the routes for every type carry");
    }
  }
  for (auto& route : active) route.p *= route.case_type ? typed_factor[*route.case_type] : untyped_factor;
}

/// set_route: rewrites the routes out of `from` as routes valid on consecutive intervals.
void set_route(Model& model, const SetRoute& op, const Phase& phase, const std::string& file, const std::string& where) {
  std::vector<models::RouteDef> out_of_a;
  std::vector<models::RouteDef> others;
  for (auto& route : model.routes) (route.from == op.from ? out_of_a : others).push_back(route);

  std::set<double> days{0.0};
  for (const auto& route : out_of_a) {
    if (route.from_day) days.insert(*route.from_day);
    if (route.until_day) days.insert(*route.until_day);
  }
  for (double day : phase.breakpoints()) days.insert(day);
  const std::vector<double> starts(days.begin(), days.end());

  std::vector<models::RouteDef> rewritten;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const double start = starts[k];
    const double end = k + 1 < starts.size() ? starts[k + 1] : kForever;
    std::vector<models::RouteDef> active;
    for (const auto& route : out_of_a) {
      const double from = route.from_day.value_or(0.0);
      const double until = route.until_day.value_or(kForever);
      if (from <= start && start < until) active.push_back(route);
    }
    const double w = phase.weight(start);
    if (w > 0 && op.to == "exit") {
      set_exit_share(active, op.p, w, start, file, where);
    } else if (w > 0) {
      // Groups of routes by case type (untyped routes are a group of their own).
      std::map<std::optional<std::string>, std::vector<std::size_t>> groups;
      for (std::size_t i = 0; i < active.size(); ++i) groups[active[i].case_type].push_back(i);
      bool has_target = false;
      for (const auto& route : active) has_target = has_target || route.to == op.to;
      if (!has_target) {
        // A new route: it takes p from every group, whose other routes keep their shares.
        const double p = w * op.p;
        for (auto& route : active) route.p *= (1 - p);
        models::RouteDef added;
        added.from = op.from;
        added.to = op.to;
        added.p = p;
        active.push_back(added);
      } else {
        for (auto& [type, members] : groups) {
          std::optional<std::size_t> target;
          for (std::size_t i : members) {
            if (active[i].to == op.to) target = i;
          }
          if (!target) continue;
          const double p_old = active[*target].p;
          const double p_new = p_old + w * (op.p - p_old);
          const double rescale = p_old < 1 ? (1 - p_new) / (1 - p_old) : 0.0;
          for (std::size_t i : members) active[i].p = (i == *target) ? p_new : active[i].p * rescale;
        }
      }
    }
    for (auto& route : active) {
      route.from_day = start > 0 ? std::optional<double>(start) : std::nullopt;
      route.until_day = std::isfinite(end) ? std::optional<double>(end) : std::nullopt;
      rewritten.push_back(route);
    }
  }

  // Merge a route with its continuation on the next interval when nothing changed. Only the
  // routes of the same target and case type that end where this one starts can take it, and
  // those are the latest of that kind: looking them up by kind keeps a long ramp linear.
  std::vector<models::RouteDef> merged;
  std::map<std::pair<std::string, std::optional<std::string>>, std::vector<std::size_t>> merged_by_kind;
  for (const auto& route : rewritten) {
    auto& same_kind = merged_by_kind[{route.to, route.case_type}];
    bool joined = false;
    for (auto k = same_kind.rbegin(); k != same_kind.rend() && route.from_day; ++k) {
      models::RouteDef& m = merged[*k];
      if (!m.until_day || *m.until_day < *route.from_day) break;  // older ones end earlier still
      if (m.p == route.p && *m.until_day == *route.from_day) {
        m.until_day = route.until_day;
        joined = true;
        break;
      }
    }
    if (!joined) {
      same_kind.push_back(merged.size());
      merged.push_back(route);
    }
  }
  others.insert(others.end(), merged.begin(), merged.end());
  model.routes = std::move(others);
}

}  // namespace

Model apply(const Model& base, const Scenario& scenario, const std::string& file,
            std::vector<models::Diagnostic>* warnings) {
  Model model = base;
  for (std::size_t i = 0; i < scenario.changes.size(); ++i) {
    const Change& change = scenario.changes[i];
    const std::string where = "changes[" + std::to_string(i) + "]";
    if (change.from_day >= model.horizon_days) {
      fail(file, where + ".from_day", "starts on day " + format_number(change.from_day) +
                                          ", at or after the model's horizon (" + format_number(model.horizon_days) + " days)");
    }
    const Phase phase(change, model.horizon_days);
    std::visit(
        [&](const auto& op) {
          using T = std::decay_t<decltype(op)>;
          if constexpr (std::is_same_v<T, ScaleServers>) {
            auto& stage = find_stage(model, op.stage, file, where + ".stage");
            bool closes = false;
            change_servers(stage, phase, file, where + ".stage", [&](double v, double w) {
              const double scaled = v * (1 + w * (op.factor - 1));
              closes = closes || (v >= 1 && std::round(scaled) < 1);
              return scaled;
            });
            if (closes && warnings != nullptr) {
              warnings->push_back(Diagnostic{file, where + ".factor",
                                             "rounds stage \"" + op.stage + "\" down to 0 servers: it is closed while "
                                             "the change applies (set_servers 0 says so outright)",
                                             true});
            }
          } else if constexpr (std::is_same_v<T, SetServers>) {
            auto& stage = find_stage(model, op.stage, file, where + ".stage");
            const auto target = static_cast<double>(op.servers);
            change_servers(stage, phase, file, where + ".stage", [&](double v, double w) { return v + w * (target - v); });
          } else if constexpr (std::is_same_v<T, ScaleArrivals>) {
            bool any = false;
            if (op.to) find_stage(model, *op.to, file, where + ".to");
            for (auto& arrival : model.arrivals) {
              if (op.to && arrival.to != *op.to) continue;
              scale_arrival(arrival, phase, op.factor);
              any = true;
            }
            if (!any) fail(file, where + ".to", "no arrivals into stage \"" + op.to.value_or("") + "\" to scale");
          } else if constexpr (std::is_same_v<T, ScaleService>) {
            scale_service(find_stage(model, op.stage, file, where + ".stage"), phase, op.factor);
          } else if constexpr (std::is_same_v<T, SetRoute>) {
            find_stage(model, op.from, file, where + ".from");
            if (op.to != "exit") find_stage(model, op.to, file, where + ".to");
            set_route(model, op, phase, file, where + ".p");
          }
        },
        change.op);
  }
  model.name = scenario.name;
  if (!scenario.description.empty()) model.description = scenario.description;
  return model;
}

const char* op_name(const ChangeOp& op) {
  switch (op.index()) {
    case 0: return "scale_servers";
    case 1: return "set_servers";
    case 2: return "scale_arrivals";
    case 3: return "scale_service";
    case 4: return "set_route";
    default: return "unknown";
  }
}

}  // namespace courtflow::scenarios

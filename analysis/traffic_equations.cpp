// Traffic equations (traffic_equations.hpp): per case type, the day-0 routing matrix P and
// the window-averaged external arrival rates gamma give lambda = (I - P^T)^-1 gamma, solved by
// full-pivot LU so that a singular system (cases that can never leave) is detected rather
// than divided through. Schedules are piecewise constant, so their averages are exact sums
// over the steps that overlap the window.
#include "analysis/traffic_equations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <Eigen/Dense>


namespace courtflow::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Value of a piecewise-constant schedule at time t: the last step with from <= t, or
// `before` when t precedes every step.
template <class Step, class Get>
double value_at(const std::vector<Step>& steps, double t, double before, Get get) {
  double value = before;
  for (const Step& s : steps) {
    if (s.from > t) break;
    value = get(s);
  }
  return value;
}

// Breakpoints of the schedules in (from, to), with from and to, increasing.
template <class Steps>
void add_breaks(std::set<double>& breaks, const Steps& steps, double from, double to) {
  for (const auto& s : steps) {
    if (s.from > from && s.from < to) breaks.insert(s.from);
  }
}

// "a, b and c" / "a, b, c and 2 more": stage names for a caveat.
std::string name_list(const std::vector<std::string>& names) {
  constexpr std::size_t kShown = 3;
  std::string text;
  const std::size_t shown = std::min(names.size(), kShown);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) text += (i + 1 == shown && names.size() <= kShown) ? " and " : ", ";
    text += names[i];
  }
  if (names.size() > kShown) text += " and " + std::to_string(names.size() - kShown) + " more";
  return text;
}

double service_mean(const sim::StageSpec& stage, std::size_t type) {
  if (type < stage.service_by_type.size() && stage.service_by_type[type]) return stage.service_by_type[type]->mean();
  return stage.service.mean();
}

}  // namespace

CapacityProfile capacity_profile(const sim::StageSpec& stage, double from_day, double to_day) {
  CapacityProfile p;
  if (stage.infinite) {
    p.infinite = true;
    p.mean_servers = p.mean_effective_servers = p.min_effective_servers = p.max_effective_servers = kNaN;
    return p;
  }
  std::set<double> breaks{from_day};
  add_breaks(breaks, stage.capacity, from_day, to_day);
  add_breaks(breaks, stage.service_scale, from_day, to_day);
  const auto servers_at = [&](double t) {
    return value_at(stage.capacity, t, stage.capacity.empty() ? 0.0 : static_cast<double>(stage.capacity.front().servers),
                    [](const sim::CapacityStep& s) { return static_cast<double>(s.servers); });
  };
  const auto factor_at = [&](double t) {
    return value_at(stage.service_scale, t, 1.0, [](const sim::FactorStep& s) { return s.factor; });
  };
  const double length = to_day - from_day;
  double servers_area = 0;
  double effective_area = 0;
  bool first = true;
  const std::vector<double> points(breaks.begin(), breaks.end());
  for (std::size_t k = 0; k < points.size(); ++k) {
    const double start = points[k];
    const double end = k + 1 < points.size() ? points[k + 1] : std::max(to_day, from_day);
    const double servers = servers_at(start);
    const double effective = servers / factor_at(start);
    const auto whole = static_cast<std::int64_t>(servers);
    if (first) {
      p.min_servers = p.max_servers = whole;
      p.min_effective_servers = p.max_effective_servers = effective;
      first = false;
    } else {
      p.varies = true;
      p.min_servers = std::min(p.min_servers, whole);
      p.max_servers = std::max(p.max_servers, whole);
      p.min_effective_servers = std::min(p.min_effective_servers, effective);
      p.max_effective_servers = std::max(p.max_effective_servers, effective);
    }
    servers_area += servers * (end - start);
    effective_area += effective * (end - start);
  }
  // Segments with equal values are not a real change.
  p.varies = p.min_servers != p.max_servers || p.min_effective_servers != p.max_effective_servers;
  if (length > 0) {
    p.mean_servers = servers_area / length;
    p.mean_effective_servers = effective_area / length;
  } else {
    p.mean_servers = static_cast<double>(p.min_servers);
    p.mean_effective_servers = p.min_effective_servers;
  }
  return p;
}

double mean_rate(const std::vector<sim::RateStep>& schedule, double from_day, double to_day) {
  const auto rate_at = [&](double t) {
    return value_at(schedule, t, schedule.empty() ? 0.0 : schedule.front().rate_per_day,
                    [](const sim::RateStep& s) { return s.rate_per_day; });
  };
  if (!(to_day > from_day)) return rate_at(from_day);
  std::set<double> breaks{from_day};
  add_breaks(breaks, schedule, from_day, to_day);
  const std::vector<double> points(breaks.begin(), breaks.end());
  double area = 0;
  for (std::size_t k = 0; k < points.size(); ++k) {
    const double end = k + 1 < points.size() ? points[k + 1] : to_day;
    area += rate_at(points[k]) * (end - points[k]);
  }
  return area / (to_day - from_day);
}

TrafficSolution solve_traffic(const sim::Network& network, double from_day, double to_day) {
  const std::size_t n = network.stages.size();
  const std::size_t types = std::max<std::size_t>(network.case_types.size(), 1);
  TrafficSolution out;
  out.arrivals_per_day.assign(n, kNaN);
  out.visits_per_arrival.assign(n, kNaN);
  out.mean_service_days.assign(n, kNaN);
  out.offered_load.assign(n, kNaN);
  out.stage_bound_per_day.assign(n, kNaN);
  out.throughput_bound_per_day = kNaN;

  // What the equations leave out.
  std::vector<std::string> varying_arrivals, varying_capacity, varying_routes, reneging;
  std::vector<CapacityProfile> profiles;
  profiles.reserve(n);
  for (const sim::StageSpec& stage : network.stages) {
    profiles.push_back(capacity_profile(stage, from_day, to_day));
    if (profiles.back().varies) varying_capacity.push_back(stage.name);
    if (stage.patience) reneging.push_back(stage.name);
  }
  for (const sim::ArrivalSpec& a : network.arrivals) {
    const auto& name = network.stages[static_cast<std::size_t>(a.stage)].name;
    bool varies = false;
    for (const sim::RateStep& s : a.schedule) varies = varies || (s.rate_per_day != a.schedule.front().rate_per_day);
    if (varies && std::find(varying_arrivals.begin(), varying_arrivals.end(), name) == varying_arrivals.end()) {
      varying_arrivals.push_back(name);
    }
  }
  for (const sim::RouteSpec& r : network.routes) {
    const auto& name = network.stages[static_cast<std::size_t>(r.from)].name;
    if ((r.from_day > 0 || std::isfinite(r.until_day)) &&
        std::find(varying_routes.begin(), varying_routes.end(), name) == varying_routes.end()) {
      varying_routes.push_back(name);
    }
  }
  std::int64_t initial = 0;
  for (const sim::InitialWipSpec& w : network.initial_wip) initial += w.count;
  if (!varying_arrivals.empty()) {
    out.caveats.push_back("arrival rates change over time (at " + name_list(varying_arrivals) +
                          "): their averages over the observed window are used");
  }
  if (!varying_capacity.empty()) {
    out.caveats.push_back("capacity changes over time (at " + name_list(varying_capacity) +
                          "): its average over the observed window is used");
  }
  if (!varying_routes.empty()) {
    out.caveats.push_back("routing changes over time (from " + name_list(varying_routes) +
                          "): the routes in force on day 0 are used");
  }
  if (!reneging.empty()) {
    out.caveats.push_back("cases abandon the queue at " + name_list(reneging) +
                          ": the equations ignore abandonment, so they overstate the load there and downstream");
  }
  if (initial > 0) {
    out.caveats.push_back(std::to_string(initial) +
                          " cases in progress at time zero are not in the equations (they add load until they clear)");
  }
  out.stationary = out.caveats.empty();

  // lambda per type.
  std::vector<Eigen::VectorXd> lambda(types, Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n)));
  const auto idx = [](std::size_t i) { return static_cast<Eigen::Index>(i); };
  for (std::size_t t = 0; t < types; ++t) {
    Eigen::VectorXd gamma = Eigen::VectorXd::Zero(idx(n));
    for (const sim::ArrivalSpec& a : network.arrivals) {
      if (static_cast<std::size_t>(a.case_type) != t) continue;
      gamma(a.stage) += mean_rate(a.schedule, from_day, to_day);
    }
    if (gamma.sum() <= 0) continue;  // a type nobody brings in visits nothing
    Eigen::MatrixXd a = Eigen::MatrixXd::Identity(idx(n), idx(n));
    for (const sim::RouteSpec& r : network.routes) {
      if (r.to == sim::kExit) continue;
      if (r.case_type != sim::kAnyCaseType && static_cast<std::size_t>(r.case_type) != t) continue;
      if (!(r.from_day <= 0 && 0 < r.until_day)) continue;
      a(r.to, r.from) -= r.p;  // (I - P^T)(to, from) = -P(from, to)
    }
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
    if (!lu.isInvertible()) {
      const std::string type_name = t < network.case_types.size() ? network.case_types[t].name : "default";
      out.problem = "the routing of case type '" + type_name +
                    "' has a loop that cases can never leave (I - P^T is singular), so visit rates are unbounded";
      return out;
    }
    lambda[t] = lu.solve(gamma);
    for (Eigen::Index i = 0; i < lambda[t].size(); ++i) {
      double& v = lambda[t](i);
      if (!std::isfinite(v) || v < -1e-9 * std::max(1.0, gamma.sum())) {
        out.problem = "the traffic equations have no finite non-negative solution (check the routing probabilities)";
        return out;
      }
      v = std::max(v, 0.0);
    }
    out.external_arrivals_per_day += gamma.sum();
  }

  out.solved = true;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i) {
    const sim::StageSpec& stage = network.stages[i];
    double arrivals = 0;
    double work = 0;  // server-days of work arriving per day
    for (std::size_t t = 0; t < types; ++t) {
      const double l = lambda[t](idx(i));
      arrivals += l;
      work += l * service_mean(stage, t);
    }
    out.arrivals_per_day[i] = arrivals;
    out.visits_per_arrival[i] =
        out.external_arrivals_per_day > 0 ? arrivals / out.external_arrivals_per_day : kNaN;
    out.mean_service_days[i] = arrivals > 0 ? work / arrivals : stage.service.mean();
    if (stage.infinite) continue;
    const double servers = profiles[i].mean_effective_servers;
    out.offered_load[i] = work == 0 ? 0.0 : servers > 0 ? work / servers : std::numeric_limits<double>::infinity();
    if (out.offered_load[i] > 0 && out.external_arrivals_per_day > 0) {
      out.stage_bound_per_day[i] = out.external_arrivals_per_day / out.offered_load[i];
      if (out.stage_bound_per_day[i] < best) {
        best = out.stage_bound_per_day[i];
        out.binding_stage = i;
      }
    }
  }
  if (out.binding_stage) out.throughput_bound_per_day = best;
  return out;
}

}  // namespace courtflow::analysis

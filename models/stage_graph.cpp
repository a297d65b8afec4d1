// Building the StageGraph from a Model (see stage_graph.hpp). Unknown stage ids are skipped
// rather than reported: building is also done for invalid models, and validate reports them.
// Of duplicate stage ids, the first stage is the one references lead to.

#include "models/stage_graph.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "models/case_types.hpp"
#include "models/route_windows.hpp"

namespace courtflow::models {

namespace {

/// Route probabilities are summed in floating point; anything this small is rounding.
constexpr double kProbabilityTolerance = 1e-9;

}  // namespace

StageGraph build_stage_graph(const Model& m) {
  const std::size_t n = m.stages.size();
  StageGraph g(n + 2);
  g[boost::graph_bundle] = StageGraphInfo{n, n + 1};

  std::unordered_map<std::string, StageVertex> vertex_of;
  for (std::size_t i = 0; i < n; ++i) {
    const StageDef& s = m.stages[i];
    StageNode& node = g[i];
    node.kind = NodeKind::stage;
    node.id = s.id;
    node.index = static_cast<int>(i);
    node.infinite = s.infinite;
    node.servers = s.infinite ? 0
                   : (!s.capacity.empty() && s.capacity.front().from_day == 0)
                       ? s.capacity.front().servers
                       : s.servers;
    vertex_of.emplace(s.id, i);  // the first of duplicate ids wins; validate reports the rest
  }
  g[n] = StageNode{NodeKind::exit, "exit", -1, false, 0, 0};
  g[n + 1] = StageNode{NodeKind::arrivals, "arrivals", -1, false, 0, 0};

  const auto stage_vertex = [&](const std::string& id) -> std::optional<StageVertex> {
    const auto it = vertex_of.find(id);
    if (it == vertex_of.end()) return std::nullopt;
    return it->second;
  };
  const auto target_vertex = [&](const std::string& id) -> std::optional<StageVertex> {
    if (id == "exit") return n;
    return stage_vertex(id);
  };

  for (std::size_t i = 0; i < m.arrivals.size(); ++i) {
    const ArrivalDef& a = m.arrivals[i];
    const auto to = stage_vertex(a.to);
    if (!to) continue;
    FlowEdge e;
    e.kind = EdgeKind::arrival;
    e.case_type = a.case_type.value_or("");
    e.model_index = static_cast<int>(i);
    e.rate_per_day = a.schedule.empty() && !a.seasonality ? a.rate_per_day : -1;  // varies over time
    boost::add_edge(n + 1, *to, e, g);
  }
  for (std::size_t i = 0; i < m.initial_wip.size(); ++i) {
    const InitialWipDef& w = m.initial_wip[i];
    const auto at = stage_vertex(w.stage);
    if (!at) continue;
    g[*at].initial_wip += w.count;
    FlowEdge e;
    e.kind = EdgeKind::initial_wip;
    e.case_type = w.case_type.value_or("");
    e.model_index = static_cast<int>(i);
    boost::add_edge(n + 1, *at, e, g);
  }
  for (std::size_t i = 0; i < m.routes.size(); ++i) {
    const RouteDef& r = m.routes[i];
    const auto from = stage_vertex(r.from);
    const auto to = target_vertex(r.to);
    if (!from || !to) continue;
    FlowEdge e;
    e.kind = EdgeKind::route;
    e.p = r.p;
    e.case_type = r.case_type.value_or("");
    e.model_index = static_cast<int>(i);
    boost::add_edge(*from, *to, e, g);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const StageDef& s = m.stages[i];
    // At a pure delay nobody waits, so patience never runs out: no way out along on_timeout.
    if (!s.patience || s.infinite) continue;
    const auto to = target_vertex(s.on_timeout);
    if (!to) continue;
    FlowEdge e;
    e.kind = EdgeKind::timeout;
    boost::add_edge(i, *to, e, g);
  }

  // Remainder edges: per stage and case type, 1 - the sum of the routes that apply; with
  // routes valid in time windows, the largest remainder at any time.
  const EffectiveCaseTypes types = effective_case_types(m);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& id = m.stages[i].id;
    std::vector<double> remainder(types.types.size(), 0.0);
    for (const double day : route_change_days(m, id)) {
      for (std::size_t t = 0; t < types.types.size(); ++t) {
        double left = 1.0;
        for (const RouteDef& r : m.routes) {
          if (r.from != id || !route_active(r, day)) continue;
          if (!r.case_type || *r.case_type == types.types[t].id) left -= r.p;
        }
        remainder[t] = std::max(remainder[t], left);
      }
    }
    bool all_same = true;
    for (const double rem : remainder) {
      if (std::fabs(rem - remainder.front()) > kProbabilityTolerance) all_same = false;
    }
    if (all_same) {
      if (remainder.front() > kProbabilityTolerance) {
        FlowEdge e;
        e.kind = EdgeKind::remainder;
        e.p = remainder.front();
        boost::add_edge(i, n, e, g);
      }
      continue;
    }
    for (std::size_t t = 0; t < types.types.size(); ++t) {
      if (remainder[t] <= kProbabilityTolerance) continue;
      FlowEdge e;
      e.kind = EdgeKind::remainder;
      e.p = remainder[t];
      e.case_type = types.types[t].id;
      boost::add_edge(i, n, e, g);
    }
  }
  return g;
}

}  // namespace courtflow::models

#pragma once
// The stage graph of a model as a Boost.Graph: one vertex per stage (in file order, so vertex
// i is stages[i]), plus an "exit" vertex and an "arrivals" source vertex. Edges are the ways
// cases move: arrivals and initial work (from the source), routes, reneging (on_timeout), and
// the remainder of the route probabilities, which leaves the system. models/validate uses it
// for reachability, models/graphviz draws it, and analysis/ can use it for bottleneck bounds.
// The engine never sees it: models/compile turns a Model into flat arrays instead.
//
// Building the graph does not require a valid model: references to unknown stages are left
// out (validate reports them).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>

#include "models/model.hpp"

namespace courtflow::models {

enum class NodeKind : std::uint8_t { stage, exit, arrivals };

struct StageNode {
  NodeKind kind = NodeKind::stage;
  /// The stage id, or "exit" / "arrivals" for the two extra vertices.
  std::string id;
  /// Index in Model::stages; -1 for the extra vertices.
  int index = -1;
  /// A pure delay ("servers": "infinite").
  bool infinite = false;
  /// Servers at day 0 (the first capacity step if there is one at day 0); 0 when infinite.
  std::int64_t servers = 0;
  /// Cases waiting here at time zero (sum over initial_wip entries).
  std::int64_t initial_wip = 0;
};

enum class EdgeKind : std::uint8_t {
  arrival,      ///< arrivals -> stage: an arrival stream
  initial_wip,  ///< arrivals -> stage: work already waiting at time zero
  route,        ///< stage -> stage or exit: a route of the model
  timeout,      ///< stage -> stage or exit: where cases go when their patience runs out
  remainder,    ///< stage -> exit: what the routes out of a stage leave over (1 - sum of p)
};

struct FlowEdge {
  EdgeKind kind = EdgeKind::route;
  /// Probability of taking this edge on leaving the source stage (routes, remainder); 1 for
  /// arrival, initial-work and timeout edges.
  double p = 1;
  /// The case type the edge is for. Empty on routes and remainder edges means every type; on
  /// arrival and initial-work edges it means the implicit "default" type (models/case_types).
  std::string case_type;
  /// Index of the arrival, route or initial_wip entry in the model (-1 for timeout and
  /// remainder edges, which come from the stage itself).
  int model_index = -1;
  /// Arrival edges: the rate before any schedule, cases per day; -1 when a schedule or month
  /// factors (seasonality) vary it.
  double rate_per_day = 0;
};

/// Which vertices are the extra ones.
struct StageGraphInfo {
  std::size_t exit = 0;
  std::size_t arrivals = 0;
};

using StageGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                         StageNode, FlowEdge, StageGraphInfo>;
using StageVertex = boost::graph_traits<StageGraph>::vertex_descriptor;
using StageEdge = boost::graph_traits<StageGraph>::edge_descriptor;

/// Builds the stage graph: vertices 0..n-1 are the stages in file order, then exit, then
/// arrivals. Remainder edges are one per stage when every case type leaves the same
/// remainder, else one per case type with a positive remainder. Remainders of at most 1e-9
/// are treated as zero.
StageGraph build_stage_graph(const Model& m);

inline StageVertex exit_vertex(const StageGraph& g) { return g[boost::graph_bundle].exit; }
inline StageVertex arrivals_vertex(const StageGraph& g) {
  return g[boost::graph_bundle].arrivals;
}

/// Which edges to follow in a reachability search.
using EdgeFilter = std::function<bool(const FlowEdge&)>;

namespace detail {
struct KeepEdge {
  const StageGraph* graph = nullptr;
  const EdgeFilter* keep = nullptr;
  bool operator()(const StageEdge& e) const { return (*keep)((*graph)[e]); }
};

struct RecordReached : boost::default_bfs_visitor {
  std::vector<bool>* reached = nullptr;
  template <typename Vertex, typename Graph>
  void discover_vertex(Vertex v, const Graph&) const {
    (*reached)[v] = true;
  }
};

template <typename Graph>
std::vector<bool> bfs_reached(const Graph& g, StageVertex start, std::size_t n) {
  std::vector<bool> reached(n, false);
  std::vector<boost::default_color_type> colors(n);
  RecordReached visitor;
  visitor.reached = &reached;
  boost::breadth_first_search(
      g, start,
      boost::visitor(visitor).color_map(boost::make_iterator_property_map(
          colors.begin(), boost::get(boost::vertex_index, g))));
  return reached;
}
}  // namespace detail

/// Per vertex (indexed by vertex number): can it be reached from `start` along edges that
/// `keep` accepts? `start` itself counts as reached. O(V + E).
inline std::vector<bool> reachable_from(const StageGraph& g, StageVertex start,
                                        const EdgeFilter& keep) {
  const boost::filtered_graph<StageGraph, detail::KeepEdge> kept(g,
                                                                 detail::KeepEdge{&g, &keep});
  return detail::bfs_reached(kept, start, boost::num_vertices(g));
}

/// Per vertex: can `target` be reached from it along edges that `keep` accepts? (A search
/// over the reversed graph.) `target` itself counts. O(V + E).
inline std::vector<bool> reaching(const StageGraph& g, StageVertex target, const EdgeFilter& keep) {
  const boost::filtered_graph<StageGraph, detail::KeepEdge> kept(g,
                                                                 detail::KeepEdge{&g, &keep});
  return detail::bfs_reached(boost::make_reverse_graph(kept), target, boost::num_vertices(g));
}

}  // namespace courtflow::models

// DOT output of the StageGraph with boost::write_graphviz and property writers (see
// graphviz.hpp). Vertices are named by their number in the graph (stages in file order, then
// exit, then arrivals), so the output order is fixed; what a reader sees is the label.

#include "models/graphviz.hpp"

#include <cstdio>
#include <sstream>

#include <boost/graph/graphviz.hpp>

#include "models/stage_graph.hpp"

namespace courtflow::models {

namespace {

/// A DOT double-quoted string: quotes and backslashes escaped, "\n" kept as a DOT line break.
std::string dot_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

/// Up to four significant digits: 0.3, 0.1667, 1500.
std::string show(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

/// Labels joined with DOT's "\n" escape (added after escaping, so it stays a line break).
std::string lines(const std::vector<std::string>& parts) {
  std::string out = "\"";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string quoted = dot_string(parts[i]);
    if (i > 0) out += "\\n";
    out += quoted.substr(1, quoted.size() - 2);
  }
  return out + "\"";
}

struct NodeWriter {
  const StageGraph* g;
  const Model* m;
  void operator()(std::ostream& out, StageVertex v) const {
    const StageNode& node = (*g)[v];
    switch (node.kind) {
      case NodeKind::exit:
        out << "[label=\"exit\", shape=doublecircle]";
        return;
      case NodeKind::arrivals:
        out << "[label=\"arrivals\", shape=ellipse]";
        return;
      case NodeKind::stage: break;
    }
    const StageDef& s = m->stages[static_cast<std::size_t>(node.index)];
    std::vector<std::string> parts{node.id};
    if (node.infinite) {
      parts.emplace_back("delay");
    } else {
      std::string servers = std::to_string(node.servers) + (node.servers == 1 ? " server" : " servers");
      if (s.capacity.size() > 1 || (s.capacity.size() == 1 && s.capacity.front().from_day > 0)) {
        servers += " (scheduled)";
      }
      parts.push_back(servers);
    }
    if (s.discipline == "priority") parts.emplace_back("priority");
    if (node.initial_wip > 0) parts.push_back(std::to_string(node.initial_wip) + " open at start");
    out << "[label=" << lines(parts) << ", shape=box]";
  }
};

struct EdgeWriter {
  const StageGraph* g;
  const Model* m;
  void operator()(std::ostream& out, StageEdge e) const {
    const FlowEdge& edge = (*g)[e];
    std::string label;
    std::string style;
    switch (edge.kind) {
      case EdgeKind::arrival:
        label = edge.rate_per_day < 0 ? "scheduled" : show(edge.rate_per_day) + "/day";
        break;
      case EdgeKind::initial_wip:
        label = "open at start";
        style = "dotted";
        break;
      case EdgeKind::route: {
        label = show(edge.p);
        const RouteDef& r = m->routes[static_cast<std::size_t>(edge.model_index)];
        if (r.from_day) label += " from day " + show(*r.from_day);
        if (r.until_day) label += " until day " + show(*r.until_day);
        break;
      }
      case EdgeKind::remainder:
        label = show(edge.p);
        break;
      case EdgeKind::timeout:
        label = "timeout";
        style = "dashed";
        break;
    }
    if (!edge.case_type.empty()) label += " [" + edge.case_type + "]";
    out << "[label=" << dot_string(label);
    if (!style.empty()) out << ", style=" << style;
    out << "]";
  }
};

struct GraphWriter {
  const Model* m;
  void operator()(std::ostream& out) const {
    out << "label=" << dot_string(m->name) << ";\n";
    out << "rankdir=LR;\n";
    out << "node [fontname=\"Helvetica\"];\n";
    out << "edge [fontname=\"Helvetica\"];\n";
  }
};

}  // namespace

std::string to_dot(const Model& m) {
  StageGraph g = build_stage_graph(m);
  // Initial work is shown in the stage labels; an edge from "arrivals" would suggest a flow.
  boost::remove_edge_if([&](const StageEdge& e) { return g[e].kind == EdgeKind::initial_wip; },
                        g);
  std::ostringstream out;
  boost::write_graphviz(out, g, NodeWriter{&g, &m}, EdgeWriter{&g, &m}, GraphWriter{&m});
  return out.str();
}

}  // namespace courtflow::models

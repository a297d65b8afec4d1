// The StageGraph built from a model: vertices, edges of each kind, remainder edges per case
// type, and the reachability helpers.

#include <gtest/gtest.h>

#include "models/model_json.hpp"
#include "models/stage_graph.hpp"
#include "tests/models/test_models.hpp"

namespace courtflow::models {
namespace {

using nlohmann::json;
using testing::parse;
using testing::two_stage_json;

std::vector<FlowEdge> out_edges_of(const StageGraph& g, StageVertex v) {
  std::vector<FlowEdge> edges;
  for (const auto& e : boost::make_iterator_range(boost::out_edges(v, g))) edges.push_back(g[e]);
  return edges;
}

TEST(StageGraph, HasStagesThenExitThenArrivals) {
  const StageGraph g = build_stage_graph(parse(two_stage_json()));
  ASSERT_EQ(boost::num_vertices(g), 4u);
  EXPECT_EQ(g[0].id, "intake");
  EXPECT_EQ(g[0].servers, 2);
  EXPECT_EQ(g[1].id, "hearing");
  EXPECT_EQ(exit_vertex(g), 2u);
  EXPECT_EQ(g[2].kind, NodeKind::exit);
  EXPECT_EQ(arrivals_vertex(g), 3u);
  EXPECT_EQ(g[3].kind, NodeKind::arrivals);
}

TEST(StageGraph, AddsRemainderEdgesToTheExit) {
  const StageGraph g = build_stage_graph(parse(two_stage_json()));
  const auto intake = out_edges_of(g, 0);
  ASSERT_EQ(intake.size(), 2u);
  EXPECT_EQ(intake[0].kind, EdgeKind::route);
  EXPECT_EQ(intake[1].kind, EdgeKind::remainder);
  EXPECT_NEAR(intake[1].p, 0.2, 1e-12);
  const auto hearing = out_edges_of(g, 1);
  ASSERT_EQ(hearing.size(), 1u);
  EXPECT_EQ(hearing[0].p, 1);
  const auto arrivals = out_edges_of(g, arrivals_vertex(g));
  ASSERT_EQ(arrivals.size(), 1u);
  EXPECT_EQ(arrivals[0].kind, EdgeKind::arrival);
  EXPECT_EQ(arrivals[0].rate_per_day, 1);
}

TEST(StageGraph, SplitsRemaindersThatDifferByCaseType) {
  json j = two_stage_json();
  j["case_types"] = json::parse(R"([{"id": "custody"}, {"id": "bail"}])");
  j["arrivals"][0]["case_type"] = "bail";
  j["routes"].push_back({{"from", "intake"}, {"to", "exit"}, {"p", 0.2}, {"case_type", "custody"}});
  const StageGraph g = build_stage_graph(parse(j));
  const auto intake = out_edges_of(g, 0);
  ASSERT_EQ(intake.size(), 3u);  // route, route to exit (custody), remainder (bail)
  EXPECT_EQ(intake[2].kind, EdgeKind::remainder);
  EXPECT_EQ(intake[2].case_type, "bail");
  EXPECT_NEAR(intake[2].p, 0.2, 1e-12);
}

TEST(StageGraph, ReachabilityFollowsTheFilter) {
  const StageGraph g = build_stage_graph(parse(two_stage_json()));
  const auto all = [](const FlowEdge&) { return true; };
  const auto forward = reachable_from(g, arrivals_vertex(g), all);
  EXPECT_EQ(forward, (std::vector<bool>{true, true, true, true}));
  const auto no_routes = [](const FlowEdge& e) { return e.kind != EdgeKind::route; };
  EXPECT_EQ(reachable_from(g, arrivals_vertex(g), no_routes), (std::vector<bool>{true, false, true, true}));
  const auto backward = reaching(g, exit_vertex(g), all);
  EXPECT_EQ(backward, (std::vector<bool>{true, true, true, true}));
  const auto only_remainder_of_hearing = [](const FlowEdge& e) { return e.kind == EdgeKind::remainder && e.p == 1; };
  EXPECT_EQ(reaching(g, exit_vertex(g), only_remainder_of_hearing), (std::vector<bool>{false, true, true, false}));
}

TEST(StageGraph, SkipsReferencesToUnknownStages) {
  Model m = parse(two_stage_json());
  m.routes[0].to = "nowhere";
  const StageGraph g = build_stage_graph(m);
  EXPECT_EQ(boost::num_edges(g), 3u);  // arrival, and the two remainders
}

}  // namespace
}  // namespace courtflow::models

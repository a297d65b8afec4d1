// Graphviz export: nodes, edges and their labels, and deterministic output.

#include <gtest/gtest.h>

#include "models/graphviz.hpp"
#include "models/model_json.hpp"
#include "tests/models/test_models.hpp"

namespace courtflow::models {
namespace {

using nlohmann::json;
using testing::full_json;
using testing::parse;
using testing::two_stage_json;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Graphviz, DrawsStagesArrivalsExitAndRoutes) {
  const std::string dot = to_dot(parse(two_stage_json()));
  EXPECT_EQ(dot.rfind("digraph G {", 0), 0u) << dot;
  EXPECT_TRUE(contains(dot, "label=\"two stages\";")) << dot;
  EXPECT_TRUE(contains(dot, "0[label=\"intake\\n2 servers\", shape=box];")) << dot;
  EXPECT_TRUE(contains(dot, "1[label=\"hearing\\n1 server\", shape=box];")) << dot;
  EXPECT_TRUE(contains(dot, "2[label=\"exit\", shape=doublecircle];")) << dot;
  EXPECT_TRUE(contains(dot, "3[label=\"arrivals\", shape=ellipse];")) << dot;
  EXPECT_TRUE(contains(dot, "3->0 [label=\"1/day\"];")) << dot;
  EXPECT_TRUE(contains(dot, "0->1 [label=\"0.8\"];")) << dot;
  EXPECT_TRUE(contains(dot, "0->2 [label=\"0.2\"];")) << dot;
  EXPECT_TRUE(contains(dot, "1->2 [label=\"1\"];")) << dot;
}

TEST(Graphviz, MarksDelaysTimeoutsTypesAndOpenWork) {
  const std::string dot = to_dot(parse(full_json()));
  EXPECT_TRUE(contains(dot, "0[label=\"police\\ndelay\", shape=box];")) << dot;
  EXPECT_TRUE(contains(dot, "crown_trial\\n420 servers (scheduled)\\npriority\\n1200 open at start")) << dot;
  EXPECT_TRUE(contains(dot, "2->6 [label=\"timeout\", style=dashed];")) << dot;
  EXPECT_TRUE(contains(dot, "[label=\"0.25 [bail]\"]")) << dot;
  EXPECT_TRUE(contains(dot, "[label=\"scheduled [custody]\"]")) << dot;
  EXPECT_TRUE(contains(dot, "[label=\"0.5 from day 10 until day 400\"]")) << dot;
  EXPECT_FALSE(contains(dot, "open at start\"]")) << "initial work is not drawn as an edge";
}

TEST(Graphviz, IsDeterministicAndEscapesQuotes) {
  json j = two_stage_json();
  j["name"] = "say \"hello\"";
  const Model m = parse(j);
  EXPECT_EQ(to_dot(m), to_dot(m));
  EXPECT_TRUE(contains(to_dot(m), "label=\"say \\\"hello\\\"\";")) << to_dot(m);
}

}  // namespace
}  // namespace courtflow::models

// summary.json from hand-built replications: every contract key in order, intervals, null
// for undefined measures and infinite stages' utilisation, provenance, no NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/summary.hpp"
#include "fixtures.hpp"

namespace courtflow::analysis {
namespace {

using Json = nlohmann::ordered_json;

std::vector<std::string> keys_of(const Json& j) {
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  return keys;
}

Json summary_json(int replications) {
  const auto set = testing::replication_set(replications);
  const RunInfo info{replications, 777, 1.25};
  return to_json(summarise(set, testing::two_stage_model(), testing::two_stage_network(), info));
}

bool is_measure(const Json& m) {
  return m.is_object() && m.contains("mean") && m.contains("ci95") && m.size() == 2 &&
         (m["ci95"].is_null() || (m["ci95"].is_array() && m["ci95"].size() == 2));
}

TEST(SummaryJson, HasTheContractKeysInOrder) {
  const Json j = summary_json(3);
  const std::vector<std::string> top = keys_of(j);
  const std::vector<std::string> contract{"model",  "replications", "seed",       "horizon_days", "stages",
                                          "system", "case_types",   "bottleneck", "performance"};
  ASSERT_GE(top.size(), contract.size());
  EXPECT_EQ(std::vector<std::string>(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(contract.size())),
            contract);
  EXPECT_EQ(j["model"], "two stage");
  EXPECT_EQ(j["replications"], 3);
  EXPECT_EQ(j["seed"], 777);
  EXPECT_EQ(j["horizon_days"], 60);
  EXPECT_EQ(j["performance"]["events"], 1000 + 1001 + 1002);
  EXPECT_EQ(j["performance"]["wall_seconds"], 1.25);

  for (const Json& stage : j["stages"]) {
    const std::vector<std::string> keys = keys_of(stage);
    const std::vector<std::string> stage_keys{"id",        "utilisation", "mean_wait_days", "mean_queue_length",
                                              "throughput_per_day", "completed", "abandoned", "wip_end"};
    EXPECT_EQ(std::vector<std::string>(keys.begin(), keys.begin() + 8), stage_keys);
    for (std::size_t k = 2; k < stage_keys.size(); ++k) EXPECT_TRUE(is_measure(stage[stage_keys[k]])) << stage_keys[k];
  }
  const std::vector<std::string> system_keys = keys_of(j["system"]);
  EXPECT_EQ(std::vector<std::string>(system_keys.begin(), system_keys.begin() + 3),
            (std::vector<std::string>{"mean_time_in_system_days", "completed", "wip_end"}));
  for (const Json& type : j["case_types"]) {
    const std::vector<std::string> keys = keys_of(type);
    EXPECT_EQ(std::vector<std::string>(keys.begin(), keys.begin() + 4),
              (std::vector<std::string>{"id", "mean_time_in_system_days", "completed", "abandoned"}));
  }
  EXPECT_EQ(keys_of(j["bottleneck"]), (std::vector<std::string>{"stage", "reason"}));
}

TEST(SummaryJson, MeasuresAreMeansAcrossReplications) {
  const Json j = summary_json(3);
  const Json& intake = j["stages"][0];
  EXPECT_EQ(intake["id"], "intake");
  EXPECT_NEAR(intake["utilisation"]["mean"].get<double>(), 0.6, 1e-12);
  const double half = 4.30265272974946 * 0.1 / std::sqrt(3.0);
  EXPECT_NEAR(intake["utilisation"]["ci95"][0].get<double>(), 0.6 - half, 1e-9);
  EXPECT_NEAR(intake["utilisation"]["ci95"][1].get<double>(), 0.6 + half, 1e-9);
  EXPECT_NEAR(intake["mean_wait_days"]["mean"].get<double>(), 3.1, 1e-12);
  EXPECT_EQ(intake["mean_queue_length"]["mean"], 2.0);
  EXPECT_EQ(intake["mean_queue_length"]["ci95"], Json::array({2.0, 2.0}));
  EXPECT_NEAR(intake["throughput_per_day"]["mean"].get<double>(), 10.0 / 60.0, 1e-12);
  EXPECT_EQ(intake["completed"]["mean"], 10.0);
  EXPECT_EQ(intake["wip_end"]["mean"], 3.0);
  EXPECT_EQ(intake["mean_age_wip_end_days"]["mean"], 2.0);
  EXPECT_EQ(j["system"]["mean_time_in_system_days"]["mean"], 5.0);
  EXPECT_EQ(j["system"]["wip_end"]["mean"], 3.0);
}

TEST(SummaryJson, InfiniteStagesHaveNullUtilisationAndUndefinedMeasuresAreNull) {
  const Json j = summary_json(3);
  const Json& delay = j["stages"][1];
  EXPECT_EQ(delay["id"], "wait,list");
  EXPECT_TRUE(delay["utilisation"].is_null());
  // Replication 0 started no service there; the other two waited 0 days.
  EXPECT_EQ(delay["mean_wait_days"]["mean"], 0.0);
  EXPECT_TRUE(delay["mean_age_wip_end_days"]["mean"].is_null());
  EXPECT_EQ(delay["mean_age_wip_end_days"]["ci95"].dump(), "[null,null]");
  const Json& bail = j["case_types"][1];
  EXPECT_EQ(bail["id"], "bail");
  EXPECT_TRUE(bail["mean_time_in_system_days"]["mean"].is_null());
  EXPECT_EQ(j.dump().find("NaN"), std::string::npos);
}

TEST(SummaryJson, NamesTheBottleneck) {
  const Json j = summary_json(3);
  EXPECT_EQ(j["bottleneck"]["stage"], "intake");
  const std::string reason = j["bottleneck"]["reason"];
  EXPECT_NE(reason.find("highest utilisation (0.60, 95% CI 0.35-0.85)"), std::string::npos) << reason;
  EXPECT_NE(reason.find("mean wait of 3.1 days"), std::string::npos) << reason;
  EXPECT_NE(reason.find("2.0 cases waiting on average"), std::string::npos) << reason;
}

TEST(SummaryJson, CarriesProvenance) {
  const Json j = summary_json(2);
  const Json& p = j["provenance"];
  EXPECT_EQ(p["courtflow_version"], "0.1.0");
  EXPECT_EQ(p["start_date"], "2025-01-01");
  EXPECT_EQ(p["warmup_days"], 0);
  EXPECT_TRUE(p["warmup_days"].is_number_integer());
  EXPECT_TRUE(j["horizon_days"].is_number_integer());
  EXPECT_EQ(p["count_unit"], "cases");
  EXPECT_EQ(p["model_hash"].get<std::string>().rfind("fnv1a64:", 0), 0u);
  EXPECT_EQ(p["model_hash"].get<std::string>().size(), 8u + 16u);
}

TEST(SummaryJson, OneReplicationHasZeroWidthIntervals) {
  const Json j = summary_json(1);
  EXPECT_EQ(j["stages"][0]["utilisation"]["ci95"], Json::array({0.5, 0.5}));
}

TEST(SummaryJson, DoesNotDependOnWhereTheResultsCameFrom) {
  // Same inputs, same bytes (the reproducibility contract rests on this).
  EXPECT_EQ(summary_json(3).dump(2), summary_json(3).dump(2));
}

TEST(SummaryJson, TargetsAddDaysToTargetWhereSet) {
  const auto set = testing::replication_set(3);
  Summary s = summarise(set, testing::two_stage_model(), testing::two_stage_network(), RunInfo{3, 1, 0});
  EXPECT_FALSE(to_json(s)["stages"][0].contains("days_to_target"));  // none asked for
  // Intake wip is r + p: at most 1 at day 30 for r = 0 and 1; 2 then 3 for r = 2 (never).
  // The system's wip (r + p + 2) is never at or below 1.
  const double none = std::nan("");
  s.targets = days_to_target(set, testing::two_stage_network(), {1, none, 1});
  const Json j = to_json(s);
  const Json& intake = j["stages"][0];
  EXPECT_EQ(intake["target_wip"], 1.0);
  EXPECT_NEAR(intake["target_reached_share"].get<double>(), 2.0 / 3.0, 1e-15);
  EXPECT_EQ(intake["days_to_target"]["mean"], 30.0);
  EXPECT_TRUE(is_measure(intake["days_to_target"]));
  EXPECT_FALSE(j["stages"][1].contains("days_to_target"));
  EXPECT_EQ(j["system"]["target_reached_share"], 0.0);
  EXPECT_TRUE(j["system"]["days_to_target"].is_null());
}

TEST(Fnv1a64, MatchesReferenceValues) {
  EXPECT_EQ(fnv1a64(""), "fnv1a64:cbf29ce484222325");
  EXPECT_EQ(fnv1a64("a"), "fnv1a64:af63dc4c8601ec8c");
}

}  // namespace
}  // namespace courtflow::analysis

// analysis/compare and comparison_output on hand-built replication results: paired
// differences and the unpaired half-width worked out on paper, undefined values, matching of
// stages, case types and periods by id and day, and the shape of comparison.json and the CSVs.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/comparison_output.hpp"
#include "fixtures.hpp"
#include "models/dates.hpp"

namespace courtflow::analysis {
namespace {

using Json = nlohmann::ordered_json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kT3 = student_t_quantile(0.975, 3);

std::vector<std::string> keys_of(const Json& j) {
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  return keys;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(PairValues, DifferencesWithinPairsThenAcrossPairs) {
  const PairedMeasure m = pair_values({1, 2, 3, 4}, {0, 1, 1, 2});
  EXPECT_DOUBLE_EQ(m.base.mean, 2.5);
  EXPECT_DOUBLE_EQ(m.scenario.mean, 1.0);
  // Differences -1, -1, -2, -2: mean -1.5, sd sqrt(1/3).
  EXPECT_DOUBLE_EQ(m.delta.mean, -1.5);
  EXPECT_EQ(m.delta.n, 4u);
  const double half = kT3 * std::sqrt(1.0 / 3.0) / 2;
  EXPECT_NEAR(m.delta.lo, -1.5 - half, 1e-12);
  EXPECT_NEAR(m.delta.hi, -1.5 + half, 1e-12);
  EXPECT_NEAR(m.paired_half_width(), half, 1e-12);
  // Unpaired: variances 5/3 and 2/3, n = 4 each.
  EXPECT_NEAR(m.unpaired_half_width, kT3 * std::sqrt((5.0 / 3.0 + 2.0 / 3.0) / 4), 1e-12);
  EXPECT_LT(m.paired_half_width(), m.unpaired_half_width);  // the two runs move together
}

TEST(PairValues, IdenticalRunsGiveExactlyZero) {
  const std::vector<double> v{3.25, 7.5, 1.0 / 3.0};
  const PairedMeasure m = pair_values(v, v);
  EXPECT_EQ(m.delta.mean, 0.0);
  EXPECT_EQ(m.delta.lo, 0.0);
  EXPECT_EQ(m.delta.hi, 0.0);
  EXPECT_EQ(m.paired_half_width(), 0.0);
  EXPECT_GT(m.unpaired_half_width, 0.0);
}

TEST(PairValues, UndefinedValuesLeaveTheirPairOut) {
  const PairedMeasure m = pair_values({1, kNaN, 3}, {2, 5, kNaN});
  EXPECT_EQ(m.base.n, 2u);
  EXPECT_DOUBLE_EQ(m.base.mean, 2);
  EXPECT_EQ(m.scenario.n, 2u);
  EXPECT_DOUBLE_EQ(m.scenario.mean, 3.5);
  EXPECT_EQ(m.delta.n, 1u);  // only the first pair has both
  EXPECT_DOUBLE_EQ(m.delta.mean, 1);
  EXPECT_TRUE(std::isfinite(m.unpaired_half_width));
  const PairedMeasure none = pair_values({kNaN}, {kNaN});
  EXPECT_FALSE(none.delta.has_value());
  EXPECT_TRUE(std::isnan(none.paired_half_width()));
  EXPECT_TRUE(std::isnan(none.unpaired_half_width));
}

TEST(PairValues, UnequalReplicationCountsPairTheFirstOnes) {
  const PairedMeasure m = pair_values({1, 2, 3}, {2, 4});
  EXPECT_EQ(m.delta.n, 2u);
  EXPECT_DOUBLE_EQ(m.delta.mean, 1.5);
  EXPECT_EQ(m.base.n, 3u);
}

// The fixture set with every count of the intake raised by `extra` in each replication.
sim::ReplicationSet shifted(int replications, int extra) {
  auto set = testing::replication_set(replications);
  for (auto& r : set.replications) {
    r.stages[0].wip_end += static_cast<std::uint64_t>(extra);
    r.system.time_in_system_sum += 4.0 * extra;  // 4 completed: mean time +extra
    for (std::size_t p = 0; p < r.series.period_ends.size(); ++p) r.series.at(p, 0, sim::PeriodSeries::wip) += extra;
  }
  return set;
}

TEST(CompareRuns, PairsEveryStageCaseTypeAndPeriod) {
  const auto network = testing::two_stage_network();
  const auto base = testing::replication_set(3);
  const auto scenario = shifted(3, 2);
  const ScenarioComparison c = compare_runs(base, network, scenario, network);
  EXPECT_EQ(c.pairs, 3u);
  ASSERT_EQ(c.stages.size(), 2u);
  EXPECT_EQ(c.stages[0].id, "intake");
  EXPECT_FALSE(c.stages[0].infinite);
  EXPECT_TRUE(c.stages[1].infinite);
  EXPECT_DOUBLE_EQ(c.stages[0].wip_end.delta.mean, 2);
  EXPECT_EQ(c.stages[0].wip_end.delta.lo, 2);  // the same shift in every pair: no spread
  EXPECT_EQ(c.stages[1].wip_end.delta.mean, 0);
  EXPECT_DOUBLE_EQ(c.system.mean_time_in_system_days.delta.mean, 2);
  EXPECT_EQ(c.system.wip_end.delta.mean, 0);
  // Utilisation 0.5, 0.6, 0.7 in both: zero change; undefined at the delay stage.
  EXPECT_EQ(c.stages[0].utilisation.delta.mean, 0);
  EXPECT_FALSE(c.stages[1].utilisation.delta.has_value());
  // Bail cases complete nothing: their mean time in system is undefined in both runs.
  ASSERT_EQ(c.case_types.size(), 2u);
  EXPECT_EQ(c.case_types[1].id, "bail");
  EXPECT_FALSE(c.case_types[1].mean_time_in_system_days.delta.has_value());
  EXPECT_TRUE(c.stages_only_in_base.empty());
  EXPECT_TRUE(c.case_types_only_in_scenario.empty());
  // Periods: 2 ends x (2 stages + system) x 4 metrics, in that order.
  ASSERT_EQ(c.periods.size(), 2u * 3 * 4);
  EXPECT_EQ(c.periods[0].period_end_day, 30);
  EXPECT_EQ(c.periods[0].row, "intake");
  EXPECT_EQ(c.periods[0].metric, "wip");
  EXPECT_DOUBLE_EQ(c.periods[0].value.delta.mean, 2);
  EXPECT_EQ(c.periods[1].metric, "waiting");
  EXPECT_EQ(c.periods[2].metric, "wip_over_365_days");
  EXPECT_EQ(c.periods[3].metric, "completions");
  EXPECT_EQ(c.periods[8].row, "system");
  EXPECT_EQ(c.periods.back().period_end_day, 60);
}

TEST(CompareRuns, StagesAndCaseTypesAreMatchedById) {
  const auto base_network = testing::two_stage_network();
  sim::Network other = base_network;
  std::swap(other.stages[0], other.stages[1]);  // same stages, other order
  other.stages[0].name = "renamed";             // ... and one renamed
  other.case_types[0].name = "remand";
  auto scenario = testing::replication_set(3);
  for (auto& r : scenario.replications) {
    std::swap(r.stages[0], r.stages[1]);
    // Period rows follow the scenario's own stage order.
    for (std::size_t p = 0; p < r.series.period_ends.size(); ++p) {
      for (int m = 0; m < sim::PeriodSeries::metric_count; ++m) std::swap(r.series.at(p, 0, m), r.series.at(p, 1, m));
    }
  }
  const ScenarioComparison c = compare_runs(testing::replication_set(3), base_network, scenario, other);
  ASSERT_EQ(c.stages.size(), 1u);
  EXPECT_EQ(c.stages[0].id, "intake");
  EXPECT_EQ(c.stages[0].wip_end.delta.mean, 0);  // found at index 1 of the scenario
  EXPECT_EQ(c.stages[0].utilisation.delta.mean, 0);
  EXPECT_EQ(c.stages_only_in_base, std::vector<std::string>{"wait,list"});
  EXPECT_EQ(c.stages_only_in_scenario, std::vector<std::string>{"renamed"});
  ASSERT_EQ(c.case_types.size(), 1u);
  EXPECT_EQ(c.case_types[0].id, "bail");
  EXPECT_EQ(c.case_types_only_in_base, std::vector<std::string>{"custody"});
  EXPECT_EQ(c.case_types_only_in_scenario, std::vector<std::string>{"remand"});
  // Periods: intake and the system only.
  ASSERT_EQ(c.periods.size(), 2u * 2 * 4);
  for (const PeriodComparison& cell : c.periods) EXPECT_EQ(cell.value.delta.mean, 0) << cell.row << cell.metric;
}

TEST(CompareRuns, OnlyCommonPeriodEndsAreCompared) {
  const auto network = testing::two_stage_network();
  auto scenario = testing::replication_set(2);
  for (auto& r : scenario.replications) r.series.period_ends = {30, 45};
  const ScenarioComparison c = compare_runs(testing::replication_set(2), network, scenario, network);
  ASSERT_EQ(c.periods.size(), 1u * 3 * 4);
  EXPECT_EQ(c.periods.front().period_end_day, 30);
}

Comparison comparison_of(const ScenarioComparison& c) {
  const auto base = testing::replication_set(3);
  const auto network = testing::two_stage_network();
  Comparison out;
  out.base = "two stage";
  out.base_file = "base.json";
  out.replications = 3;
  out.seed = 11;
  out.horizon_days = 60;
  out.base_stages = measure_stages(base, network);
  out.base_system = measure_system(base);
  out.base_case_types = measure_case_types(base, network);
  ComparedScenario s;
  s.name = "more, faster";  // needs CSV quoting
  s.description = "test";
  s.file = "scenario.json";
  scenarios::Scenario applied;
  applied.name = "more, faster";
  applied.base = "base.json";
  scenarios::Change change;
  change.op = scenarios::ScaleServers{"intake", 1.5};
  change.from_day = 10;
  applied.changes.push_back(change);
  s.applied.push_back(applied);
  s.comparison = c;
  out.scenarios.push_back(s);
  return out;
}

TEST(ComparisonJson, ContractKeysFirstThenExtensions) {
  const auto network = testing::two_stage_network();
  const Comparison comparison = comparison_of(compare_runs(testing::replication_set(3), network, shifted(3, 2), network));
  const Json j = to_json(comparison);
  const std::vector<std::string> top = keys_of(j);
  ASSERT_GE(top.size(), 2u);
  EXPECT_EQ(top[0], "base");
  EXPECT_EQ(top[1], "scenarios");
  EXPECT_EQ(j["base"], "two stage");
  const Json& s = j["scenarios"][0];
  EXPECT_EQ(keys_of(s)[0], "name");
  EXPECT_EQ(keys_of(s)[1], "delta");
  const std::vector<std::string> system = keys_of(s["delta"]["system"]);
  EXPECT_EQ(system[0], "mean_time_in_system_days");
  EXPECT_EQ(system[1], "wip_end");
  const Json& intake = s["delta"]["stages"][0];
  EXPECT_EQ(keys_of(intake)[0], "id");
  EXPECT_EQ(keys_of(intake)[1], "wip_end");
  EXPECT_EQ(intake["id"], "intake");
  EXPECT_EQ(intake["wip_end"]["mean"], 2.0);
  EXPECT_EQ(intake["wip_end"]["ci95"], Json::array({2.0, 2.0}));
  EXPECT_TRUE(s["delta"]["stages"][1]["utilisation"].is_null());  // a pure delay
  // Undefined (bail cases complete nothing): null, never NaN.
  EXPECT_TRUE(s["delta"]["case_types"][1]["mean_time_in_system_days"]["mean"].is_null());
  EXPECT_EQ(j.dump().find("NaN"), std::string::npos);
  // Levels, pairing, provenance and the changes applied.
  EXPECT_DOUBLE_EQ(j["base_levels"]["stages"][0]["wip_end"]["mean"].get<double>(), 3);
  EXPECT_DOUBLE_EQ(s["levels"]["stages"][0]["wip_end"]["mean"].get<double>(), 5);
  EXPECT_EQ(s["crn"]["mean_time_in_system_days"]["paired_half_width"], 0.0);
  ASSERT_EQ(s["changes"].size(), 1u);
  EXPECT_EQ(s["changes"][0]["scenario"], "more, faster");
  EXPECT_EQ(s["changes"][0]["op"], "scale_servers");
  EXPECT_EQ(s["changes"][0]["factor"], 1.5);
  EXPECT_EQ(j["replications"], 3);
  EXPECT_EQ(j["seed"], 11);
  EXPECT_EQ(j["horizon_days"], 60);
  EXPECT_EQ(j["provenance"]["age_threshold_days"], 365);
}

TEST(ComparisonCsv, OneRowPerScenarioStageAndMeasure) {
  const auto network = testing::two_stage_network();
  const Comparison comparison = comparison_of(compare_runs(testing::replication_set(3), network, shifted(3, 2), network));
  std::ostringstream out;
  write_comparison_csv(out, comparison);
  const auto lines = lines_of(out.str());
  EXPECT_EQ(lines[0],
            "scenario,stage,measure,base_mean,scenario_mean,delta_mean,delta_lo,delta_hi,base_lo,base_hi,"
            "scenario_lo,scenario_hi,unpaired_half_width");
  // System 5 measures; the intake 9; the delay stage 8 (no utilisation).
  ASSERT_EQ(lines.size(), 1u + 5 + 9 + 8);
  EXPECT_EQ(lines[1].rfind("\"more, faster\",system,mean_time_in_system_days,5,7,2,2,2,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[6].rfind("\"more, faster\",intake,wip_end,3,5,2,2,2,3,3,5,5,", 0), 0u) << lines[6];
  EXPECT_EQ(out.str().find("\"wait,list\",utilisation"), std::string::npos);
  EXPECT_NE(out.str().find("\"wait,list\",wip_end"), std::string::npos);
}

TEST(ComparisonTimeseriesCsv, DatesFollowTheStartDay) {
  const auto network = testing::two_stage_network();
  const Comparison comparison = comparison_of(compare_runs(testing::replication_set(3), network, shifted(3, 2), network));
  std::ostringstream out;
  write_comparison_timeseries_csv(out, comparison, models::parse_iso_date("2025-01-01"));
  const auto lines = lines_of(out.str());
  EXPECT_EQ(lines[0],
            "period_end_day,period_end_date,scenario,stage,metric,base_mean,scenario_mean,delta_mean,delta_lo,delta_hi");
  ASSERT_EQ(lines.size(), 1u + 2 * 3 * 4);
  // Base wip of the intake at day 30 is r + 0 (mean 1); the scenario's 2 more.
  EXPECT_EQ(lines[1], "30,2025-01-30,\"more, faster\",intake,wip,1,3,2,2,2");
  EXPECT_EQ(lines.back().rfind("60,2025-03-01,\"more, faster\",system,completions,", 0), 0u) << lines.back();
}

}  // namespace
}  // namespace courtflow::analysis

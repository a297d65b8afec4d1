// Bottleneck analysis end to end on networks with a planted bottleneck (one stage at offered
// load >= 0.92, the others <= 0.75; a tandem, a re-listing loop, a loop behind a statutory
// delay): the ranking names it first, an extra server there gives a change in time in system
// whose 95% interval lies below zero, and an extra server at the least-used stage changes it
// by less than a tenth as much. Also a bottleneck that moves when capacity is cut, the
// ranking agreeing with summary.json's pick, the reasons' wording, --add parsing and the
// JSON/CSV shapes. Engine runs use fixed seeds and short horizons (well under a second each).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "analysis/bottleneck.hpp"
#include "analysis/bottleneck_report.hpp"
#include "analysis/measures.hpp"
#include "models/model_json.hpp"

namespace courtflow::analysis {
namespace {

constexpr std::uint64_t kSeed = 20240930;

// intake (rho 0.5) -> [statutory_wait, fixed 10 days] -> hearing (rho 0.933, optionally with
// 20% re-listed) -> review (rho 0.6). 2 cases a day arrive.
std::string planted_model(bool loop, bool delay) {
  const std::string hearing_mean = loop ? "1.12" : "1.4";  // lambda 2.5 with the loop, 2 without
  std::string stages =
      R"({"id": "intake", "servers": 2, "service": {"dist": "exponential", "mean": 0.5}},)";
  if (delay) stages += R"({"id": "statutory_wait", "servers": "infinite", "service": {"dist": "fixed", "value": 10}},)";
  stages += R"({"id": "hearing", "servers": 3, "service": {"dist": "exponential", "mean": )" + hearing_mean + "}},";
  stages += R"({"id": "review", "servers": 2, "service": {"dist": "exponential", "mean": 0.6}})";
  std::string routes = delay ? R"({"from": "intake", "to": "statutory_wait", "p": 1},
                                  {"from": "statutory_wait", "to": "hearing", "p": 1},)"
                             : R"({"from": "intake", "to": "hearing", "p": 1},)";
  routes += loop ? R"({"from": "hearing", "to": "hearing", "p": 0.2}, {"from": "hearing", "to": "review", "p": 0.8})"
                 : R"({"from": "hearing", "to": "review", "p": 1})";
  return R"({"courtflow": 1, "name": "planted", "horizon_days": 1500, "warmup_days": 300,
            "stages": [)" +
         stages + R"(], "arrivals": [{"to": "intake", "rate_per_day": 2}], "routes": [)" + routes + "]}";
}

PreparedRun prepare(const std::string& text, RunSettings& settings, int replications = 10) {
  settings.replications = replications;
  settings.seed = kSeed;
  settings.threads = 2;
  return prepare_run(models::parse_model_text(text, "test.json"), settings, "test.json");
}

std::size_t stage_index(const BottleneckReport& r, const std::string& id) {
  for (std::size_t i = 0; i < r.ledger.rows.size(); ++i) {
    if (r.ledger.rows[i].stage == id) return i;
  }
  ADD_FAILURE() << "no stage " << id;
  return 0;
}

const MarginalEntry& marginal_at(const BottleneckReport& r, const std::string& id) {
  for (const MarginalEntry& m : r.marginal) {
    if (r.ledger.rows[m.stage].stage == id) return m;
  }
  ADD_FAILURE() << "no marginal entry for " << id;
  return r.marginal.front();
}

struct Variant {
  const char* name;
  bool loop;
  bool delay;
};

class PlantedBottleneck : public ::testing::TestWithParam<Variant> {};

TEST_P(PlantedBottleneck, IsRankedFirstAndAnExtraServerThereIsWorthMost) {
  RunSettings settings;
  const PreparedRun prepared = prepare(planted_model(GetParam().loop, GetParam().delay), settings);
  const BottleneckReport r = analyse_bottlenecks(prepared, settings, BottleneckOptions{});

  // The plant, analytically: hearing at >= 0.92, every other capacity-limited stage <= 0.75.
  ASSERT_TRUE(r.traffic.solved) << r.traffic.problem;
  EXPECT_TRUE(r.traffic.stationary);
  const std::size_t hearing = stage_index(r, "hearing");
  for (std::size_t i = 0; i < r.ledger.rows.size(); ++i) {
    if (r.ledger.rows[i].infinite) continue;
    if (i == hearing) {
      EXPECT_GE(r.traffic.offered_load[i], 0.92);
    } else {
      EXPECT_LE(r.traffic.offered_load[i], 0.75) << r.ledger.rows[i].stage;
    }
  }
  ASSERT_TRUE(r.traffic.binding_stage);
  EXPECT_EQ(*r.traffic.binding_stage, hearing);

  // The ranking names it first; pure delays never rank.
  ASSERT_EQ(r.ledger.ranking.size(), 3u);
  EXPECT_EQ(r.ledger.rows[r.ledger.ranking.front().row].stage, "hearing") << r.ledger.ranking.front().reason;
  for (const LedgerRank& rank : r.ledger.ranking) EXPECT_FALSE(r.ledger.rows[rank.row].infinite);
  EXPECT_FALSE(r.ledger.ranking.front().overloaded);  // busy, not overloaded: demand < capacity
  EXPECT_NE(r.ledger.ranking.front().reason.find("utilisation 0.9"), std::string::npos)
      << r.ledger.ranking.front().reason;

  // The simulation agrees with the traffic equations at every stage.
  ASSERT_EQ(r.checks.size(), r.ledger.rows.size());
  for (std::size_t i = 0; i < r.checks.size(); ++i) {
    EXPECT_FALSE(r.checks[i].disagrees) << r.ledger.rows[i].stage << ": " << r.checks[i].note;
  }

  // One more server at the bottleneck: the interval for the change lies below zero; at the
  // least-used stage (intake, 0.5) the change is under a tenth as large.
  ASSERT_EQ(r.marginal.size(), 3u);
  EXPECT_EQ(r.ledger.rows[r.marginal.front().stage].stage, "hearing");  // most valuable first
  const MarginalEntry& at_hearing = marginal_at(r, "hearing");
  EXPECT_EQ(at_hearing.added_servers, 1);
  const Interval& big = at_hearing.delta.mean_time_in_system_days;
  ASSERT_EQ(big.n, 10u);
  EXPECT_LT(big.hi, 0) << big.mean << " [" << big.lo << ", " << big.hi << "]";
  const Interval& small = marginal_at(r, "intake").delta.mean_time_in_system_days;
  EXPECT_LT(std::fabs(small.mean), 0.1 * std::fabs(big.mean)) << small.mean << " vs " << big.mean;
  EXPECT_EQ(r.runs, 4);
}

INSTANTIATE_TEST_SUITE_P(Variants, PlantedBottleneck,
                         ::testing::Values(Variant{"tandem", false, false}, Variant{"loop", true, false},
                                           Variant{"loop_and_delay", true, true}),
                         [](const auto& test) { return std::string(test.param.name); });

TEST(BottleneckReport, RankingAgreesWithTheSummarysBottleneck) {
  RunSettings settings;
  const PreparedRun prepared = prepare(planted_model(true, true), settings, 4);
  const sim::ReplicationSet set = run_prepared(prepared, settings);
  const TrafficSolution t = solve_traffic(prepared.network, prepared.config.warmup, prepared.config.horizon);
  const Ledger ledger = build_ledger(set, prepared.network, prepared.config.warmup, prepared.config.horizon, t, "");
  const std::vector<RankedStage> summary = rank_stages(measure_stages(set, prepared.network), "");
  ASSERT_EQ(ledger.ranking.size(), summary.size());
  for (std::size_t k = 0; k < summary.size(); ++k) EXPECT_EQ(ledger.rows[ledger.ranking[k].row].stage, summary[k].stage);
  // Visits: 1.25 hearings per case with the 20% re-listing loop, as the traffic equations say.
  EXPECT_NEAR(t.visits_per_arrival[2], 1.25, 1e-12);
  EXPECT_NEAR(ledger.rows[2].visits_per_case.mean, 1.25, 0.05);
}

TEST(BottleneckReport, ABottleneckThatMovesShowsPerPeriod) {
  // a: 4 servers (load 0.45) until day 750, then 2 (load 0.9); b: load 0.65 throughout.
  const std::string text = R"({"courtflow": 1, "name": "moving", "horizon_days": 1500,
    "stages": [
      {"id": "a", "servers": 4, "capacity": [{"from_day": 0, "servers": 4}, {"from_day": 750, "servers": 2}],
       "service": {"dist": "exponential", "mean": 1.8}},
      {"id": "b", "servers": 1, "service": {"dist": "exponential", "mean": 0.65}}],
    "arrivals": [{"to": "a", "rate_per_day": 1}],
    "routes": [{"from": "a", "to": "b", "p": 1}]})";
  RunSettings settings;
  settings.period = PeriodSpec{PeriodSpec::Kind::days, 150};
  const PreparedRun prepared = prepare(text, settings, 6);
  BottleneckOptions options;
  options.stages = {"b"};
  const BottleneckReport r = analyse_bottlenecks(prepared, settings, options);
  ASSERT_EQ(r.ledger.by_period.size(), 10u);
  EXPECT_EQ(r.ledger.rows[r.ledger.by_period.front().order.front()].stage, "b");
  EXPECT_EQ(r.ledger.rows[r.ledger.by_period.back().order.front()].stage, "a");
  EXPECT_NEAR(r.ledger.by_period.back().utilisation[0], 0.9, 0.1);
  // Capacity averaged over the window, with its range: 3 servers on average, 2-4.
  const LedgerRow& a = r.ledger.rows[0];
  EXPECT_DOUBLE_EQ(a.servers.mean_servers, 3.0);
  EXPECT_NEAR(a.capacity_per_day, 3.0 / 1.8, 1e-12);
  EXPECT_NEAR(a.capacity_min_per_day, 2.0 / 1.8, 1e-12);
  EXPECT_NEAR(a.capacity_max_per_day, 4.0 / 1.8, 1e-12);
  EXPECT_FALSE(r.traffic.stationary);
  // Only the stage asked for is priced.
  ASSERT_EQ(r.marginal.size(), 1u);
  EXPECT_EQ(r.ledger.rows[r.marginal.front().stage].stage, "b");
  EXPECT_EQ(r.runs, 2);
}

TEST(BottleneckReport, StagesToPriceAreChecked) {
  RunSettings settings;
  const PreparedRun prepared = prepare(planted_model(false, true), settings, 2);
  EXPECT_EQ(check_marginal_stages(prepared.network, {"hearing", "review"}), std::nullopt);
  const auto unknown = check_marginal_stages(prepared.network, {"hearing", "heering"});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(*unknown, "unknown stage 'heering' (capacity-limited stages: intake, hearing, review)");
  const auto delay = check_marginal_stages(prepared.network, {"statutory_wait"});
  ASSERT_TRUE(delay);
  EXPECT_NE(delay->find("is a pure delay"), std::string::npos);
  EXPECT_TRUE(check_marginal_stages(prepared.network, {"review", "review"}));
  BottleneckOptions options;
  options.stages = {"nowhere"};
  EXPECT_THROW(analyse_bottlenecks(prepared, settings, options), std::invalid_argument);
}

TEST(BottleneckReport, AddServersParsesWholeNumbersAndPercentages) {
  ASSERT_TRUE(parse_add_servers("1"));
  EXPECT_FALSE(parse_add_servers("1")->percent);
  EXPECT_EQ(parse_add_servers("3")->text(), "3");
  ASSERT_TRUE(parse_add_servers("10%"));
  EXPECT_TRUE(parse_add_servers("10%")->percent);
  EXPECT_EQ(parse_add_servers("2.5%")->text(), "2.5%");
  for (const char* bad : {"", "0", "-1", "+2", "1.5", "abc", "%", "10%%", "0%", "1e3", " 1", "2000000"}) {
    EXPECT_FALSE(parse_add_servers(bad)) << bad;
  }
  EXPECT_EQ(servers_to_add(*parse_add_servers("2"), 430), 2);
  EXPECT_EQ(servers_to_add(*parse_add_servers("10%"), 430), 43);
  EXPECT_EQ(servers_to_add(*parse_add_servers("15%"), 27), 5);  // 4.05 rounds up
  EXPECT_EQ(servers_to_add(*parse_add_servers("10%"), 3), 1);   // at least 1
  EXPECT_EQ(servers_to_add(*parse_add_servers("10%"), 430.5), 44);

  sim::Network n;
  sim::StageSpec s;
  s.capacity = {{0, 430}, {93, 0}, {183, 440}};
  n.stages = {s};
  const sim::Network more = with_added_servers(n, 0, 5);
  EXPECT_EQ(more.stages[0].capacity[0].servers, 435);
  EXPECT_EQ(more.stages[0].capacity[1].servers, 5);
  EXPECT_EQ(more.stages[0].capacity[2].servers, 445);
}

LedgerRow row_with(double utilisation, double wait, double share) {
  LedgerRow row;
  row.stage = "s";
  row.utilisation = Interval{utilisation, utilisation - 0.01, utilisation + 0.01, 10};
  row.mean_wait_days = Interval{wait, wait - 1, wait + 1, 10};
  row.share_of_time_in_system = Interval{share, share - 0.05, share + 0.05, 10};
  row.demand_per_day = Interval{30, 29, 31, 10};
  row.capacity_per_day = 40;
  row.queue_growth_per_day = Interval{0.001, -0.01, 0.012, 10};
  row.abandoned = Interval{0, 0, 0, 10};
  return row;
}

TEST(BottleneckReport, ReasonsInPlainWordsWithNumbers) {
  bool overloaded = true;
  EXPECT_EQ(ranking_reason(row_with(0.93, 12.34, 0.404), "", overloaded),
            "utilisation 0.93 (0.92-0.94); mean wait 12.3 days, 40% of time in system");
  EXPECT_FALSE(overloaded);

  LedgerRow over = row_with(0.999, 80.1, 0.61);
  over.demand_per_day = Interval{41.2, 41.0, 41.4, 10};
  over.queue_growth_per_day = Interval{1.2, 1.1, 1.3, 10};
  EXPECT_EQ(ranking_reason(over, "defendants", overloaded),
            "demand 41.2/day against capacity 40.0/day: the queue grows by about 1.2 defendants a day; "
            "utilisation 1.00 (0.99-1.01), mean wait 80.1 days, 61% of time in system");
  EXPECT_TRUE(overloaded);

  LedgerRow draining = row_with(0.8, 3, 0.1);
  draining.queue_growth_per_day = Interval{-0.5, -0.6, -0.4, 10};
  draining.abandoned = Interval{12, 10, 14, 10};
  EXPECT_EQ(ranking_reason(draining, "", overloaded),
            "utilisation 0.80 (0.79-0.81); mean wait 3.0 days, 10% of time in system; the queue shrank by about "
            "0.50 cases a day over the run; 12.0 cases abandoned the queue over the run");
  draining.abandoned = Interval{146390, 146000, 146800, 10};
  EXPECT_NE(ranking_reason(draining, "", overloaded).find("; 146,390 cases abandoned"), std::string::npos);
}

TEST(BottleneckReport, JsonAndCsvFollowTheContract) {
  RunSettings settings;
  const PreparedRun prepared = prepare(planted_model(true, true), settings, 3);
  BottleneckOptions options;
  options.add = *parse_add_servers("50%");
  options.stages = {"hearing"};
  std::vector<std::string> runs;
  options.on_run = [&runs](int run, int total, const std::string& label) {
    runs.push_back(std::to_string(run) + "/" + std::to_string(total) + " " + label);
  };
  const BottleneckReport r = analyse_bottlenecks(prepared, settings, options);
  EXPECT_EQ(runs, (std::vector<std::string>{"0/2 base", "1/2 hearing +2"}));
  const nlohmann::ordered_json j = to_json(r);
  auto key = j.begin();
  EXPECT_EQ(key.key(), "ranking");
  EXPECT_EQ((++key).key(), "marginal");
  ASSERT_EQ(j["ranking"].size(), 3u);
  for (const auto& e : j["ranking"]) {
    auto k = e.begin();
    EXPECT_EQ(k.key(), "stage");
    EXPECT_EQ((++k).key(), "utilisation");
    EXPECT_EQ((++k).key(), "reason");
    EXPECT_TRUE(e["stage"].is_string());
    EXPECT_TRUE(e["utilisation"].is_number());
    EXPECT_TRUE(e["reason"].is_string());
  }
  ASSERT_EQ(j["marginal"].size(), 1u);
  const auto& m = j["marginal"][0];
  EXPECT_EQ(m["stage"], "hearing");
  EXPECT_EQ(m["added_servers"], 2);  // 50% of 3, rounded up
  for (const char* k : {"delta_mean_time_in_system_days", "delta_wip_end"}) {
    ASSERT_TRUE(m[k].is_object()) << k;
    EXPECT_TRUE(m[k]["mean"].is_number()) << k;
    ASSERT_TRUE(m[k]["ci95"].is_array()) << k;
    EXPECT_EQ(m[k]["ci95"].size(), 2u) << k;
  }
  EXPECT_EQ(j["add"], "50%");
  EXPECT_EQ(j["seed"], kSeed);
  EXPECT_EQ(j["ledger"].size(), 4u);
  EXPECT_TRUE(j["ledger"][1]["utilisation"].is_null());  // the statutory wait
  EXPECT_TRUE(j["analytic"]["solved"].get<bool>());
  EXPECT_EQ(j["analytic"]["binding_stage"], "hearing");
  EXPECT_FALSE(j["by_period"].empty());
  EXPECT_FALSE(j["performance"].contains("wall_seconds"));  // the file is a function of its inputs
  EXPECT_EQ(j.dump().find("NaN"), std::string::npos);

  std::ostringstream csv;
  write_bottlenecks_csv(csv, r);
  const std::string text = csv.str();
  EXPECT_EQ(text.substr(0, text.find('\n')), "section,stage,period_end_day,period_end_date,measure,mean,ci95_lo,ci95_hi");
  EXPECT_NE(text.find("\nledger,hearing,,,utilisation,"), std::string::npos);
  EXPECT_NE(text.find("\nranking,hearing,,,rank,1,,\n"), std::string::npos);
  EXPECT_NE(text.find("\nanalytic,system,,,throughput_bound_per_day,"), std::string::npos);
  EXPECT_NE(text.find("\nmarginal,hearing,,,added_servers,2,,\n"), std::string::npos);
  EXPECT_NE(text.find("\nby_period,hearing,"), std::string::npos);
}

}  // namespace
}  // namespace courtflow::analysis

// The engine trace behind `courtflow run --event-log`: tracing changes nothing in the results,
// every completed service is recorded once, and server indices never exceed a stage's servers
// nor overlap in time on one server.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "analysis/simulation.hpp"
#include "models/model_json.hpp"
#include "sim/engine.hpp"
#include "sim/trace.hpp"

namespace {

namespace analysis = courtflow::analysis;
namespace sim = courtflow::sim;

// Two capacity-limited stages (one with a capacity cut half-way), a loop, reneging and a delay.
constexpr const char* kModel = R"({
  "courtflow": 1, "name": "traced", "horizon_days": 300, "seed": 17,
  "initial_wip": [{"stage": "listing", "count": 30}],
  "stages": [
    {"id": "listing", "servers": 4, "capacity": [{"from_day": 150, "servers": 2}],
     "service": {"dist": "exponential", "mean": 0.3},
     "patience": {"dist": "exponential", "mean": 20}, "on_timeout": "exit"},
    {"id": "trial", "servers": 3, "service": {"dist": "lognormal", "mean": 0.5, "sd": 0.3}},
    {"id": "adjournment", "servers": "infinite", "service": {"dist": "fixed", "value": 5}}
  ],
  "arrivals": [{"to": "listing", "rate_per_day": 8}],
  "routes": [{"from": "listing", "to": "trial", "p": 0.5}, {"from": "trial", "to": "adjournment", "p": 0.2},
             {"from": "adjournment", "to": "trial", "p": 1}]
})";

TEST(SimulatedLog, TracingChangesNothingAndServersNeverOverlap) {
  const auto model = courtflow::models::parse_model_text(kModel, "traced.json");
  analysis::RunSettings settings;
  settings.replications = 1;
  const analysis::PreparedRun prepared = analysis::prepare_run(model, settings, "traced");

  sim::Engine plain(prepared.network, prepared.config, prepared.seed, 0);
  const sim::ReplicationResult without = plain.run();

  std::vector<sim::ServiceRecord> records;
  sim::ServiceLog log(prepared.network, prepared.config.horizon,
                      [&](const sim::ServiceRecord& r) { records.push_back(r); });
  sim::Engine traced(prepared.network, prepared.config, prepared.seed, 0);
  traced.set_trace(&log);
  const sim::ReplicationResult with = traced.run();

  EXPECT_EQ(with.events, without.events);
  EXPECT_EQ(with.system.completed, without.system.completed);
  EXPECT_EQ(with.system.abandoned, without.system.abandoned);
  EXPECT_DOUBLE_EQ(with.system.time_in_system_sum, without.system.time_in_system_sum);

  // One record per completed service (no warm-up: every completion is counted).
  std::map<int, std::uint64_t> per_stage;
  for (const sim::ServiceRecord& r : records) ++per_stage[r.stage];
  for (std::size_t s = 0; s < prepared.network.stages.size(); ++s) {
    EXPECT_EQ(per_stage[static_cast<int>(s)], with.stages[s].completed) << s;
  }
  // Servers: within the stage's largest capacity, all of them used, never two cases at once.
  const std::vector<int> most{4, 3, -1};
  std::map<std::pair<int, int>, std::vector<std::pair<double, double>>> busy;
  for (const sim::ServiceRecord& r : records) {
    if (most[static_cast<std::size_t>(r.stage)] < 0) {
      EXPECT_EQ(r.server, -1);
      continue;
    }
    EXPECT_GE(r.server, 0);
    EXPECT_LT(r.server, most[static_cast<std::size_t>(r.stage)]);
    EXPECT_LE(r.start, r.end);
    busy[{r.stage, r.server}].emplace_back(r.start, r.end);
  }
  EXPECT_EQ(busy.size(), 4u + 3u);
  for (auto& [key, spans] : busy) {
    std::sort(spans.begin(), spans.end());
    for (std::size_t i = 1; i < spans.size(); ++i) EXPECT_LE(spans[i - 1].second, spans[i].first);
  }
  // Case numbers: 30 initial cases and then each arrival, in order of entering the system.
  std::uint64_t highest = 0;
  for (const sim::ServiceRecord& r : records) highest = std::max(highest, r.case_number);
  EXPECT_GT(highest, 30u);
}

}  // namespace

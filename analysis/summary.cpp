// summary.json: the contract's keys in the contract's order, then extensions (never renamed).
// Each measure is {"mean": x, "ci95": [lo, hi]}, or {"mean": null, "ci95": null} when no
// replication defined it; utilisation of an infinite (pure delay) stage is null outright.
#include "analysis/provenance.hpp"
#include "analysis/summary.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "analysis/version.hpp"
#include "models/model_json.hpp"

namespace courtflow::analysis {
namespace {

using Json = nlohmann::ordered_json;

// "system": the contract's three keys, then extensions.
Json system_json(const FlowMeasures& m) {
  Json j = Json::object();
  j["mean_time_in_system_days"] = to_json(m.mean_time_in_system_days);
  j["completed"] = to_json(m.completed);
  j["wip_end"] = to_json(m.wip_end);
  j["abandoned"] = to_json(m.abandoned);
  j["arrivals"] = to_json(m.arrivals);
  return j;
}

// One entry of "case_types": the contract's four keys, then extensions.
Json case_type_json(const FlowMeasures& m) {
  Json j = Json::object();
  j["id"] = m.id;
  j["mean_time_in_system_days"] = to_json(m.mean_time_in_system_days);
  j["completed"] = to_json(m.completed);
  j["abandoned"] = to_json(m.abandoned);
  j["wip_end"] = to_json(m.wip_end);
  j["arrivals"] = to_json(m.arrivals);
  return j;
}

Json days(double value) { return days_json(value); }

// The time to clear to a target, for the entry of period-series row `row`, if it has one.
void add_target(Json& entry, const std::vector<TargetResult>& targets, std::size_t row) {
  for (const TargetResult& t : targets) {
    if (t.row != row) continue;
    entry["target_wip"] = t.target_wip;
    if (t.after_day >= 0) entry["target_after_day"] = t.after_day;
    entry["target_reached_share"] = t.reached_share();
    entry["days_to_target"] = t.reached == 0 ? Json(nullptr) : to_json(t.days);
    return;
  }
}

}  // namespace

std::string fnv1a64(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string("fnv1a64:") + hex;
}

Summary summarise(const sim::ReplicationSet& set, const models::Model& model, const sim::Network& network,
                  const RunInfo& info) {
  Summary s;
  s.model = model.name;
  s.replications = info.replications;
  s.seed = info.seed;
  s.horizon_days = model.horizon_days;
  s.warmup_days = model.warmup_days;
  s.start_date = model.start_date;
  s.count_unit = model.count_unit;
  s.model_hash = fnv1a64(models::to_json(model).dump());
  s.stages = measure_stages(set, network);
  s.system = measure_system(set);
  s.case_types = measure_case_types(set, network);
  s.bottleneck = find_bottleneck(s.stages, model.count_unit);
  const std::vector<CaseloadSelection> groups = model_groups(model, network);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    s.groups.push_back(Summary::Group{groups[g].id, model.groups[g].stages, caseload_at_end(set, groups[g])});
  }
  s.events = set.total_events;
  s.wall_seconds = info.wall_seconds;
  return s;
}

Json to_json(const Summary& s) {
  Json j = Json::object();
  j["model"] = s.model;
  j["replications"] = s.replications;
  j["seed"] = s.seed;
  j["horizon_days"] = days(s.horizon_days);

  Json stages = Json::array();
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const StageMeasures& m = s.stages[i];
    Json st = Json::object();
    st["id"] = m.id;
    st["utilisation"] = m.infinite ? Json(nullptr) : to_json(m.utilisation);
    st["mean_wait_days"] = to_json(m.mean_wait_days);
    st["mean_queue_length"] = to_json(m.mean_queue_length);
    st["throughput_per_day"] = to_json(m.throughput_per_day);
    st["completed"] = to_json(m.completed);
    st["abandoned"] = to_json(m.abandoned);
    st["wip_end"] = to_json(m.wip_end);
    // Extensions.
    st["infinite"] = m.infinite;
    st["arrivals"] = to_json(m.arrivals);
    st["waiting_end"] = to_json(m.waiting_end);
    st["mean_age_wip_end_days"] = to_json(m.mean_age_wip_end_days);
    add_target(st, s.targets, i);
    stages.push_back(std::move(st));
  }
  j["stages"] = std::move(stages);
  j["system"] = system_json(s.system);
  add_target(j["system"], s.targets, s.stages.size());

  Json types = Json::array();
  for (const FlowMeasures& m : s.case_types) types.push_back(case_type_json(m));
  j["case_types"] = std::move(types);
  j["bottleneck"] = to_json(s.bottleneck);
  if (!s.groups.empty()) {
    Json groups = Json::array();
    for (const Summary::Group& g : s.groups) {
      Json gj = Json::object();
      gj["id"] = g.id;
      gj["stages"] = g.stages;
      gj["wip_end"] = to_json(g.wip_end);
      groups.push_back(std::move(gj));
    }
    j["groups"] = std::move(groups);
  }

  Json performance = Json::object();
  performance["events"] = s.events;
  performance["wall_seconds"] = s.wall_seconds;
  j["performance"] = std::move(performance);

  // Extensions: what was run, so that two outputs can be traced to the same inputs.
  j["provenance"] =
      provenance_json(Provenance{s.model_hash, s.horizon_days, s.warmup_days, s.start_date, s.count_unit});
  return j;
}

}  // namespace courtflow::analysis

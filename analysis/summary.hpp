#pragma once
// The run's summary.json (PRODUCT.md "Run outputs"): stage, system and case-type measures
// as {"mean", "ci95"} across replications, the bottleneck, performance and provenance.
// summarise() does the arithmetic, to_json() fixes the key names and order (ordered_json,
// contract keys first, extensions after). Everything except performance.wall_seconds is a
// function of the model, seed and replication count, never of the thread count or clock.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/backlog.hpp"
#include "analysis/bottleneck.hpp"
#include "analysis/measures.hpp"
#include "analysis/stage_groups.hpp"
#include "models/model.hpp"
#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {

/// What the caller knows about the run that the results do not carry.
struct RunInfo {
  int replications = 0;
  std::uint64_t seed = 0;
  double wall_seconds = 0;  ///< the whole run (all replications), from the caller's clock
};

struct Summary {
  std::string model;
  int replications = 0;
  std::uint64_t seed = 0;
  double horizon_days = 0;
  double warmup_days = 0;
  std::optional<std::string> start_date;
  std::string count_unit;
  std::string model_hash;  ///< "fnv1a64:<16 hex>" of the canonical model JSON
  std::vector<StageMeasures> stages;
  FlowMeasures system;
  std::vector<FlowMeasures> case_types;
  Bottleneck bottleneck;
  /// The model's reporting groups (stage_groups.hpp): id, member stages and the summed open
  /// caseload at the horizon.
  struct Group {
    std::string id;
    std::vector<std::string> stages;
    Interval wip_end;
  };
  std::vector<Group> groups;
  /// Time to clear to a target (--target), for the stages and system that have one
  /// (backlog.hpp days_to_target); summarise() leaves it empty, the caller fills it.
  std::vector<TargetResult> targets;
  std::uint64_t events = 0;
  double wall_seconds = 0;
};

Summary summarise(const sim::ReplicationSet& set, const models::Model& model, const sim::Network& network,
                  const RunInfo& info);

/// summary.json: {"model", "replications", "seed", "horizon_days", "stages", "system",
/// "case_types", "bottleneck", "performance", "provenance"}, and "groups" (extension) when
/// the model has reporting groups; NaN never appears (null instead).
/// With targets, each stage (and the system) that has one also carries "target_wip",
/// "target_reached_share" (replications at or below it at some period end), with
/// --target-after "target_after_day", and
/// "days_to_target" (M over the replications that reached it; null if none did).
nlohmann::ordered_json to_json(const Summary& summary);

/// FNV-1a 64-bit hash of text as "fnv1a64:" + 16 lower-case hex digits. Not cryptographic:
/// it tells two runs' inputs apart, it does not defend against forgery.
std::string fnv1a64(std::string_view text);

}  // namespace courtflow::analysis

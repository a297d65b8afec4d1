#pragma once
// Which capacity-limited stage holds throughput back most, in plain words with numbers: the
// "bottleneck" of summary.json (and, later, the ranking of bottlenecks.json). Stages are
// ranked by simulated utilisation; near-ties (within 0.01) go to the stage with the longer
// mean wait, then the longer queue. Pure functions of StageMeasures; no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/measures.hpp"

namespace courtflow::analysis {

/// One capacity-limited stage in the ranking, worst first.
struct RankedStage {
  std::string stage;
  double utilisation = 0;  ///< mean across replications
  std::string reason;      ///< e.g. "utilisation 0.81 (95% CI 0.80-0.82) with a mean wait of ..."
};

struct Bottleneck {
  std::optional<std::string> stage;  ///< nullopt when no stage is capacity-limited
  std::string reason;
};

/// Utilisations closer than this count as a tie, broken by mean wait then queue length.
inline constexpr double kUtilisationTie = 0.01;

/// Capacity-limited stages with a measured utilisation, worst first. `count_unit` names what
/// is counted in the reasons ("cases" when empty).
std::vector<RankedStage> rank_stages(const std::vector<StageMeasures>& stages, std::string_view count_unit);

/// The top of rank_stages, or {nullopt, "no capacity-limited stage"} when there is none.
Bottleneck find_bottleneck(const std::vector<StageMeasures>& stages, std::string_view count_unit);

/// {"stage": ID or null, "reason": TEXT}
nlohmann::ordered_json to_json(const Bottleneck& bottleneck);

}  // namespace courtflow::analysis

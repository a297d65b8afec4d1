#pragma once
// Which capacity-limited stage holds throughput back most, in plain words with numbers: the
// "bottleneck" of summary.json. Stages are ranked by simulated utilisation; near-ties (within
// 0.01) go to the stage with the longer mean wait, then the longer queue. rank_order is that
// order on bare keys, shared with the ranking of bottlenecks.json (analysis/bottleneck_ledger)
// and its per-period ranking, so that every ranking courtflow prints agrees with the summary's
// pick. Pure functions; no I/O.

#include <cstddef>
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

/// What the ranking compares for one stage: utilisation, then within kUtilisationTie of the
/// highest remaining the larger `tie_break` (e.g. mean wait, days), then the larger
/// `second_tie_break` (e.g. mean queue, cases), then the lower index. NaN tie-breaks count as
/// minus infinity; a key with a NaN utilisation is left out of the ranking, and one of plus
/// infinity (a closed stage with cases waiting) ranks above every finite one.
struct RankKey {
  double utilisation = 0;
  double tie_break = 0;
  double second_tie_break = 0;
};

/// Indices into `keys`, worst first, by greedy selection (see RankKey). O(n^2) in the number
/// of stages.
std::vector<std::size_t> rank_order(const std::vector<RankKey>& keys);

/// The utilisation a stage ranks by: its own, or +infinity when it had no server time (NaN)
/// but cases waiting (`waiting` > 0): closed, it ranks above every stage that serves.
double ranking_utilisation(double utilisation, double waiting);

/// The key of a capacity-limited stage: (mean utilisation, mean wait, mean queue length);
/// utilisation +infinity for a stage with no server time after warm-up but cases waiting (it
/// is closed); nullopt for a pure delay or an unused stage without a measured utilisation.
std::optional<RankKey> rank_key(const StageMeasures& stage);

/// Capacity-limited stages with a measured utilisation, worst first. `count_unit` names what
/// is counted in the reasons ("cases" when empty).
std::vector<RankedStage> rank_stages(const std::vector<StageMeasures>& stages, std::string_view count_unit);

/// The top of rank_stages, or {nullopt, "no capacity-limited stage"} when there is none.
Bottleneck find_bottleneck(const std::vector<StageMeasures>& stages, std::string_view count_unit);

/// {"stage": ID or null, "reason": TEXT}
nlohmann::ordered_json to_json(const Bottleneck& bottleneck);

}  // namespace courtflow::analysis

#pragma once
// Routing tables: for each (stage, case type) the cumulative probabilities of the routes that
// apply (typed routes for that type plus untyped ones), sampled with one uniform draw. The
// remainder of probability leaves the system. Routes may be valid only from or until a day
// (scenario changes); each table then has several epochs, looked up by the current time.

#include <cstdint>
#include <vector>

#include "sim/network.hpp"
#include "sim/rng.hpp"

namespace courtflow::sim {

class Router {
 public:
  explicit Router(const Network& network);

  /// The next stage index for a case of `case_type` leaving `stage` at time `now`, or kExit.
  int next(int stage, int case_type, SimTime now, Rng& rng) const {
    const std::size_t index = static_cast<std::size_t>(stage) * n_types_ + static_cast<std::size_t>(case_type);
    // Most routes are certain (a tandem of steps, or a stage whose only way on is one route):
    // one look-up, rather than three dependent ones through the epochs to the same answer.
    if (const int certain = certain_[index]; certain != kDependsOnDraw) return certain;
    const auto& epochs = tables_[index];
    if (epochs.empty()) return kExit;
    // Usually one epoch; otherwise the last one that has begun.
    std::size_t e = epochs.size() - 1;
    while (e > 0 && epochs[e].from > now) --e;
    const Table& table = epochs[e].choices;
    if (table.empty()) return kExit;
    // Where every table of the stage has one outcome, the stage's routing stream is never drawn
    // from: no draw of it could change a route (so results are the same as with the draw).
    if (!draws_[static_cast<std::size_t>(stage)]) return epochs[e].only_outcome;
    return table[choice(table, rng.uniform01())].to;
  }

 private:
  struct Choice {
    double cumulative;
    int to;
  };
  /// The routes that apply, in order, then {infinity, kExit}; empty when no route applies.
  using Table = std::vector<Choice>;
  /// The index of the choice a draw `u` in (0, 1) picks from a non-empty table: the first whose
  /// cumulative probability is above u, the one after those at or below it, since cumulatives
  /// never decrease (so neither does the index as u grows). Counted without branching (which
  /// route a case takes is a coin toss to the branch predictor); past the last route is the exit.
  static std::size_t choice(const Table& table, double u) {
    std::size_t i = 0;
    for (std::size_t k = 0; k + 1 < table.size(); ++k) i += table[k].cumulative <= u ? 1 : 0;
    return i;
  }
  struct Epoch {
    SimTime from;
    Table choices;
    int only_outcome = kExit;  ///< the route taken whatever the draw, where that is so
  };
  std::size_t n_types_;
  std::vector<std::vector<Epoch>> tables_;
  /// By (stage, case type), as tables_: the stage next() gives whatever the draw and the day
  /// (kExit included), or kDependsOnDraw. Only where the stage never draws, so that skipping
  /// the tables skips no draw.
  static constexpr int kDependsOnDraw = -1000;
  std::vector<int> certain_;
  /// By stage: whether the route out of it can depend on the draw (for some case type and
  /// epoch). A stage whose routes are all certain (p = 1, or none: the exit) draws nothing.
  std::vector<char> draws_;
};

}  // namespace courtflow::sim

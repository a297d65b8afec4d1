#pragma once
// Routing tables: for each (stage, case type) the cumulative probabilities of the routes that
// apply (typed routes for that type plus untyped ones), sampled with one uniform draw. The
// remainder of probability leaves the system.

#include <cstdint>
#include <vector>

#include "sim/network.hpp"
#include "sim/rng.hpp"

namespace courtflow::sim {

class Router {
 public:
  Router(const Network& network);

  /// The next stage index for a case of `case_type` leaving `stage`, or kExit.
  int next(int stage, int case_type, Rng& rng) const {
    const Table& table = tables_[static_cast<std::size_t>(stage) * n_types_ + static_cast<std::size_t>(case_type)];
    if (table.empty()) return kExit;
    const double u = rng.uniform01();
    for (const Choice& choice : table) {
      if (u < choice.cumulative) return choice.to;
    }
    return kExit;
  }

 private:
  struct Choice {
    double cumulative;
    int to;
  };
  using Table = std::vector<Choice>;
  std::size_t n_types_;
  std::vector<Table> tables_;
};

}  // namespace courtflow::sim

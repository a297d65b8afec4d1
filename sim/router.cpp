// Builds the per-(stage, case type) routing tables once per run: one epoch per distinct day on
// which a route out of the stage starts or stops applying.

#include "sim/router.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/errors.hpp"

namespace courtflow::sim {

Router::Router(const Network& network)
    : n_types_(network.case_types.size()),
      tables_(network.stages.size() * network.case_types.size()),
      draws_(network.stages.size(), 0) {
  const auto n_stages = static_cast<int>(network.stages.size());
  const auto n_types = static_cast<int>(n_types_);
  std::vector<std::vector<const RouteSpec*>> by_stage(network.stages.size());
  for (const RouteSpec& route : network.routes) {
    if (route.from < 0 || route.from >= n_stages || route.to < kExit || route.to >= n_stages ||
        route.case_type < kAnyCaseType || route.case_type >= n_types || !(route.p >= 0 && route.p <= 1) ||
        !(route.from_day >= 0) || !(route.until_day > route.from_day)) {
      throw SimError("network: a route refers to a stage or case type that does not exist, has p outside [0,1], "
                     "or an empty validity window");
    }
    by_stage[static_cast<std::size_t>(route.from)].push_back(&route);
  }
  for (std::size_t stage = 0; stage < by_stage.size(); ++stage) {
    const auto& routes = by_stage[stage];
    if (routes.empty()) continue;
    std::vector<SimTime> starts{0.0};
    for (const RouteSpec* route : routes) {
      if (route->from_day > 0) starts.push_back(route->from_day);
      if (std::isfinite(route->until_day)) starts.push_back(route->until_day);
    }
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    for (int type = 0; type < n_types; ++type) {
      auto& epochs = tables_[stage * n_types_ + static_cast<std::size_t>(type)];
      for (SimTime start : starts) {
        Epoch epoch{start, {}};
        double cumulative = 0;
        for (const RouteSpec* route : routes) {
          if (route->case_type != kAnyCaseType && route->case_type != type) continue;
          if (!(route->from_day <= start && start < route->until_day)) continue;
          cumulative += route->p;
          epoch.choices.push_back({cumulative, route->to});
        }
        if (cumulative > 1.0 + 1e-9) {
          throw SimError("network: route probabilities out of stage '" + network.stages[stage].name +
                         "' sum to more than 1");
        }
        if (!epoch.choices.empty()) {
          epoch.choices.push_back({std::numeric_limits<double>::infinity(), kExit});
          // The choice never decreases with the draw, so it is certain when the smallest and
          // the largest draw pick the same one.
          const std::size_t lowest = choice(epoch.choices, Rng::kSmallestUniform);
          if (lowest == choice(epoch.choices, Rng::kLargestUniform)) {
            epoch.only_outcome = epoch.choices[lowest].to;
          } else {
            draws_[stage] = 1;
          }
        }
        epochs.push_back(std::move(epoch));
      }
    }
  }
  static_assert(kDependsOnDraw < kExit);
  certain_.assign(tables_.size(), kExit);
  for (std::size_t index = 0; index < tables_.size(); ++index) {
    const std::size_t stage = index / n_types_;
    if (draws_[stage]) {
      certain_[index] = kDependsOnDraw;
      continue;
    }
    const auto& epochs = tables_[index];
    for (std::size_t e = 0; e < epochs.size(); ++e) {
      const int outcome = epochs[e].choices.empty() ? kExit : epochs[e].only_outcome;
      if (e == 0) {
        certain_[index] = outcome;
      } else if (outcome != certain_[index]) {
        certain_[index] = kDependsOnDraw;  // certain within each epoch, but not the same in all
        break;
      }
    }
  }
}

}  // namespace courtflow::sim

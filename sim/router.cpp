// Builds the per-(stage, case type) cumulative routing tables once per run.

#include "sim/router.hpp"

#include "sim/errors.hpp"

namespace courtflow::sim {

Router::Router(const Network& network)
    : n_types_(network.case_types.size()), tables_(network.stages.size() * network.case_types.size()) {
  const auto n_stages = static_cast<int>(network.stages.size());
  const auto n_types = static_cast<int>(n_types_);
  for (const RouteSpec& route : network.routes) {
    if (route.from < 0 || route.from >= n_stages || route.to < kExit || route.to >= n_stages ||
        route.case_type < kAnyCaseType || route.case_type >= n_types || !(route.p >= 0 && route.p <= 1)) {
      throw SimError("network: a route refers to a stage or case type that does not exist, or has p outside [0,1]");
    }
    for (int type = 0; type < n_types; ++type) {
      if (route.case_type != kAnyCaseType && route.case_type != type) continue;
      Table& table = tables_[static_cast<std::size_t>(route.from) * n_types_ + static_cast<std::size_t>(type)];
      const double before = table.empty() ? 0.0 : table.back().cumulative;
      table.push_back({before + route.p, route.to});
    }
  }
  for (std::size_t i = 0; i < tables_.size(); ++i) {
    if (!tables_[i].empty() && tables_[i].back().cumulative > 1.0 + 1e-9) {
      throw SimError("network: route probabilities out of stage '" +
                     network.stages[i / n_types_].name + "' sum to more than 1");
    }
  }
}

}  // namespace courtflow::sim

#pragma once
// The benchmark network: a 5-stage tandem line, 10 servers per stage, exponential service of
// mean 1 day, Poisson arrivals of 8 a day at the first stage: every stage at utilisation 0.8.
// About 48 events a day (8 arrivals and 40 completions).

#include "sim/network.hpp"

namespace courtflow::bench {

inline sim::Network tandem_network(int stages = 5, std::int64_t servers = 10, double arrivals_per_day = 8.0,
                                   double mean_service_days = 1.0) {
  sim::Network net;
  net.case_types = {{"default", 0}};
  for (int s = 0; s < stages; ++s) {
    sim::StageSpec stage;
    stage.name = "stage" + std::to_string(s);
    stage.capacity = {{0, servers}};
    stage.service = sim::Distribution::exponential(mean_service_days);
    net.stages.push_back(stage);
    if (s + 1 < stages) {
      sim::RouteSpec route;
      route.from = s;
      route.to = s + 1;
      route.p = 1.0;
      net.routes.push_back(route);
    }
  }
  sim::ArrivalSpec arrivals;
  arrivals.stage = 0;
  arrivals.schedule = {{0, arrivals_per_day}};
  net.arrivals.push_back(arrivals);
  return net;
}

}  // namespace courtflow::bench

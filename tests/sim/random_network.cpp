#include "tests/sim/random_network.hpp"

#include <cmath>
#include <random>

namespace courtflow::sim::testing {
namespace {

class Draw {
 public:
  explicit Draw(std::uint64_t seed) : gen_(seed) {}
  int integer(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen_); }
  double real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(gen_); }
  bool chance(double p) { return real(0, 1) < p; }

  Distribution distribution() {
    const double mean = real(0.1, 5.0);
    switch (integer(0, 7)) {
      case 0: return Distribution::exponential(mean);
      case 1: return Distribution::fixed(mean);
      case 2: return Distribution::lognormal(mean, mean * real(0.1, 2.0));
      case 3: return Distribution::gamma(mean, mean * real(0.2, 2.0));
      case 4: return Distribution::weibull(real(0.5, 3.0), mean);
      case 5: return Distribution::uniform(mean * 0.5, mean * 1.5);
      case 6: return Distribution::triangular(mean * 0.2, mean, mean * 2.5);
      default: {
        std::vector<double> values;
        const int n = integer(1, 5);
        for (int i = 0; i < n; ++i) values.push_back(real(0.05, 2 * mean));
        return Distribution::empirical(values);
      }
    }
  }

 private:
  std::mt19937_64 gen_;
};

}  // namespace

Distribution random_distribution(std::uint64_t seed) {
  Draw draw(seed);
  return draw.distribution();
}

RandomCase random_network(std::uint64_t seed) {
  Draw draw(seed * 0x9E3779B97F4A7C15ULL + 17);
  RandomCase rc;
  Network& net = rc.network;
  rc.config.horizon = static_cast<double>(draw.integer(100, 300));
  rc.config.warmup = 0;
  for (double t = 20; t < rc.config.horizon; t += 20) rc.config.period_ends.push_back(t);
  rc.config.period_ends.push_back(rc.config.horizon);

  const int n_types = draw.integer(1, 3);
  for (int t = 0; t < n_types; ++t) net.case_types.push_back({"type" + std::to_string(t), draw.integer(0, 2)});

  const int n_stages = draw.integer(1, 4);
  for (int s = 0; s < n_stages; ++s) {
    StageSpec stage;
    stage.name = "stage" + std::to_string(s);
    stage.infinite = draw.chance(0.2);
    if (!stage.infinite) {
      stage.capacity = {{0, draw.integer(0, 3)}};
      double from = 0;
      const int steps = draw.integer(0, 3);
      for (int i = 0; i < steps; ++i) {
        from += draw.real(5, rc.config.horizon / 2);
        stage.capacity.push_back({from, draw.integer(0, 3)});
      }
      // Never closed for good: the last step has servers.
      if (stage.capacity.back().servers == 0) stage.capacity.back().servers = 1;
      stage.discipline = draw.chance(0.5) ? Discipline::priority : Discipline::fifo;
    }
    stage.service = draw.distribution();
    if (draw.chance(0.3)) {
      stage.service_by_type.resize(static_cast<std::size_t>(n_types));
      for (auto& override : stage.service_by_type) {
        if (draw.chance(0.5)) override = draw.distribution();
      }
    }
    if (draw.chance(0.2)) stage.service_scale = {{draw.real(1, rc.config.horizon), draw.real(0.5, 2.0)}};
    if (!stage.infinite && draw.chance(0.5)) {
      stage.patience = draw.distribution();
      stage.on_timeout = draw.chance(0.5) ? kExit : draw.integer(0, n_stages - 1);
    }
    net.stages.push_back(std::move(stage));
  }

  // Routes: for each source stage, untyped routes with total below 0.8 and, sometimes, typed
  // routes for one type with total below 0.15 (so every type's total stays below 1).
  for (int from = 0; from < n_stages; ++from) {
    double remaining = draw.real(0.0, 0.8);
    const int n_routes = draw.integer(0, 2);
    for (int i = 0; i < n_routes; ++i) {
      RouteSpec r;
      r.from = from;
      r.to = draw.integer(0, n_stages - 1);
      r.p = remaining * draw.real(0.1, 0.9);
      remaining -= r.p;
      net.routes.push_back(r);
    }
    if (draw.chance(0.3)) {
      RouteSpec r;
      r.from = from;
      r.to = draw.integer(0, n_stages - 1);
      r.case_type = draw.integer(0, n_types - 1);
      r.p = draw.real(0.0, 0.15);
      if (draw.chance(0.3)) {
        r.from_day = draw.real(0, rc.config.horizon / 2);
        r.until_day = r.from_day + draw.real(1, rc.config.horizon);
      }
      net.routes.push_back(r);
    }
  }

  // At least one arrival stream, so that every network has some randomness.
  const int n_arrivals = draw.integer(1, 3);
  for (int i = 0; i < n_arrivals; ++i) {
    ArrivalSpec a;
    a.stage = draw.integer(0, n_stages - 1);
    a.case_type = draw.integer(0, n_types - 1);
    a.schedule = {{0, draw.real(0.2, 3.0)}};
    if (draw.chance(0.4)) a.schedule.push_back({draw.real(1, rc.config.horizon), draw.real(0.0, 3.0)});
    net.arrivals.push_back(a);
  }
  if (draw.chance(0.6)) {
    const int n_wip = draw.integer(1, 3);
    for (int i = 0; i < n_wip; ++i) {
      InitialWipSpec w;
      w.stage = draw.integer(0, n_stages - 1);
      w.case_type = draw.integer(0, n_types - 1);
      w.count = draw.integer(0, 40);
      if (draw.chance(0.6)) w.age = draw.distribution();
      net.initial_wip.push_back(w);
    }
  }
  return rc;
}

}  // namespace courtflow::sim::testing

// DistDef -> sim::Distribution and DistDef means (see distribution_def.hpp). Parameter names
// are the model file's ("mean", "sd", ...), which model_json stores in DistDef::params as is.

#include "models/distribution_def.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace courtflow::models {

namespace {

double param(const DistDef& d, const char* name) {
  const auto it = d.params.find(name);
  if (it == d.params.end()) {
    throw std::invalid_argument("a " + d.dist + " distribution needs \"" + name + "\"");
  }
  return it->second;
}

[[noreturn]] void unknown_kind(const DistDef& d) {
  throw std::invalid_argument("unknown distribution \"" + d.dist + "\"");
}

}  // namespace

sim::Distribution to_distribution(const DistDef& d) {
  using sim::Distribution;
  if (d.dist == "exponential") return Distribution::exponential(param(d, "mean"));
  if (d.dist == "fixed") return Distribution::fixed(param(d, "value"));
  if (d.dist == "lognormal") return Distribution::lognormal(param(d, "mean"), param(d, "sd"));
  if (d.dist == "gamma") return Distribution::gamma(param(d, "mean"), param(d, "sd"));
  if (d.dist == "weibull") return Distribution::weibull(param(d, "shape"), param(d, "scale"));
  if (d.dist == "uniform") return Distribution::uniform(param(d, "min"), param(d, "max"));
  if (d.dist == "triangular") {
    return Distribution::triangular(param(d, "min"), param(d, "mode"), param(d, "max"));
  }
  if (d.dist == "empirical") return Distribution::empirical(d.values);
  unknown_kind(d);
}

double mean_days(const DistDef& d) {
  if (d.dist == "exponential" || d.dist == "lognormal" || d.dist == "gamma") {
    return param(d, "mean");
  }
  if (d.dist == "fixed") return param(d, "value");
  if (d.dist == "weibull") return param(d, "scale") * std::tgamma(1.0 + 1.0 / param(d, "shape"));
  if (d.dist == "uniform") return (param(d, "min") + param(d, "max")) / 2;
  if (d.dist == "triangular") return (param(d, "min") + param(d, "mode") + param(d, "max")) / 3;
  if (d.dist == "empirical") {
    if (d.values.empty()) throw std::invalid_argument("an empirical distribution needs values");
    return std::accumulate(d.values.begin(), d.values.end(), 0.0) /
           static_cast<double>(d.values.size());
  }
  unknown_kind(d);
}

}  // namespace courtflow::models

#pragma once
// A policy scenario: a named list of changes overlaid on a base model (a model file or another
// scenario), each effective from a day and optionally phased in linearly up to a later day.
// Plain data mirroring the scenario-file contract; scenarios/overlay applies it to a Model.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace courtflow::scenarios {

/// Multiply a stage's servers (every step of its capacity schedule) by `factor`, rounded to
/// the nearest whole server.
struct ScaleServers {
  std::string stage;
  double factor = 1;
};

/// Set a stage's servers to `servers`.
struct SetServers {
  std::string stage;
  std::int64_t servers = 1;
};

/// Multiply the arrival rates into stage `to` (all arrivals when empty) by `factor`.
struct ScaleArrivals {
  std::optional<std::string> to;
  double factor = 1;
};

/// Multiply a stage's service times by `factor` (0.8 = 20% faster).
struct ScaleService {
  std::string stage;
  double factor = 1;
};

/// Set the probability of the route from -> to to `p`; the other routes out of `from` are
/// rescaled so that their share of what remains is kept.
struct SetRoute {
  std::string from;
  std::string to;
  double p = 0;
};

using ChangeOp = std::variant<ScaleServers, SetServers, ScaleArrivals, ScaleService, SetRoute>;

struct Change {
  ChangeOp op;
  /// The change applies from this day (default 0).
  double from_day = 0;
  /// Optional ramp: the change phases in linearly from `from_day` (no effect yet) until
  /// `ramp_until_day` (full effect), in steps of about `ramp_step_days`.
  std::optional<double> ramp_until_day;
  double ramp_step_days = 7;
  std::string description;
};

struct Scenario {
  int format_version = 1;
  std::string name;
  std::string description;
  /// The base model or scenario file, as written (relative to the scenario file).
  std::string base;
  std::vector<Change> changes;
};

/// The contract's name of a change's operation ("scale_servers", ...).
const char* op_name(const ChangeOp& op);

}  // namespace courtflow::scenarios

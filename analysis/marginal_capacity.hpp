#pragma once
// The marginal value of capacity: what one more server (a sitting day, a legal adviser) at a
// stage is worth. The stage's whole capacity schedule is raised by k servers, the model is
// rerun with the same seed (so every stage draws the same random numbers as in the base run:
// common random numbers), and the change in system measures is taken per replication
// (scenario - base, replication i against replication i) before it is reduced to an Interval.
// Pairing removes most of the between-replication noise, so small effects get tight
// intervals. This file holds the pieces; analysis/bottleneck_report runs them. No I/O.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/interval.hpp"
#include "sim/network.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {

/// How many servers to add: a whole number, or a percentage of the stage's servers (rounded
/// up, at least 1).
struct AddServers {
  bool percent = false;
  double amount = 1;  ///< servers (whole, >= 1) or a percentage (> 0)

  /// "1", "3", "10%", "2.5%": as the user writes it.
  std::string text() const;
};

/// Parses "K" (a whole number 1..1000000) or "P%" (0 < P <= 1000); nullopt otherwise.
std::optional<AddServers> parse_add_servers(std::string_view text);

/// Servers to add at a stage whose average number of servers over the observed window is
/// `mean_servers`: the amount itself, or ceil(P% of mean_servers), at least 1.
std::int64_t servers_to_add(const AddServers& add, double mean_servers);

/// `network` with `k` servers added at every step of stage `stage`'s capacity schedule. The
/// stage must be capacity-limited (not a pure delay).
sim::Network with_added_servers(sim::Network network, std::size_t stage, std::int64_t k);

/// Paired differences, scenario - base, per replication then across replications.
struct PairedDelta {
  Interval mean_time_in_system_days;  ///< system mean time in system (days)
  Interval wip_end;                   ///< cases in the system at the horizon (cases)
  Interval completed;                 ///< cases that left the system by a route in the window (cases)
  Interval stage_mean_wait_days;      ///< mean wait at the changed stage (days)
  Interval stage_utilisation;         ///< utilisation of the changed stage
  Interval stage_abandoned;           ///< cases that reneged from the changed stage's queue (cases)
};

/// Pairs replication i of `scenario` with replication i of `base` (both must come from runs
/// with the same seed and replication count; unmatched replications are left out).
PairedDelta paired_delta(const sim::ReplicationSet& base, const sim::ReplicationSet& scenario, std::size_t stage);

/// The problem with a --stages list for `network`, or nullopt if every id names a
/// capacity-limited stage (and none repeats). E.g. "unknown stage 'x' (capacity-limited
/// stages: a, b)".
std::optional<std::string> check_marginal_stages(const sim::Network& network, const std::vector<std::string>& ids);

}  // namespace courtflow::analysis

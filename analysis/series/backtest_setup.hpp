#pragma once
// What `courtflow backtest` and the Python package's backtest() share around run_backtest:
// the user's choices with their defaults, the projection options made from them, and the
// warnings about series whose outstanding does not follow receipts - disposals. Each front end
// then reads its own arguments into BacktestChoices and reports problems its own way.

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/series/projection.hpp"
#include "analysis/simulation.hpp"

namespace courtflow::analysis::series {

/// A back-test's settings as the user chooses them (the command's options, the Python
/// function's arguments), with the defaults both document.
struct BacktestChoices {
  int window = 12;   ///< fit on at most this many periods up to the split
  int periods = 0;   ///< score at most this many periods after it; 0 = all
  int replications = 40;
  int draws = 200;   ///< bootstrap refits (at least one per replication is used)
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;   ///< 0 = all hardware threads
  bool known_receipts = false;
  bool use_capacity = true;
  std::vector<std::int64_t> exclude;  ///< period ends left out of the fit (days since 1970-01-01)
};

/// The options run_backtest takes for `choices`: one seed for the fit and the simulation, and
/// at least as many bootstrap draws as replications (each replication runs its own draw).
ProjectionOptions projection_options(const BacktestChoices& choices);

/// One warning per stage whose series does not balance (outstanding does not follow receipts -
/// disposals), naming the series as `series_label`; every mismatch is in backtest.json.
std::vector<std::string> flow_balance_warnings(const Backtest& backtest, const std::string& series_label);

}  // namespace courtflow::analysis::series

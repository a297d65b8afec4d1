// The back-test's shared setup (backtest_setup.hpp).
#include "analysis/series/backtest_setup.hpp"

#include <algorithm>

#include "analysis/series/series.hpp"

namespace courtflow::analysis::series {

ProjectionOptions projection_options(const BacktestChoices& choices) {
  ProjectionOptions options;
  options.fit.window = choices.window;
  options.fit.draws = std::max(choices.draws, choices.replications);
  options.fit.seed = choices.seed;
  options.fit.use_capacity = choices.use_capacity;
  options.fit.exclude = choices.exclude;
  options.replications = choices.replications;
  options.seed = choices.seed;
  options.threads = choices.threads;
  options.known_receipts = choices.known_receipts;
  options.periods = choices.periods;
  return options;
}

std::vector<std::string> flow_balance_warnings(const Backtest& backtest, const std::string& series_label) {
  std::vector<std::string> warnings;
  for (const StageBacktest& s : backtest.stages) {
    const std::string balance = describe_balance(s.balance);
    if (!balance.empty()) {
      warnings.push_back(series_label + ": stage \"" + s.map.series_stage +
                         "\": outstanding does not follow receipts - disposals " + balance +
                         " (every mismatch in backtest.json, flow_balance)");
    }
  }
  return warnings;
}

}  // namespace courtflow::analysis::series

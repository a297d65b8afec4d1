// Validating a fitted model (calibrate.hpp): simulate it, write the simulated cases as an event
// log, and measure that log exactly as the real one was measured, so the two can be compared.

#include <algorithm>
#include <cmath>

#include "analysis/eventlog/calibrate.hpp"
#include "analysis/eventlog/log_statistics.hpp"
#include "analysis/eventlog/simulated_log.hpp"
#include "analysis/simulation.hpp"

namespace courtflow::analysis::eventlog {
namespace {

constexpr double kValidationCases = 50000;  ///< simulated cases the validation aims for

}  // namespace

void validate_calibration(Calibration& calibration, const EventLog& log, const CalibrateOptions& options) {
  // Enough replications for about kValidationCases simulated cases, at most the option: a
  // big log is matched by one replication, and memory holds one simulated log at a time.
  const auto cases = static_cast<double>(std::max<std::uint64_t>(1, log.case_count));
  const int replications =
      std::clamp(static_cast<int>(std::ceil(kValidationCases / cases)), 1, std::max(1, options.validation_replications));
  RunSettings settings;
  settings.replications = replications;
  settings.seed = options.seed;
  const PreparedRun prepared = prepare_run(calibration.model, settings, "calibrated model");
  EventLog simulated = simulated_event_log(prepared, replications);
  // Measure the simulated log as the real one: without start times if the real log had none.
  if (!log.has_start) {
    for (Event& e : simulated.events) e.start = kNoTime;
  }
  // Simulated activities are stage ids; report them under the log's activity names.
  for (std::size_t s = 0; s < calibration.stages.size(); ++s) simulated.activities[s] = calibration.stages[s].activity;
  Validation v;
  v.log = log_statistics(log);
  v.simulated = log_statistics(simulated);
  v.replications = replications;
  calibration.validation = std::move(v);
}

}  // namespace courtflow::analysis::eventlog

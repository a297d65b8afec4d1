// Validating a fitted model (calibrate.hpp): simulate it, and measure the simulated cases
// exactly as the real log was measured (log_statistics.hpp), so the two can be compared.
//
// How much to simulate. The fitted routing is the maximum-likelihood directly-follows chain,
// so the model's expected number of events of each activity per case equals the log's own
// frequency (the log's counts solve the chain's visit equations), and the mean case duration
// is the sum over stages of visits times mean duration, as in the log. What separates the
// simulated figures from the log's is then mostly simulation noise: an activity's frequency
// per case over N simulated cases has standard error sd / sqrt(N), sd its spread across cases.
// The validation simulates enough cases for that to be at most kTargetRelativeError of the
// frequency for every activity with at least kDisclosureThreshold events in the log (the rarest
// decides), and of the mean case duration, so that a 10% difference is a real one (over three
// standard errors), not noise. A bound on the simulated events keeps big logs quick: they need
// fewer replications anyway (at least one is always run).
//
// Memory: the replications are simulated one at a time, each gathered into a buffer of 32
// bytes an event (as much as the real log's own events take), sorted by case and handed to the
// statistics case by case; across replications only one duration per case is kept.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "analysis/eventlog/calibrate.hpp"
#include "analysis/eventlog/calibration_report.hpp"
#include "analysis/eventlog/log_statistics.hpp"
#include "analysis/eventlog/simulated_log.hpp"
#include "analysis/simulation.hpp"

namespace courtflow::analysis::eventlog {
namespace {

constexpr double kTargetRelativeError = 0.03;  ///< simulation standard error / the log's value
/// A bound on the simulated events, for big logs (at least one replication is run whatever the
/// bound). Measured on the road traffic fines sample: 93 replications, 1.6 million events, 0.6 s
/// and 26 MB; copied 100 times (1.7 million rows, one replication), 2.5 s and 174 MB, less than
/// before the statistics were streamed (185 MB).
constexpr double kMostSimulatedEvents = 4e6;

/// Simulated cases needed for a standard error of at most kTargetRelativeError times the log's
/// value, on each activity frequency with enough events to report and on the mean duration.
double cases_needed(const LogStatistics& log) {
  double needed = 1;
  auto need = [&](double sd, double mean) {
    if (mean > 0) needed = std::max(needed, std::pow(sd / (kTargetRelativeError * mean), 2));
  };
  for (const auto& [activity, n] : log.activity_counts) {
    if (n >= kDisclosureThreshold) need(log.activity_per_case_sd.at(activity), log.activity_per_case.at(activity));
  }
  need(log.duration_sd, log.duration_mean);
  return needed;
}

/// One replication's completed services, as the statistics need them.
struct SimulatedEvent {
  std::uint64_t case_number;
  std::uint32_t order;  ///< record order: each case's services come in time order
  std::uint16_t activity;
  double first, complete;  ///< `first`: when the event counts as begun (start, or completion without starts)
};

}  // namespace

void validate_calibration(Calibration& calibration, const EventLog& log, const CalibrateOptions& options) {
  Validation v;
  v.log = log_statistics(log);
  v.target_relative_error = kTargetRelativeError;
  const double log_cases = static_cast<double>(std::max<std::uint64_t>(1, log.case_count));
  const double log_events = static_cast<double>(std::max<std::size_t>(1, log.events.size()));
  const double wanted = std::ceil(cases_needed(v.log) / log_cases);
  const double affordable = std::max(1.0, std::floor(kMostSimulatedEvents / log_events));
  // At most 1,000 (the command line's own bound): past that the fixed cost of a replication,
  // not its events, would be the time.
  double replications = std::clamp(wanted, 1.0, std::min(affordable, 1000.0));
  if (options.validation_replications > 0) replications = std::min(replications, static_cast<double>(options.validation_replications));
  v.replications = static_cast<int>(replications);

  RunSettings settings;
  settings.replications = v.replications;
  settings.seed = options.seed;
  const PreparedRun prepared = prepare_run(calibration.model, settings, "calibrated model");
  // Simulated activities are stage ids, in the order of the fitted stages: report them under
  // the log's activity names.
  std::vector<std::string> names;
  for (const StageFit& s : calibration.stages) names.push_back(s.activity);
  LogStatisticsBuilder simulated(names);
  std::vector<SimulatedEvent> events;
  std::vector<std::uint16_t> activities;
  for (int r = 0; r < v.replications; ++r) {
    events.clear();
    trace_replication(prepared, r, [&](const sim::ServiceRecord& rec) {
      // Measured as the real log: without start times if it had none.
      events.push_back({rec.case_number, static_cast<std::uint32_t>(events.size()), static_cast<std::uint16_t>(rec.stage),
                        log.has_start ? rec.start : rec.end, rec.end});
    });
    std::sort(events.begin(), events.end(), [](const SimulatedEvent& a, const SimulatedEvent& b) {
      return a.case_number != b.case_number ? a.case_number < b.case_number : a.order < b.order;
    });
    for (std::size_t i = 0; i < events.size();) {
      std::size_t j = i;
      double first = INFINITY, last = -INFINITY;
      activities.clear();
      for (; j < events.size() && events[j].case_number == events[i].case_number; ++j) {
        first = std::min(first, events[j].first);
        last = std::max(last, events[j].complete);
        activities.push_back(events[j].activity);
      }
      simulated.add_case(activities, first, last);
      i = j;
    }
    v.simulated_events += events.size();
  }
  v.simulated = simulated.finish();
  calibration.validation = std::move(v);
}

}  // namespace courtflow::analysis::eventlog

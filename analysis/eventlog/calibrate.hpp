#pragma once
// Fitting a stage-graph model to an event log (PRODUCT.md capability 4, `courtflow calibrate`).
//
// - Stages are the activities. Each case's events in time order give the directly-follows
//   transitions, per case type; a case's first activity is where it arrives, its last is where
//   it leaves. Every observed transition counts. A case's last event may be an exit or a
//   transition still to come (the extract ended first): censored_exits.hpp gives each its
//   chance q of being an exit, from the times to the next event after that activity and the
//   time left to the end of the extract; it counts q to the exit and 1 - q to the routes out of
//   the activity in proportion to their observed counts, so cases still open do not read as
//   exits.
// - Arrivals: cases per day between the first and last case start (N-1 gaps over that span),
//   split by case type and first activity; with three or more calendar months whose counts a
//   chi-square test finds not Poisson-constant (p < 0.001), a schedule of monthly rates
//   (merged so that each step holds at least 10 cases). When no case starts in the last
//   stretch of the extract (over 30 days and 5% of it), the arrivals stop after the last start.
//   Seasonality first (arrival_seasonality.hpp): with 24 or more whole months whose counts show
//   a month-of-year pattern (p < 0.001), every arrival gets the 12 month factors and the rate,
//   the constant-rate test and any schedule are of the counts divided by the factors, so a
//   seasonal but otherwise steady log gets one rate times the factors. One profile serves all
//   arrival streams, as the schedule does: the streams are shares of the case starts, and a
//   profile per stream would need 24 months of each and split small counts further.
// - Durations: with `start`, the service time is start to completion and the wait is the
//   previous completion to start; with completion times only, a step's duration is the time
//   since the case's previous event and the stage is a delay ("infinite"). An activity that
//   is only ever a case's first event has no observable duration: fixed 0.
// - Capacity, at stages with start times: when the log names resources, the distinct
//   resources active in each calendar month, as a capacity schedule wherever the count changes
//   (capacity_schedule.hpp); else a delay if no case ever waited there; else the peak number
//   of cases in service at once.
// - Case types: a type with at least 30 durations at a stage whose mean is more than three
//   standard errors from the stage's pooled mean gets its own fit (service_by_type).
// - Distributions: distribution_fit (MLE, AIC, KS, empirical when nothing fits).
// The fitted model starts on the day of the first event and runs to the last.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/eventlog/arrival_seasonality.hpp"
#include "analysis/eventlog/distribution_fit.hpp"
#include "analysis/eventlog/event_log.hpp"
#include "analysis/eventlog/log_statistics.hpp"
#include "models/model.hpp"

namespace courtflow::analysis::eventlog {

struct CalibrateOptions {
  std::string model_name = "calibrated";
  std::uint64_t seed = 12345;
  int replications = 10;             ///< written into the model
  /// Most replications simulated for the validation; 0: as many as calibration_validation.cpp
  /// needs for a small simulation error on every reported activity (fewer for a big log).
  int validation_replications = 0;
};

struct StageFit {
  std::string id;        ///< the model's stage id
  std::string activity;  ///< as in the log
  std::uint64_t events = 0;
  bool infinite = false;
  std::int64_t servers = 0;
  std::string capacity_method;  ///< how servers (or the delay) were decided, in a phrase
  std::vector<std::pair<std::string, std::int64_t>> resources_per_month;  ///< "YYYY-MM" -> distinct resources
  /// Capacity changes (capacity_schedule.hpp): servers from each step's from_day; `servers`
  /// holds the level before the first. Empty when constant (and always without resources).
  std::vector<models::CapacityStepDef> capacity;
  std::vector<std::pair<std::string, std::int64_t>> capacity_steps;  ///< "YYYY-MM" -> servers from then
  std::string duration_kind;    ///< "service (start to completion)" or "time since the case's previous event"
  DistributionFit duration;
  /// Case types whose durations differ from the pooled ones (service_by_type in the model).
  std::vector<std::pair<std::string, DistributionFit>> by_type;
  std::uint64_t waits = 0;      ///< observed waits (previous completion to start)
  double wait_mean = 0;
  double wait_zero_share = 0;
};

struct RouteFit {
  std::string case_type;  ///< empty: every case type
  std::string from, to;   ///< stage ids; to may be "exit"
  /// The transitions: observed ones, plus each case end possibly still open shared between the
  /// exit (its chance of being one) and the routes (the rest, by their observed counts).
  double transitions = 0;
  std::uint64_t count = 0;  ///< transitions rounded to a whole number, at least 1
  double p = 0;             ///< transitions over all those out of `from` (unrounded)
};

struct ArrivalFit {
  std::string case_type;  ///< empty: untyped
  std::string to;
  std::uint64_t cases = 0;
  double rate_per_day = 0;
};

struct ArrivalPattern {
  std::uint64_t cases = 0;
  double first_day = 0, last_day = 0;  ///< case starts, days since 1970-01-01
  double rate_per_day = 0;
  struct Month {
    std::string label;  ///< "YYYY-MM"
    std::uint64_t cases = 0;
    double rate_per_day = 0;
  };
  std::vector<Month> monthly;
  double chi_square = 0;
  int degrees_of_freedom = 0;
  double p_value = 1;
  bool schedule_used = false;
  bool arrivals_stop = false;  ///< no case starts near the end: the model's arrivals stop after the last start
  /// Month-of-year pattern (arrival_seasonality.hpp). When seasonality.seasonal, the model's
  /// arrivals carry its factors, and base_rate_per_day, the chi-square test and the schedule
  /// are deseasonalised (divided by the factors); `monthly` stays as observed.
  SeasonalityTest seasonality;
  double base_rate_per_day = 0;  ///< the model's rate before factors: rate_per_day when not seasonal
};

struct Validation {
  LogStatistics log, simulated;
  int replications = 0;
  std::uint64_t simulated_events = 0;
  /// The simulation standard error aimed for, relative to the log's value (each activity with
  /// at least 10 events, and the mean case duration), unless the bound on events or the
  /// option's replications allowed less.
  double target_relative_error = 0;
};

struct Calibration {
  models::Model model;
  DataQuality quality;
  bool has_start = false, has_resource = false, has_case_type = false;
  bool dates_only = false;  ///< no timestamp carried a time of day
  std::string start_date;   ///< day 0
  double span_days = 0;
  std::vector<StageFit> stages;
  std::vector<RouteFit> routes;
  std::vector<ArrivalFit> arrivals;
  ArrivalPattern arrival_pattern;
  /// Case ends possibly still open: their chance of being an exit is below 1 (each is also in
  /// quality.cases_possibly_open).
  std::uint64_t transitions_censored = 0;
  /// The expected number of those case ends that are transitions still to come, not exits: the
  /// weight the routing moved from the exits to the routes (0 when the routes fell back to
  /// counting every case end as an exit).
  double exits_reassigned = 0;
  std::vector<std::string> notes;           ///< what the reader should know, in sentences
  std::optional<Validation> validation;
};

/// Fits a model to `log`. The model passes models::validate. Validation is left empty: see
/// validate_calibration.
Calibration calibrate(const EventLog& log, const CalibrateOptions& options = {});

/// Simulates the fitted model (enough replications for a simulation standard error of about 3%
/// on every activity frequency with 10 or more events, at most about 4 million simulated
/// events and at most options.validation_replications when set) and measures the simulated
/// cases as the real log was measured; fills calibration.validation.
void validate_calibration(Calibration& calibration, const EventLog& log, const CalibrateOptions& options = {});

/// A model id made from a name: letters, digits, '_', '.', '-' kept, anything else '_', and
/// "a_" in front of a first character that may not start an id.
std::string make_id(const std::string& name);

}  // namespace courtflow::analysis::eventlog

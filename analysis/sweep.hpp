#pragma once
// Parameter sweeps (`courtflow sweep`): one or more model parameters, each stepped over a range
// (--vary PATH=START:STOP:STEP), every combination of values a "point". Each point is the
// model with those parameters set, run with the same replications and the same seed as every
// other point, so points differ only by the parameters (common random numbers: the engine
// keys its random streams by stage, not by run). All (point, replication) runs share one TBB
// arena of --threads and each result is stored by index, so the output does not depend on --threads.
//
// A PATH names one number in the model file (docs/FORMATS.md "Sweep"): keys joined by dots,
// array items by index (`arrivals[0].rate_per_day`, `routes[3].p`) or, for arrays whose items
// have an "id" (stages, case_types, groups), by id (`stages.cc_trial.servers`). Setting a
// stage's `servers` sets them throughout the run (its capacity schedule, if any, is replaced,
// as a scenario's set_servers from day 0 does); setting an arrival's `rate_per_day` likewise
// replaces its schedule. Nothing else is rescaled: a route's `p` is set alone, the other routes
// out of the same stage keep theirs (validation refuses a point whose probabilities sum over 1).

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/measures.hpp"
#include "analysis/simulation.hpp"
#include "models/model.hpp"

namespace courtflow::analysis {

/// A --vary that cannot be used: bad syntax, an empty or absurd range, or a path that names no
/// number in the model. what() is one line naming the --vary as typed.
class SweepSpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Most points a sweep may have (every axis's values multiplied), so that a typo in STEP is an
/// error rather than a run that never ends.
inline constexpr std::size_t kMaxSweepPoints = 10'000;

/// One varied parameter: its path as typed and its values START, START+STEP, ... <= STOP.
struct SweepAxis {
  std::string path;
  std::vector<double> values;
};

/// Parses "PATH=START:STOP:STEP" (START <= STOP, STEP > 0; START == STOP is one value).
/// Values are START + k*STEP, computed by multiplication (no drift), the last within STOP
/// (a tolerance of 1e-9 of STEP lets STOP itself in despite rounding). Throws SweepSpecError.
SweepAxis parse_vary(const std::string& text);

/// `model` with the number at `path` set to `value`. Throws SweepSpecError (naming `path`) if
/// the path names no number in the model, or `value` does not fit it (a whole number where the
/// model has one, e.g. servers). The result is not validated: call models::validate.
models::Model with_parameter(const models::Model& model, const std::string& path, double value);

/// What the axes override for the whole run that `base` varies over time: a swept stage's
/// servers replace its capacity schedule (the model's, or a scenario's change), a swept rate
/// its arrival's schedule. One sentence per such axis ("--vary PATH replaces the capacity
/// schedule of stages.ID for the whole run"); empty when nothing is replaced. The axes must
/// already have given sweep_points (throws SweepSpecError as it does otherwise).
std::vector<std::string> schedules_replaced(const models::Model& base, const std::vector<SweepAxis>& axes);

/// One point: its number, the value of each axis (in axis order), and its results.
struct SweepPoint {
  int index = 0;
  std::vector<double> values;
  models::Model model;
  std::vector<StageMeasures> stages;
  FlowMeasures system;
  std::uint64_t events = 0;
};

struct Sweep {
  std::string model_name;
  std::vector<SweepAxis> axes;
  int replications = 0;
  std::uint64_t seed = 0;
  std::vector<SweepPoint> points;  ///< first axis slowest, last axis fastest
  std::uint64_t events = 0;        ///< over every point and replication
};

/// The points of `axes` over `base`: every combination of values (first axis slowest), each
/// model built with with_parameter and named "NAME [path=value, ...]". Throws SweepSpecError
/// for an unusable axis or more than kMaxSweepPoints points. Points are not validated.
std::vector<SweepPoint> sweep_points(const models::Model& base, const std::vector<SweepAxis>& axes);

/// Runs every point's replications (settings.replications and settings.seed resolved against
/// the base model as `run` resolves them; every point uses the same) on settings.threads
/// threads, and reduces each point's replications to measures. Each point must be a valid
/// model (prepare_run throws models::InputError otherwise, naming `file`). Progress is
/// reported as (runs finished, runs in all), a run being one replication of one point. With
/// settings.share, run k = point * replications + replication is run where share->is_mine(k),
/// and the points' measures are filled only on the process that reduces (elsewhere the
/// returned Sweep has no points). If runs fail, the exception thrown is that of the first failing
/// run in run order (the one a single thread would meet), whatever the thread count;
/// settings.cancel stops the sweep with sim::Cancelled.
Sweep run_sweep(const models::Model& base, std::vector<SweepPoint> points, const std::vector<SweepAxis>& axes,
                const RunSettings& settings, const std::string& file);

/// sweep.csv, tidy: point,<one column per axis path>,stage,measure,mean,ci_lo,ci_hi; per point,
/// the stages in model order then "system"; measures as in summary.json (stages: utilisation,
/// mean_wait_days, mean_queue_length, throughput_per_day, completed, abandoned, wip_end;
/// system: mean_time_in_system_days, completed, abandoned, wip_end). Empty cells for
/// undefined values (utilisation of a pure delay; a single replication's interval).
void write_sweep_csv(std::ostream& out, const Sweep& sweep);

/// sweep.json: {"model", "replications", "seed", "axes": [{"path", "values"}], "points":
/// [{"point", "parameters": {path: value}, "stages": [...], "system": {...}}],
/// "performance": {"events"}}, each measure {"mean", "ci95": [lo, hi]} as in summary.json
/// (utilisation null for a pure delay, as there).
nlohmann::ordered_json sweep_json(const Sweep& sweep);

}  // namespace courtflow::analysis

#pragma once
// The stage-graph model as users write it: plain data mirroring the model-file contract
// (docs/FORMATS.md, PRODUCT.md "Model file"). Stages, routes and arrivals refer to each other by
// string id here; models/compile turns a Model into the engine's integer-indexed sim::Network.
// The JSON shape lives only in models/model_json.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace courtflow::models {

/// A duration distribution as written in a file: {"dist": kind, parameters...}. Every
/// parameter is in days. `params` holds the numeric keys by name ("mean", "sd", "shape",
/// "scale", "value", "min", "mode", "max"); `values` the empirical sample.
struct DistDef {
  std::string dist;
  std::map<std::string, double> params;
  std::vector<double> values;
};

struct CapacityStepDef {
  double from_day = 0;
  std::int64_t servers = 0;
};

/// From `from_day` onwards the stage's service times are multiplied by `factor`.
struct ServiceScaleStepDef {
  double from_day = 0;
  double factor = 1;
};

struct StageDef {
  std::string id;
  std::string description;
  bool infinite = false;       ///< "servers": "infinite"
  std::int64_t servers = 1;    ///< when not infinite
  std::vector<CapacityStepDef> capacity;  ///< optional schedule; empty = servers throughout
  std::string discipline = "fifo";        ///< "fifo" | "priority"
  DistDef service;
  std::optional<DistDef> patience;
  std::string on_timeout = "exit";  ///< a stage id or "exit"; used only with patience
  std::map<std::string, DistDef> service_by_type;
  /// Optional (extension, written by scenario overlays): service-time multipliers over time.
  std::vector<ServiceScaleStepDef> service_scale;
};

struct RateStepDef {
  double from_day = 0;
  double rate_per_day = 0;
};

/// Optional (extension): month-of-year multipliers of an arrival's rate. The rate at time t
/// is the rate (or schedule step) in force at t times the factor of t's calendar month, so a
/// model projected past its data keeps the seasonal pattern. Months follow the model's
/// start_date, which is then required. compile() expands it into explicit rate steps at
/// month boundaries (the engine sees only a piecewise-constant schedule).
struct SeasonalityDef {
  std::vector<double> month_factors;  ///< 12 numbers > 0, January to December
};

struct ArrivalDef {
  std::string to;
  double rate_per_day = 0;
  std::optional<std::string> case_type;
  std::vector<RateStepDef> schedule;  ///< optional; overrides rate_per_day from each from_day
  /// Optional; multiplies the rate by month. (The default member initializer lets code that
  /// brace-initialises the four fields above compile without -Wmissing-field-initializers.)
  std::optional<SeasonalityDef> seasonality = std::nullopt;
};

struct RouteDef {
  std::string from;
  std::string to;  ///< a stage id or "exit"
  double p = 0;
  std::optional<std::string> case_type;
  /// Optional (extension, written by scenario overlays): the route applies from this day...
  std::optional<double> from_day;
  /// ...until (not including) this day.
  std::optional<double> until_day;
};

struct InitialWipDef {
  std::string stage;
  std::int64_t count = 0;
  std::optional<std::string> case_type;
  std::optional<DistDef> age_days;
};

struct CaseTypeDef {
  std::string id;
  int priority = 0;
  std::string description;
};

/// A named set of stages reported together, e.g. "crown_court" for every Crown Court stage,
/// whose open caseload is the published "outstanding" figure. Groups change no behaviour:
/// they only add rows to outputs (groups.csv, summary.json, the terminal table).
struct StageGroupDef {
  std::string id;
  std::vector<std::string> stages;
  std::string description;
};

struct Model {
  int format_version = 1;
  std::string name;
  std::string description;
  double horizon_days = 0;
  double warmup_days = 0;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> start_date;  ///< ISO date "YYYY-MM-DD" of day 0
  std::string count_unit;                 ///< optional: "cases", "defendants", "people"...
  std::vector<StageDef> stages;
  std::vector<CaseTypeDef> case_types;
  std::vector<ArrivalDef> arrivals;
  std::vector<RouteDef> routes;
  std::vector<InitialWipDef> initial_wip;
  std::vector<StageGroupDef> groups;  ///< optional reporting groups
};

}  // namespace courtflow::models

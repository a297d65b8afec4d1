#pragma once
// Turning fitted rates into a model file the engine can run. Which model stage a series
// stage describes: by default the stage with the same id; `MODEL_STAGE=SERIES_STAGE` pairs
// (the CLI's --stage) say otherwise. For each mapped stage:
//   - its arrivals get a schedule with one step per period (the fitted receipts per day, or
//     the actual ones with known receipts), replacing the model's rate, schedule and month
//     factors; several arrivals into the stage (case types) share the rate in proportion to
//     their rates in the model. A stage fed only by routes keeps
//     them (its receipts cannot be set from outside; a note says so);
//   - a stage with servers gets a capacity schedule: servers = capacity per day x the mean of
//     its service distribution, rounded (a note gives the rounding when it exceeds 1%);
//   - a pure-delay stage gets its service distribution rescaled to mean 1 / (disposals per
//     day per open case);
//   - its initial work becomes the open caseload at the date (split across the model's
//     initial-work entries for the stage in proportion to their counts).
// Day 0 is the day after the date; stages not in the series are left as they are. Pure.

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/series/series.hpp"
#include "models/model.hpp"

namespace courtflow::analysis::series {

struct StageMap {
  std::string model_stage;
  std::string series_stage;
};

/// The pairs to fit. `pairs` are "MODEL_STAGE=SERIES_STAGE" texts. Throws models::InputError
/// naming `model_file` or the series file when a pair names a stage that does not exist, or
/// when no stage can be matched at all.
std::vector<StageMap> match_stages(const models::Model& model, const std::string& model_file, const Series& series,
                                   const std::vector<std::string>& pairs);

/// What to set for one mapped stage over the projection periods.
struct StagePlan {
  StageMap map;
  std::vector<double> receipts_per_day;  ///< one per period
  std::vector<double> capacity_per_day;  ///< one per period (stages with servers)
  double per_open_case = 0;              ///< pure-delay stages
  double open_cases = 0;                 ///< initial work
};

/// The base model with the plans applied. `period_starts` are the days (from day 0) at which
/// each period starts (the first is 0) and `horizon_days` the end of the last. `notes`
/// (optional) receives rounding and structure notes, once per stage.
models::Model build_fitted_model(const models::Model& base, std::int64_t start_day,
                                 const std::vector<double>& period_starts, double horizon_days,
                                 const std::vector<StagePlan>& plans, std::vector<std::string>* notes);

}  // namespace courtflow::analysis::series

#pragma once
// Fitting one stage's series up to a date: the arrival rate (receipts per day: level, trend,
// seasons, chosen by AICc) and what limits disposals, on one of three bases:
//   - rate: the disposal rate per day (level, trend, seasons, by AICc), read as the stage's
//     effective capacity when it has a backlog (a stage with a number of servers);
//   - per_capacity_unit: disposals per capacity unit (e.g. per sitting day), when the series
//     has a capacity column with values in at least 4 of the fitted periods; the projection
//     then follows the capacity in the series (planned sitting days, taken as known), or
//     the last known capacity carried forward;
//   - per_open_case: disposals per day per open case (a pure-delay stage: the model says
//     the time a case takes, not a number of servers).
// Each estimate has bootstrap draws (linear_fit.hpp); draw_stage turns the estimate or one
// draw into per-period rates for the periods after the fit. Pure: no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/series/linear_fit.hpp"
#include "analysis/series/series.hpp"

namespace courtflow::analysis::series {

enum class DisposalBasis { rate, per_capacity_unit, per_open_case };
std::string to_string(DisposalBasis basis);

struct FitOptions {
  int window = 12;                      ///< fit on at most this many periods up to the date
  std::vector<std::int64_t> exclude;    ///< period ends left out of the fit (e.g. 2020-06-30)
  int draws = 200;                      ///< bootstrap refits
  std::uint64_t seed = 12345;
  bool use_capacity = true;             ///< use a capacity column when there is one
};

/// A period after the fit, to project.
struct FuturePeriod {
  std::int64_t end_day = 0;
  double days = 0;
  double t = 0;  ///< periods after the last fitted one (1 = the next)
  int season = 0;
  std::optional<double> capacity;  ///< from the series, else the last known (capacity basis)
};

struct StageFit {
  std::string stage;
  std::int64_t until_day = 0;
  std::vector<std::int64_t> used;  ///< period ends the fit used, oldest first
  double outstanding = 0;          ///< open caseload at until_day
  RateModel receipts;
  DisposalBasis basis = DisposalBasis::rate;
  RateModel disposal_rate;  ///< basis rate
  RatioModel ratio;         ///< the other bases: theta = disposals per day per capacity unit per day, or per open case
  std::optional<double> last_capacity;
  std::vector<std::string> notes;  ///< choices made that a reader should know
};

/// Fits `stage` on the periods ending on or before `until_day` (which must be one of its
/// period ends). `delay_stage`: the model stage is a pure delay (per_open_case basis).
/// Throws models::InputError (file `file`) when the date is not a period end or too few
/// periods remain (3 at least).
StageFit fit_stage(const StageSeries& stage, std::int64_t until_day, bool delay_stage, const FitOptions& options,
                   const std::string& file);

/// The `count` periods after the fit (capacity filled from the series where it has them).
std::vector<FuturePeriod> future_periods(const StageFit& fit, const StageSeries& stage, int count);

/// Per-period rates for a projection: the estimate (draw < 0) or bootstrap draw `draw`, with
/// per-period noise from `noise` when given.
struct StageRates {
  std::vector<double> receipts_per_day;
  std::vector<double> capacity_per_day;  ///< disposals per day a busy stage achieves (rate, capacity bases)
  double per_open_case = 0;              ///< per_open_case basis: disposals per day per open case
};
StageRates draw_stage(const StageFit& fit, const std::vector<FuturePeriod>& periods, int draw, sim::Rng* noise);

}  // namespace courtflow::analysis::series

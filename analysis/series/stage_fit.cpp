// Fitting one stage's series (stage_fit.hpp).

#include "analysis/series/stage_fit.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/number_text.hpp"
#include "models/dates.hpp"
#include "models/diagnostic.hpp"

namespace courtflow::analysis::series {
namespace {

[[noreturn]] void fail(const std::string& file, const std::string& stage, const std::string& message) {
  throw models::InputError(models::Diagnostic{file, "stage \"" + stage + "\"", message, false});
}

// The random stream of a stage's bootstrap: one per (seed, stage name, quantity).
sim::Rng stream(std::uint64_t seed, const std::string& stage, std::uint64_t purpose) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a of the stage name
  for (const unsigned char c : stage) h = (h ^ c) * 1099511628211ULL;
  return sim::Rng(seed, h, 0x5e51e5, purpose);
}

}  // namespace

std::string to_string(DisposalBasis basis) {
  switch (basis) {
    case DisposalBasis::rate:
      return "rate";
    case DisposalBasis::per_capacity_unit:
      return "per_capacity_unit";
    case DisposalBasis::per_open_case:
      return "per_open_case";
  }
  return "rate";
}

StageFit fit_stage(const StageSeries& stage, std::int64_t until_day, bool delay_stage, const FitOptions& options,
                   const std::string& file) {
  const std::optional<std::size_t> last = stage.index_of(until_day);
  if (!last) {
    const std::string first = models::format_iso_date(stage.periods.front().end_day);
    const std::string end = models::format_iso_date(stage.periods.back().end_day);
    fail(file, stage.stage,
         models::format_iso_date(until_day) + " is not a period end of this stage (its periods end from " + first +
             " to " + end + ")");
  }
  StageFit fit;
  fit.stage = stage.stage;
  fit.until_day = until_day;
  fit.outstanding = stage.periods[*last].outstanding;

  // The window: the last `window` periods up to the date, less the excluded ones.
  const std::size_t window = static_cast<std::size_t>(std::max(1, options.window));
  const std::size_t first = *last + 1 >= window ? *last + 1 - window : 0;
  std::vector<std::size_t> rows;
  for (std::size_t i = first; i <= *last; ++i) {
    const std::int64_t end = stage.periods[i].end_day;
    if (std::find(options.exclude.begin(), options.exclude.end(), end) != options.exclude.end()) continue;
    rows.push_back(i);
    fit.used.push_back(end);
  }
  if (rows.size() < 3) {
    fail(file, stage.stage,
         "only " + std::to_string(rows.size()) + " period(s) to fit up to " + models::format_iso_date(until_day) +
             " (needs at least 3; check --window and --exclude)");
  }

  std::vector<RatePoint> receipts, disposals;
  for (const std::size_t i : rows) {
    const Period& p = stage.periods[i];
    const double days = stage.days_in(i);
    const double t = static_cast<double>(i) - static_cast<double>(*last);
    receipts.push_back({p.receipts / days, t, stage.season_of(p.end_day), days});
    disposals.push_back({p.disposals / days, t, stage.season_of(p.end_day), days});
  }
  sim::Rng receipts_rng = stream(options.seed, stage.stage, 1);
  fit.receipts = fit_rate_model(receipts, stage.seasons(), options.draws, receipts_rng);

  // Capacity: the last value known up to the date, and how many fitted periods have one.
  std::size_t with_capacity = 0;
  for (const std::size_t i : rows) with_capacity += stage.periods[i].capacity ? 1 : 0;
  for (std::size_t i = 0; i <= *last; ++i) {
    if (stage.periods[i].capacity) fit.last_capacity = stage.periods[i].capacity;
  }

  sim::Rng disposals_rng = stream(options.seed, stage.stage, 2);
  std::vector<double> x, y, days;
  if (delay_stage) {
    fit.basis = DisposalBasis::per_open_case;
    for (const std::size_t i : rows) {
      const Period& p = stage.periods[i];
      const double before = i > 0 ? stage.periods[i - 1].outstanding : p.outstanding;
      const double open = (before + p.outstanding) / 2;
      if (open <= 0) continue;
      x.push_back(open);
      days.push_back(stage.days_in(i));
      y.push_back(p.disposals / days.back());
    }
    if (x.size() < 3) fail(file, stage.stage, "fewer than 3 fitted periods with open cases (a delay stage needs them)");
    fit.ratio = fit_ratio_model(x, y, days, options.draws, disposals_rng);
    fit.notes.push_back("the model stage is a pure delay: disposals fitted per open case");
  } else if (options.use_capacity && with_capacity >= 4) {
    fit.basis = DisposalBasis::per_capacity_unit;
    for (const std::size_t i : rows) {
      const Period& p = stage.periods[i];
      if (!p.capacity) continue;
      days.push_back(stage.days_in(i));
      x.push_back(*p.capacity / days.back());
      y.push_back(p.disposals / days.back());
    }
    fit.ratio = fit_ratio_model(x, y, days, options.draws, disposals_rng);
    if (with_capacity < rows.size()) {
      fit.notes.push_back("capacity known in " + std::to_string(with_capacity) + " of " + std::to_string(rows.size()) +
                          " fitted periods; disposals per capacity unit fitted on those");
    }
  } else {
    fit.basis = DisposalBasis::rate;
    fit.disposal_rate = fit_rate_model(disposals, stage.seasons(), options.draws, disposals_rng);
    if (options.use_capacity && with_capacity > 0) {
      fit.notes.push_back("capacity known in only " + std::to_string(with_capacity) +
                          " fitted periods (needs 4): disposals fitted as a rate instead");
    }
  }
  return fit;
}

std::vector<FuturePeriod> future_periods(const StageFit& fit, const StageSeries& stage, int count) {
  std::vector<FuturePeriod> out;
  std::int64_t previous = fit.until_day;
  std::optional<double> capacity = fit.last_capacity;
  for (int k = 1; k <= count; ++k) {
    FuturePeriod p;
    p.end_day = stage.end_after(fit.until_day, k);
    p.days = static_cast<double>(p.end_day - previous);
    p.t = k;
    p.season = stage.season_of(p.end_day);
    if (const auto i = stage.index_of(p.end_day); i && stage.periods[*i].capacity) capacity = stage.periods[*i].capacity;
    p.capacity = capacity;
    out.push_back(p);
    previous = p.end_day;
  }
  return out;
}

StageRates draw_stage(const StageFit& fit, const std::vector<FuturePeriod>& periods, int draw, sim::Rng* noise) {
  const auto beta_of = [draw](const LeastSquares& ls) -> const std::vector<double>& {
    return draw < 0 || ls.draws.empty() ? ls.beta : ls.draws[static_cast<std::size_t>(draw) % ls.draws.size()];
  };
  const auto jitter = [noise](double sd) { return noise && sd > 0 ? sd * normal_draw(*noise) : 0.0; };
  StageRates rates;
  const std::vector<double>& rb = beta_of(fit.receipts.ls);
  for (const FuturePeriod& p : periods) {
    rates.receipts_per_day.push_back(std::max(0.0, fit.receipts.rate(rb, p.t, p.season) + jitter(fit.receipts.extra_sd)));
  }
  switch (fit.basis) {
    case DisposalBasis::rate: {
      const std::vector<double>& db = beta_of(fit.disposal_rate.ls);
      for (const FuturePeriod& p : periods) {
        rates.capacity_per_day.push_back(
            std::max(0.0, fit.disposal_rate.rate(db, p.t, p.season) + jitter(fit.disposal_rate.extra_sd)));
      }
      break;
    }
    case DisposalBasis::per_capacity_unit: {
      const double theta = beta_of(fit.ratio.ls)[0];
      for (const FuturePeriod& p : periods) {
        const double cap_per_day = p.capacity ? *p.capacity / p.days : 0.0;
        rates.capacity_per_day.push_back(std::max(0.0, theta * cap_per_day + jitter(fit.ratio.extra_sd)));
      }
      break;
    }
    case DisposalBasis::per_open_case:
      rates.per_open_case = std::max(1e-9, beta_of(fit.ratio.ls)[0]);
      break;
  }
  return rates;
}

}  // namespace courtflow::analysis::series

// Fit, project and back-test (projection.hpp).

#include "analysis/series/projection.hpp"

#include <algorithm>
#include <cmath>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "analysis/interval.hpp"
#include "analysis/series/scoring.hpp"
#include "models/compile.hpp"
#include "models/dates.hpp"
#include "models/diagnostic.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis::series {
namespace {

const models::StageDef& stage_def(const models::Model& m, const std::string& id) {
  return *std::find_if(m.stages.begin(), m.stages.end(), [&](const models::StageDef& s) { return s.id == id; });
}

// All mapped stages must cut time the same way, so that one set of period ends serves all.
const StageSeries& first_calendar(const Series& series, const std::vector<StageMap>& maps) {
  const StageSeries& first = *series.find(maps.front().series_stage);
  for (const StageMap& map : maps) {
    const StageSeries& s = *series.find(map.series_stage);
    if (s.months_per_period != first.months_per_period || s.period_days != first.period_days) {
      throw models::InputError({series.file, "stage \"" + s.stage + "\"",
                                "periods of a different length from stage \"" + first.stage +
                                    "\" (fit stages with the same periods together)",
                                false});
    }
  }
  return first;
}

// Days from day 0 (the day after `until_day`) at which each period starts, and the horizon.
void layout(const std::vector<FuturePeriod>& periods, std::int64_t until_day, std::vector<double>& starts,
            std::vector<double>& ends) {
  std::int64_t previous = until_day;
  for (const FuturePeriod& p : periods) {
    starts.push_back(static_cast<double>(previous - until_day));
    ends.push_back(static_cast<double>(p.end_day - until_day));  // the end of day end_day
    previous = p.end_day;
  }
}

StagePlan plan_for(const StageMap& map, const StageFit& fit, const StageRates& rates) {
  StagePlan plan;
  plan.map = map;
  plan.receipts_per_day = rates.receipts_per_day;
  plan.capacity_per_day = rates.capacity_per_day;
  plan.per_open_case = rates.per_open_case;
  plan.open_cases = fit.outstanding;
  return plan;
}

Spread spread_of(const std::vector<double>& values) {
  return Spread{mean_of(values), quantile(values, 0.05), quantile(values, 0.5), quantile(values, 0.95)};
}

}  // namespace

Backtest run_backtest(const models::Model& model, const Series& series, const std::vector<StageMap>& maps,
                      std::int64_t split_day, const ProjectionOptions& options) {
  Backtest bt;
  bt.split_day = split_day;
  bt.replications = options.replications;
  bt.seed = options.seed;
  bt.known_receipts = options.known_receipts;
  bt.window = options.fit.window;
  bt.exclude = options.fit.exclude;
  const StageSeries& calendar = first_calendar(series, maps);

  // 1. Fit every stage; count the periods after the split.
  int count = 0;
  for (const StageMap& map : maps) {
    const StageSeries& s = *series.find(map.series_stage);
    StageBacktest sb;
    sb.map = map;
    sb.fit = fit_stage(s, split_day, stage_def(model, map.model_stage).infinite, options.fit, series.file);
    sb.balance = flow_balance(s);
    int after = 0;
    for (const Period& p : s.periods) after += p.end_day > split_day ? 1 : 0;
    count = std::max(count, after);
    bt.stages.push_back(std::move(sb));
  }
  if (options.periods > 0) count = std::min(count, options.periods);
  if (count == 0) {
    throw models::InputError({series.file, "",
                              "no period after the split " + models::format_iso_date(split_day) + " to score", false});
  }
  for (StageBacktest& sb : bt.stages) {
    sb.periods = future_periods(sb.fit, *series.find(sb.map.series_stage), count);
    for (const std::string& n : sb.fit.notes) bt.notes.push_back("stage " + sb.map.series_stage + ": " + n);
  }
  std::vector<double> starts, ends;
  layout(bt.stages.front().periods, split_day, starts, ends);
  (void)calendar;

  // 2. Simulate: replication r uses draw r and its own noise stream.
  const int reps = options.replications;
  std::vector<sim::ReplicationResult> results(static_cast<std::size_t>(reps));
  std::vector<std::vector<std::string>> notes(static_cast<std::size_t>(reps));
  std::vector<std::vector<int>> rows(static_cast<std::size_t>(reps));
  const auto one = [&](int r) {
    std::vector<StagePlan> plans;
    for (const StageBacktest& sb : bt.stages) {
      sim::Rng noise(options.seed, static_cast<std::uint64_t>(r), 0x9e0, std::hash<std::string>{}(sb.map.series_stage));
      StageRates rates = draw_stage(sb.fit, sb.periods, r, &noise);
      if (options.known_receipts) {
        const StageSeries& s = *series.find(sb.map.series_stage);
        for (std::size_t p = 0; p < sb.periods.size(); ++p) {
          if (const auto i = s.index_of(sb.periods[p].end_day)) {
            rates.receipts_per_day[p] = s.periods[*i].receipts / sb.periods[p].days;
          }
        }
      }
      plans.push_back(plan_for(sb.map, sb.fit, rates));
    }
    const models::Model fitted =
        build_fitted_model(model, split_day + 1, starts, ends.back(), plans, &notes[static_cast<std::size_t>(r)]);
    const sim::Network network = models::compile(fitted);
    sim::RunConfig config = models::run_config(fitted);
    config.period_ends = ends;
    config.max_events = options.max_events;
    results[static_cast<std::size_t>(r)] = sim::run_replication(network, config, options.seed, r);
    for (const StageBacktest& sb : bt.stages) {
      for (std::size_t k = 0; k < network.stages.size(); ++k) {
        if (network.stages[k].name == sb.map.model_stage) rows[static_cast<std::size_t>(r)].push_back(static_cast<int>(k));
      }
    }
  };
  tbb::task_arena arena(sim::arena_concurrency(options.threads));
  arena.execute([&] { tbb::parallel_for(0, reps, one); });
  for (const std::vector<std::string>& n : notes) {
    for (const std::string& text : n) {
      if (std::find(bt.notes.begin(), bt.notes.end(), text) == bt.notes.end()) bt.notes.push_back(text);
    }
  }
  for (const sim::ReplicationResult& r : results) bt.events += r.events;

  // 3. Summarise and score each stage on the periods the series has.
  for (std::size_t si = 0; si < bt.stages.size(); ++si) {
    StageBacktest& sb = bt.stages[si];
    const StageSeries& s = *series.find(sb.map.series_stage);
    std::vector<FuturePeriod> scored;
    std::vector<double> lo, hi, mean_path;
    for (std::size_t p = 0; p < sb.periods.size(); ++p) {
      const auto i = s.index_of(sb.periods[p].end_day);
      if (!i) continue;
      std::vector<double> wip, arr, done;
      for (int r = 0; r < reps; ++r) {
        const sim::PeriodSeries& ps = results[static_cast<std::size_t>(r)].series;
        const int row = rows[static_cast<std::size_t>(r)][si];
        wip.push_back(ps.at(p, row, sim::PeriodSeries::wip));
        arr.push_back(ps.at(p, row, sim::PeriodSeries::arrivals));
        done.push_back(ps.at(p, row, sim::PeriodSeries::completions));
      }
      scored.push_back(sb.periods[p]);
      sb.outstanding.push_back(spread_of(wip));
      sb.receipts.push_back(spread_of(arr));
      sb.disposals.push_back(spread_of(done));
      sb.actual_outstanding.push_back(s.periods[*i].outstanding);
      sb.actual_receipts.push_back(s.periods[*i].receipts);
      sb.actual_disposals.push_back(s.periods[*i].disposals);
      const Period& previous = s.periods[*i - 1];
      sb.unexplained_change +=
          s.periods[*i].outstanding - previous.outstanding - s.periods[*i].receipts + s.periods[*i].disposals;
      lo.push_back(sb.outstanding.back().p05);
      hi.push_back(sb.outstanding.back().p95);
      mean_path.push_back(sb.outstanding.back().mean);
    }
    sb.periods = scored;
    // Baselines from the same window of observed open caseloads (excluded periods included:
    // a stock is a stock).
    const std::size_t last = *s.index_of(split_day);
    const std::size_t window = static_cast<std::size_t>(std::max(1, options.fit.window));
    std::vector<double> history;
    for (std::size_t i = last + 1 >= window ? last + 1 - window : 0; i <= last; ++i) history.push_back(s.periods[i].outstanding);
    const std::vector<double> trend_all = trend_baseline(history, sb.periods.empty() ? 0 : static_cast<std::size_t>(count));
    sb.naive = naive_baseline(s.periods[last].outstanding, sb.periods.size());
    for (const FuturePeriod& p : sb.periods) sb.trend.push_back(trend_all[static_cast<std::size_t>(p.t) - 1]);
    sb.mape = mape(sb.actual_outstanding, mean_path);
    sb.mape_naive = mape(sb.actual_outstanding, sb.naive);
    sb.mape_trend = mape(sb.actual_outstanding, sb.trend);
    sb.coverage_90 = coverage(sb.actual_outstanding, lo, hi);
  }
  return bt;
}

FittedModel fit_model(const models::Model& model, const Series& series, const std::vector<StageMap>& maps,
                      std::int64_t until_day, int periods, const FitOptions& options) {
  FittedModel out;
  out.maps = maps;
  first_calendar(series, maps);
  std::vector<StagePlan> plans;
  std::vector<FuturePeriod> first_periods;
  for (const StageMap& map : maps) {
    const StageSeries& s = *series.find(map.series_stage);
    StageFit fit = fit_stage(s, until_day, stage_def(model, map.model_stage).infinite, options, series.file);
    const std::vector<FuturePeriod> future = future_periods(fit, s, periods);
    if (first_periods.empty()) first_periods = future;
    plans.push_back(plan_for(map, fit, draw_stage(fit, future, -1, nullptr)));
    for (const std::string& n : fit.notes) out.notes.push_back("stage " + map.series_stage + ": " + n);
    out.balance.push_back(flow_balance(s));
    out.fits.push_back(std::move(fit));
  }
  std::vector<double> starts, ends;
  layout(first_periods, until_day, starts, ends);
  out.model = build_fitted_model(model, until_day + 1, starts, ends.back(), plans, &out.notes);
  return out;
}

}  // namespace courtflow::analysis::series

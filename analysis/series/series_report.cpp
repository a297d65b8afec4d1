// backtest.json, projection.csv and the fit report (series_report.hpp).

#include "analysis/series/series_report.hpp"

#include <cmath>

#include "analysis/timeseries.hpp"
#include "models/dates.hpp"

namespace courtflow::analysis::series {
namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json estimate_json(const Estimate& e) { return Json{{"estimate", number(e.value)}, {"ci95", {number(e.lo), number(e.hi)}}}; }

Json rate_json(const RateModel& m, const std::string& unit) {
  Json j;
  j["form"] = m.form();
  Json tried = Json::object();
  for (const auto& [form, score] : m.criteria) tried[form] = number(score);
  j["aicc"] = tried;
  j["unit"] = unit;
  j["level"] = estimate_json(m.level());
  if (m.trend) j["trend_per_period"] = estimate_json(m.slope());
  if (m.season) {
    Json effects = Json::array();
    for (int s = 0; s < m.seasons; ++s) effects.push_back(estimate_json(m.effect(s)));
    j["season_effects"] = effects;
  }
  j["residual_sd"] = number(m.ls.residual_sd());
  j["extra_noise_sd"] = number(m.extra_sd);
  return j;
}

}  // namespace

Json to_json(const StageFit& fit) {
  Json j;
  j["stage"] = fit.stage;
  j["fitted_periods"] = fit.used.size();
  j["from"] = models::format_iso_date(fit.used.front());
  j["until"] = models::format_iso_date(fit.until_day);
  j["outstanding_at_until"] = number(fit.outstanding);
  j["receipts"] = rate_json(fit.receipts, "receipts per day");
  Json d;
  d["basis"] = to_string(fit.basis);
  switch (fit.basis) {
    case DisposalBasis::rate:
      d.update(rate_json(fit.disposal_rate, "disposals per day (effective capacity)"));
      break;
    case DisposalBasis::per_capacity_unit:
      d["unit"] = "disposals per capacity unit";
      d["per_capacity_unit"] = estimate_json(fit.ratio.theta());
      d["last_capacity"] = fit.last_capacity ? number(*fit.last_capacity) : Json(nullptr);
      d["residual_sd"] = number(fit.ratio.ls.residual_sd());
      d["extra_noise_sd"] = number(fit.ratio.extra_sd);
      break;
    case DisposalBasis::per_open_case:
      d["unit"] = "disposals per day per open case";
      d["per_open_case"] = estimate_json(fit.ratio.theta());
      {
        const Estimate k = fit.ratio.theta();
        d["mean_days_to_dispose"] = estimate_json(Estimate{1 / k.value, 1 / k.hi, 1 / k.lo});
      }
      d["residual_sd"] = number(fit.ratio.ls.residual_sd());
      break;
  }
  j["disposals"] = d;
  j["notes"] = fit.notes;
  return j;
}

Json balance_json(const std::vector<BalanceCheck>& checks) {
  Json list = Json::array();
  for (const BalanceCheck& c : checks) {
    if (std::abs(c.mismatch) < 0.5) continue;
    list.push_back(Json{{"period_end", models::format_iso_date(c.end_day)}, {"mismatch", number(c.mismatch)}});
  }
  return list;
}

Json to_json(const Backtest& bt) {
  Json j;
  j["split"] = models::format_iso_date(bt.split_day);
  Json stages = Json::array();
  for (const StageBacktest& s : bt.stages) {
    Json st;
    st["stage"] = s.map.series_stage;
    st["periods"] = s.periods.size();
    st["mape"] = number(s.mape);
    st["mape_naive"] = number(s.mape_naive);
    st["mape_trend"] = number(s.mape_trend);
    st["coverage_90"] = number(s.coverage_90);
    st["model_stage"] = s.map.model_stage;
    st["unexplained_change"] = number(s.unexplained_change);
    st["fit"] = to_json(s.fit);
    st["flow_balance"] = balance_json(s.balance);
    stages.push_back(st);
  }
  j["stages"] = stages;
  j["receipts"] = bt.known_receipts ? "known" : "projected";
  j["replications"] = bt.replications;
  j["seed"] = bt.seed;
  j["window"] = bt.window;
  Json excluded = Json::array();
  for (const std::int64_t d : bt.exclude) excluded.push_back(models::format_iso_date(d));
  j["exclude"] = excluded;
  j["mape_unit"] = "percent";
  j["notes"] = bt.notes;
  j["performance"] = Json{{"events", bt.events}};
  return j;
}

Json to_json(const FittedModel& fitted) {
  Json j;
  j["model"] = fitted.model.name;
  j["start_date"] = fitted.model.start_date ? Json(*fitted.model.start_date) : Json(nullptr);
  Json stages = Json::array();
  for (std::size_t i = 0; i < fitted.fits.size(); ++i) {
    Json st = to_json(fitted.fits[i]);
    st["model_stage"] = fitted.maps[i].model_stage;
    st["flow_balance"] = balance_json(fitted.balance[i]);
    stages.push_back(st);
  }
  j["stages"] = stages;
  j["notes"] = fitted.notes;
  return j;
}

void write_projection_csv(std::ostream& out, const Backtest& bt) {
  out << "period_end,stage,model_stage,periods_ahead,actual,mean,p05,p50,p95,naive,trend,"
         "receipts_actual,receipts_mean,disposals_actual,disposals_mean\n";
  for (const StageBacktest& s : bt.stages) {
    for (std::size_t p = 0; p < s.periods.size(); ++p) {
      const Spread& o = s.outstanding[p];
      out << models::format_iso_date(s.periods[p].end_day) << ',' << s.map.series_stage << ',' << s.map.model_stage
          << ',' << format_number(s.periods[p].t) << ',' << format_number(s.actual_outstanding[p]) << ','
          << format_number(o.mean) << ',' << format_number(o.p05) << ',' << format_number(o.p50) << ','
          << format_number(o.p95) << ',' << format_number(s.naive[p]) << ',' << format_number(s.trend[p]) << ','
          << format_number(s.actual_receipts[p]) << ',' << format_number(s.receipts[p].mean) << ','
          << format_number(s.actual_disposals[p]) << ',' << format_number(s.disposals[p].mean) << '\n';
    }
  }
}

}  // namespace courtflow::analysis::series

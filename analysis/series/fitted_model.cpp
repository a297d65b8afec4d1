// Stage matching and building the fitted model (fitted_model.hpp).

#include "analysis/series/fitted_model.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/number_text.hpp"
#include "models/dates.hpp"
#include "models/diagnostic.hpp"
#include "models/distribution_def.hpp"

namespace courtflow::analysis::series {
namespace {

const models::StageDef* find_stage(const models::Model& m, const std::string& id) {
  for (const models::StageDef& s : m.stages) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::string list_of(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

// A distribution with every duration multiplied by `factor` (all kinds are scale families;
// the Weibull shape has no unit).
models::DistDef scaled(models::DistDef d, double factor) {
  for (auto& [name, value] : d.params) {
    if (name != "shape") value *= factor;
  }
  for (double& v : d.values) v *= factor;
  return d;
}

// The rate of an arrival at day 0 (its share when several feed one stage).
double rate_at_start(const models::ArrivalDef& a) {
  double rate = a.rate_per_day;
  for (const models::RateStepDef& step : a.schedule) {
    if (step.from_day <= 0) rate = step.rate_per_day;
  }
  return rate;
}

}  // namespace

std::vector<StageMap> match_stages(const models::Model& model, const std::string& model_file, const Series& series,
                                   const std::vector<std::string>& pairs) {
  std::vector<StageMap> maps;
  std::vector<std::string> model_ids, series_ids;
  for (const models::StageDef& s : model.stages) model_ids.push_back(s.id);
  for (const StageSeries& s : series.stages) series_ids.push_back(s.stage);
  for (const std::string& pair : pairs) {
    const std::size_t eq = pair.find('=');
    const std::string m = eq == std::string::npos ? pair : pair.substr(0, eq);
    const std::string s = eq == std::string::npos ? pair : pair.substr(eq + 1);
    if (!find_stage(model, m)) {
      throw models::InputError({model_file, "", "no stage \"" + m + "\" (stages: " + list_of(model_ids) + ")", false});
    }
    if (!series.find(s)) {
      throw models::InputError({series.file, "", "no stage \"" + s + "\" (stages: " + list_of(series_ids) + ")", false});
    }
    for (const StageMap& done : maps) {
      if (done.model_stage == m || done.series_stage == s) {
        throw models::InputError(
            {series.file, "", "stage \"" + (done.model_stage == m ? m : s) + "\" is paired twice", false});
      }
    }
    maps.push_back({m, s});
  }
  if (pairs.empty()) {
    for (const StageSeries& s : series.stages) {
      if (find_stage(model, s.stage)) maps.push_back({s.stage, s.stage});
    }
  }
  if (maps.empty()) {
    throw models::InputError({series.file, "",
                              "no series stage (" + list_of(series_ids) + ") is a stage of " + model_file + " (" +
                                  list_of(model_ids) + "); pair them with --stage MODEL_STAGE=SERIES_STAGE",
                              false});
  }
  return maps;
}

models::Model build_fitted_model(const models::Model& base, std::int64_t start_day,
                                 const std::vector<double>& period_starts, double horizon_days,
                                 const std::vector<StagePlan>& plans, std::vector<std::string>* notes) {
  models::Model m = base;
  m.start_date = models::format_iso_date(start_day);
  m.horizon_days = horizon_days;
  m.warmup_days = 0;
  const auto note = [notes](std::string text) {
    if (notes && std::find(notes->begin(), notes->end(), text) == notes->end()) notes->push_back(std::move(text));
  };
  for (const StagePlan& plan : plans) {
    const std::string& id = plan.map.model_stage;
    models::StageDef& stage = *std::find_if(m.stages.begin(), m.stages.end(), [&](const auto& s) { return s.id == id; });

    // Arrivals: one schedule step per period, shared in proportion to the model's rates.
    std::vector<models::ArrivalDef*> into;
    double total = 0;
    for (models::ArrivalDef& a : m.arrivals) {
      if (a.to == id) {
        into.push_back(&a);
        total += rate_at_start(a);
      }
    }
    if (into.empty()) {
      note("stage " + id + " has no arrivals in the model (it is fed by routes): its receipts are not set from the series");
    }
    for (models::ArrivalDef* a : into) {
      const double share = total > 0 ? rate_at_start(*a) / total : 1.0 / static_cast<double>(into.size());
      a->rate_per_day = 0;
      a->schedule.clear();
      // The series' receipts per period already hold whatever seasonality there was; the
      // model's month factors on top would count it twice.
      if (a->seasonality) {
        a->seasonality.reset();
        note("the arrivals into " + id + " carried month factors (\"seasonality\"): the series' receipts per period "
             "replace both the rate and the factors");
      }
      for (std::size_t p = 0; p < period_starts.size(); ++p) {
        a->schedule.push_back({period_starts[p], share * plan.receipts_per_day[p]});
      }
    }

    // Disposals.
    if (stage.infinite) {
      const double mean = models::mean_days(stage.service);
      stage.service = scaled(stage.service, (1.0 / plan.per_open_case) / mean);
      for (auto& [type, dist] : stage.service_by_type) {
        dist = scaled(dist, (1.0 / plan.per_open_case) / models::mean_days(dist));
      }
    } else {
      const double mean = models::mean_days(stage.service);
      stage.capacity.clear();
      double worst = 0;
      for (std::size_t p = 0; p < period_starts.size(); ++p) {
        const double exact = plan.capacity_per_day[p] * mean;
        const double servers = std::min(1e7, std::round(exact));
        if (exact > 0) worst = std::max(worst, std::abs(servers - exact) / exact);
        if (p == 0) {
          stage.servers = std::max<std::int64_t>(1, static_cast<std::int64_t>(servers));
          if (servers == 0) stage.capacity.push_back({0, 0});
        } else {
          stage.capacity.push_back({period_starts[p], static_cast<std::int64_t>(servers)});
        }
      }
      if (worst > 0.01) {
        note("stage " + id + ": servers = capacity per day x mean service (" + fixed_text(mean, 2) +
             " days) is rounded by up to " + fixed_text(100 * worst, 1) +
             "% of capacity; a longer service time in the model gives finer steps");
      }
    }

    // Initial work: the open caseload, split as the model's entries for the stage are.
    std::vector<models::InitialWipDef> kept, for_stage;
    for (const models::InitialWipDef& w : m.initial_wip) (w.stage == id ? for_stage : kept).push_back(w);
    std::int64_t model_total = 0;
    for (const models::InitialWipDef& w : for_stage) model_total += w.count;
    const std::int64_t count = static_cast<std::int64_t>(std::llround(plan.open_cases));
    if (for_stage.empty() || model_total == 0) {
      models::InitialWipDef w;
      w.stage = id;
      if (!for_stage.empty()) {
        w.case_type = for_stage.front().case_type;
        w.age_days = for_stage.front().age_days;
      }
      w.count = count;
      kept.push_back(w);
    } else {
      std::int64_t given = 0;
      for (std::size_t k = 0; k < for_stage.size(); ++k) {
        models::InitialWipDef w = for_stage[k];
        w.count = k + 1 == for_stage.size()
                      ? count - given
                      : static_cast<std::int64_t>(std::llround(static_cast<double>(count) *
                                                               static_cast<double>(w.count) /
                                                               static_cast<double>(model_total)));
        given += w.count;
        kept.push_back(w);
      }
    }
    m.initial_wip = kept;
  }
  return m;
}

}  // namespace courtflow::analysis::series

// Model -> sim::Network (see compile.hpp). validate() has run first, so lookups here cannot
// fail on a good model; they still throw InputError rather than index out of range, because
// a Model can be changed in code between validating and compiling.

#include "models/compile.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "models/case_types.hpp"
#include "models/dates.hpp"
#include "models/diagnostic.hpp"
#include "models/distribution_def.hpp"
#include "models/field_path.hpp"
#include "models/month_factors_rule.hpp"
#include "models/validate.hpp"

namespace courtflow::models {

namespace {

class Compiler {
 public:
  Compiler(const Model& m, const std::string& file)
      : m_(m), file_(file), types_(effective_case_types(m)) {
    for (std::size_t i = 0; i < m.stages.size(); ++i) {
      stage_index_.emplace(m.stages[i].id, static_cast<int>(i));
    }
  }

  sim::Network run() {
    sim::Network net;
    for (const CaseTypeDef& t : types_.types) {
      net.case_types.push_back(sim::CaseTypeSpec{t.id, t.priority});
    }
    for (std::size_t i = 0; i < m_.stages.size(); ++i) net.stages.push_back(stage(i));
    for (std::size_t i = 0; i < m_.arrivals.size(); ++i) net.arrivals.push_back(arrival(i));
    for (std::size_t i = 0; i < m_.routes.size(); ++i) net.routes.push_back(route(i));
    for (std::size_t i = 0; i < m_.initial_wip.size(); ++i) {
      net.initial_wip.push_back(initial_wip(i));
    }
    return net;
  }

 private:
  [[noreturn]] void fail(const std::string& where, const std::string& message) const {
    throw InputError(Diagnostic{file_, where, message, false});
  }

  int stage_index(const std::string& id, const std::string& where) const {
    const auto it = stage_index_.find(id);
    if (it == stage_index_.end()) fail(where, "unknown stage \"" + id + "\"");
    return it->second;
  }

  int target_index(const std::string& id, const std::string& where) const {
    return id == "exit" ? sim::kExit : stage_index(id, where);
  }

  int type_index(const std::optional<std::string>& id, const std::string& where) const {
    if (!id) {
      if (!types_.default_index) fail(where, "no case type");  // cannot happen: see case_types
      return *types_.default_index;
    }
    const auto index = types_.index_of(*id);
    if (!index) fail(where, "unknown case type \"" + *id + "\"");
    return *index;
  }

  sim::Distribution distribution(const DistDef& d, const std::string& where) const {
    try {
      return to_distribution(d);
    } catch (const std::invalid_argument& e) {
      fail(where, e.what());
    }
  }

  sim::StageSpec stage(std::size_t i) const {
    const StageDef& s = m_.stages[i];
    const std::string where = item_path("stages", i);
    sim::StageSpec spec;
    spec.name = s.id;
    spec.infinite = s.infinite;
    if (!s.infinite) {
      if (s.capacity.empty() || s.capacity.front().from_day > 0) {
        spec.capacity.push_back(sim::CapacityStep{0, s.servers});
      }
      for (const CapacityStepDef& c : s.capacity) {
        spec.capacity.push_back(sim::CapacityStep{c.from_day, c.servers});
      }
    }
    spec.discipline = s.discipline == "priority" ? sim::Discipline::priority : sim::Discipline::fifo;
    spec.service = distribution(s.service, field_path(where, "service"));
    if (!s.service_by_type.empty()) {
      spec.service_by_type.resize(types_.types.size());
      for (const auto& [type, d] : s.service_by_type) {
        const std::string w = field_path(field_path(where, "service_by_type"), type);
        spec.service_by_type[static_cast<std::size_t>(type_index(type, w))] = distribution(d, w);
      }
    }
    for (const ServiceScaleStepDef& f : s.service_scale) {
      spec.service_scale.push_back(sim::FactorStep{f.from_day, f.factor});
    }
    if (s.patience) {
      spec.patience = distribution(*s.patience, field_path(where, "patience"));
      spec.on_timeout = target_index(s.on_timeout, field_path(where, "on_timeout"));
    }
    return spec;
  }

  sim::ArrivalSpec arrival(std::size_t i) const {
    const ArrivalDef& a = m_.arrivals[i];
    const std::string where = item_path("arrivals", i);
    sim::ArrivalSpec spec;
    spec.stage = stage_index(a.to, field_path(where, "to"));
    spec.case_type = type_index(a.case_type, field_path(where, "case_type"));
    if (a.schedule.empty() || a.schedule.front().from_day > 0) {
      spec.schedule.push_back(sim::RateStep{0, a.rate_per_day});
    }
    for (const RateStepDef& r : a.schedule) {
      spec.schedule.push_back(sim::RateStep{r.from_day, r.rate_per_day});
    }
    if (a.seasonality) spec.schedule = seasonal(spec.schedule, *a.seasonality, field_path(where, "seasonality"));
    return spec;
  }

  /// `base` (steps from day 0) times the month factors: a step at every month boundary up to
  /// the horizon and at every step of `base`, each piece's rate the base rate in force times
  /// its calendar month's factor; equal neighbours merged.
  std::vector<sim::RateStep> seasonal(const std::vector<sim::RateStep>& base, const SeasonalityDef& s,
                                      const std::string& where) const {
    const std::optional<std::int64_t> day0 = m_.start_date ? parse_iso_date(*m_.start_date) : std::nullopt;
    if (!day0) fail(where, "needs the model's \"start_date\"");  // validate() reports it first
    if (s.month_factors.size() != 12) {
      fail(field_path(where, "month_factors"), month_factors_count_problem(s.month_factors.size()));
    }
    std::vector<double> breaks;
    for (const sim::RateStep& r : base) breaks.push_back(r.from);
    // Month boundaries: the first day of each month after day 0's, while before the horizon.
    CivilDate month = civil_from_days(*day0);
    month.day = 1;
    while (true) {
      month = month.month == 12 ? CivilDate{month.year + 1, 1, 1} : CivilDate{month.year, month.month + 1, 1};
      const double from = static_cast<double>(days_from_civil(month) - *day0);
      if (from >= m_.horizon_days) break;
      breaks.push_back(from);
    }
    std::sort(breaks.begin(), breaks.end());
    breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
    std::vector<sim::RateStep> out;
    std::size_t k = 0;  // the base step in force
    for (const double from : breaks) {
      while (k + 1 < base.size() && base[k + 1].from <= from) ++k;
      // Steps start on whole days or within one; the month is that of the day the piece starts.
      const unsigned m = civil_from_days(*day0 + static_cast<std::int64_t>(std::floor(from))).month;
      const double rate = base[k].rate_per_day * s.month_factors[m - 1];
      if (!out.empty() && out.back().rate_per_day == rate) continue;
      out.push_back(sim::RateStep{from, rate});
    }
    return out;
  }

  sim::RouteSpec route(std::size_t i) const {
    const RouteDef& r = m_.routes[i];
    const std::string where = item_path("routes", i);
    sim::RouteSpec spec;
    spec.from = stage_index(r.from, field_path(where, "from"));
    spec.to = target_index(r.to, field_path(where, "to"));
    spec.case_type =
        r.case_type ? type_index(r.case_type, field_path(where, "case_type")) : sim::kAnyCaseType;
    spec.p = r.p;
    if (r.from_day) spec.from_day = *r.from_day;
    if (r.until_day) spec.until_day = *r.until_day;
    return spec;
  }

  sim::InitialWipSpec initial_wip(std::size_t i) const {
    const InitialWipDef& w = m_.initial_wip[i];
    const std::string where = item_path("initial_wip", i);
    sim::InitialWipSpec spec;
    spec.stage = stage_index(w.stage, field_path(where, "stage"));
    spec.case_type = type_index(w.case_type, field_path(where, "case_type"));
    spec.count = w.count;
    if (w.age_days) spec.age = distribution(*w.age_days, field_path(where, "age_days"));
    return spec;
  }

  const Model& m_;
  const std::string& file_;
  const EffectiveCaseTypes types_;
  std::unordered_map<std::string, int> stage_index_;
};

}  // namespace

sim::Network compile(const Model& m, const std::string& file) {
  for (const Diagnostic& d : validate(m, file)) {
    if (!d.warning) throw InputError(d);
  }
  return Compiler(m, file).run();
}

sim::RunConfig run_config(const Model& m) {
  sim::RunConfig config;
  config.horizon = m.horizon_days;
  config.warmup = m.warmup_days;
  return config;
}

}  // namespace courtflow::models

// The model file format: JSON text -> nlohmann::json -> Model, with a structural check, and
// Model -> JSON (see model_json.hpp). Everything that knows a key name of the model file is in
// this file: the key tables below list, per kind of object, the keys it may hold, and the
// parse_* functions read them in that order, so the first problem reported is the first one a
// reader of the file would meet. Messages follow one pattern: `where: must be EXPECTED (got X)`.

#include "models/model_json.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>

#include "models/dates.hpp"
#include "models/json_input.hpp"
#include "models/json_reader.hpp"
#include "models/field_path.hpp"
#include "models/month_factors_rule.hpp"
#include "models/suggest.hpp"

namespace courtflow::models {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using KeyList = std::vector<std::string>;

// ---------------------------------------------------------------------------------------------
// The JSON shape: keys each kind of object may hold, in the order they are read and written.

const KeyList kModelKeys = {"courtflow",   "name",         "description", "count_unit",
                            "horizon_days", "warmup_days", "replications", "seed",
                            "start_date",  "stages",       "case_types",  "arrivals",
                            "routes",      "initial_wip", "groups"};
const KeyList kStageKeys = {"id",         "description", "servers",    "service",
                            "capacity",   "discipline",  "patience",   "on_timeout",
                            "service_by_type", "service_scale"};
const KeyList kCapacityStepKeys = {"from_day", "servers"};
const KeyList kArrivalKeys = {"to", "rate_per_day", "case_type", "schedule", "seasonality"};
const KeyList kSeasonalityKeys = {"month_factors"};
const KeyList kRateStepKeys = {"from_day", "rate_per_day"};
const KeyList kServiceScaleStepKeys = {"from_day", "factor"};
const KeyList kRouteKeys = {"from", "to", "p", "case_type", "from_day", "until_day"};
const KeyList kInitialWipKeys = {"stage", "count", "case_type", "age_days"};
const KeyList kCaseTypeKeys = {"id", "priority", "description"};
const KeyList kGroupKeys = {"id", "stages", "description"};

struct DistParam {
  std::string name;
  Bound bound;
};

/// A distribution kind and its parameters, in the order written. "empirical" has no numeric
/// parameters: its sample is the array "values".
struct DistKind {
  std::string name;
  std::vector<DistParam> params;
};

const std::vector<DistKind> kDistKinds = {
    {"exponential", {{"mean", Bound::positive}}},
    {"fixed", {{"value", Bound::non_negative}}},
    {"lognormal", {{"mean", Bound::positive}, {"sd", Bound::non_negative}}},
    {"gamma", {{"mean", Bound::positive}, {"sd", Bound::positive}}},
    {"weibull", {{"shape", Bound::positive}, {"scale", Bound::positive}}},
    {"uniform", {{"min", Bound::non_negative}, {"max", Bound::non_negative}}},
    {"triangular",
     {{"min", Bound::non_negative}, {"mode", Bound::non_negative}, {"max", Bound::non_negative}}},
    {"empirical", {}},
};
const char* const kEmpiricalValues = "values";

const DistKind* find_dist_kind(std::string_view name) {
  for (const auto& kind : kDistKinds) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

/// Keys that are a parameter of some distribution kind (so, on another kind, a mistake rather
/// than an unknown key).
bool is_any_dist_param(std::string_view key) {
  if (key == kEmpiricalValues) return true;
  return std::any_of(kDistKinds.begin(), kDistKinds.end(), [&](const DistKind& kind) {
    return std::any_of(kind.params.begin(), kind.params.end(),
                       [&](const DistParam& p) { return p.name == key; });
  });
}

/// `"a", "b" and "c"`.
std::string quoted_list(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += '"' + words[i] + '"';
  }
  return out;
}

std::vector<std::string> param_names(const DistKind& kind) {
  std::vector<std::string> names;
  if (kind.params.empty()) names.emplace_back(kEmpiricalValues);
  for (const auto& p : kind.params) names.push_back(p.name);
  return names;
}

/// A number as JSON: integral values as integers (365, not 365.0) where that is exact.
template <typename Json = json>
Json json_number(double x) {
  if (std::isfinite(x) && std::trunc(x) == x && std::fabs(x) < 9.0e15) {
    return static_cast<std::int64_t>(x);
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Paths (`stages[3].service.mean`, see field_path.hpp) and descriptions of values.

std::string child(const std::string& path, const std::string& key) {
  return field_path(path, key);
}

std::string item(const std::string& path, std::size_t index) { return item_path(path, index); }

// ---------------------------------------------------------------------------------------------
// Reader: the structural checks, each throwing InputError on the first problem.

class Reader : public JsonReader {
 public:
  using JsonReader::JsonReader;

  // -- model parts, in file order --

  void check_format_version(const json& j) const {
    const json* version = find(j, "courtflow");
    if (version == nullptr) fail("", "missing \"courtflow\" format version key");
    const auto n = as_integer(*version);
    if (n && *n > kModelFormatVersion) {
      fail("courtflow", "file format " + std::to_string(*n) + " is newer than this courtflow (reads " +
                            std::to_string(kModelFormatVersion) + ")");
    }
    if (!n || *n != kModelFormatVersion) {
      fail("courtflow", "must be the format version " + std::to_string(kModelFormatVersion) +
                            " (got " + describe(*version) + ")");
    }
  }

  Model model(const json& j) const {
    if (!j.is_object()) fail("", "a model file must hold a JSON object (got " + describe(j) + ")");
    check_format_version(j);
    warn_unknown_keys(j, "", kModelKeys);

    Model m;
    m.format_version = kModelFormatVersion;
    m.name = string(require(j, "", "name"), "name");
    if (m.name.empty()) fail("name", "must be a non-empty string");
    if (const json* v = find(j, "description")) m.description = string(*v, "description");
    if (const json* v = find(j, "count_unit")) m.count_unit = string(*v, "count_unit");

    const json& horizon = require(j, "", "horizon_days");
    if (!horizon.is_number() || !within(horizon.get<double>(), Bound::positive) ||
        horizon.get<double>() > kMaxHorizonDays) {
      fail("horizon_days", "must be a number > 0 and at most 1000000 (got " + describe(horizon) +
                               ")");
    }
    m.horizon_days = horizon.get<double>();
    if (const json* v = find(j, "warmup_days")) {
      if (!v->is_number() || !within(v->get<double>(), Bound::non_negative) ||
          v->get<double>() >= m.horizon_days) {
        fail("warmup_days", "must be a number >= 0 and less than horizon_days (" +
                                describe(horizon) + ") (got " + describe(*v) + ")");
      }
      m.warmup_days = v->get<double>();
    }
    if (const json* v = find(j, "replications")) {
      m.replications = static_cast<int>(integer(*v, "replications", 1, kMaxReplications));
    }
    if (const json* v = find(j, "seed")) m.seed = seed(*v);
    if (const json* v = find(j, "start_date")) {
      const std::string date = string(*v, "start_date");
      if (!parse_iso_date(date)) {
        fail("start_date", "must be a calendar date written YYYY-MM-DD (got " + describe(*v) + ")");
      }
      m.start_date = date;
    }

    m.stages = array_of(require(j, "", "stages"), "stages",
                        [this](const json& v, const std::string& w) { return stage(v, w); });
    if (const json* v = find(j, "case_types")) {
      m.case_types = array_of(*v, "case_types", [this](const json& x, const std::string& w) {
        return case_type(x, w);
      });
    }
    m.arrivals = array_of(require(j, "", "arrivals"), "arrivals",
                          [this](const json& v, const std::string& w) { return arrival(v, w); });
    m.routes = array_of(require(j, "", "routes"), "routes",
                        [this](const json& v, const std::string& w) { return route(v, w); });
    if (const json* v = find(j, "initial_wip")) {
      m.initial_wip = array_of(*v, "initial_wip", [this](const json& x, const std::string& w) {
        return initial_wip(x, w);
      });
    }
    if (const json* v = find(j, "groups")) {
      m.groups = array_of(*v, "groups", [this](const json& x, const std::string& w) { return group(x, w); });
    }
    return m;
  }

  std::uint64_t seed(const json& v) const {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    const auto n = as_integer(v);
    // Floats are accepted only where every integer is exact (2^53), so a seed is never rounded.
    if (!n || *n < 0 || (v.is_number_float() && *n > (std::int64_t{1} << 53))) {
      fail("seed", "must be a non-negative integer (got " + describe(v) + ")");
    }
    return static_cast<std::uint64_t>(*n);
  }

  StageDef stage(const json& v, const std::string& where) const {
    expect_object(v, where);
    warn_unknown_keys(v, where, kStageKeys);
    StageDef s;
    s.id = string(require(v, where, "id"), child(where, "id"));
    if (const json* d = find(v, "description")) s.description = string(*d, child(where, "description"));

    const json& servers = require(v, where, "servers");
    if (servers.is_string() && servers.get_ref<const std::string&>() == "infinite") {
      s.infinite = true;
      s.servers = 1;
    } else {
      const auto n = as_integer(servers);
      if (n && *n > kMaxServers) {
        fail(child(where, "servers"), "must be at most " + std::to_string(kMaxServers) +
                                          " (got " + describe(servers) + ")");
      }
      if (!n || *n < 1) {
        // Also catches huge floats such as 1e300, which have no int64 value.
        const bool huge =
            servers.is_number() && servers.get<double>() > static_cast<double>(kMaxServers);
        fail(child(where, "servers"),
             huge ? "must be at most " + std::to_string(kMaxServers) + " (got " +
                        describe(servers) + ")"
                  : "must be a positive integer or \"infinite\" (got " + describe(servers) + ")");
      }
      s.servers = *n;
    }

    s.service = dist(require(v, where, "service"), child(where, "service"));
    if (const json* c = find(v, "capacity")) s.capacity = capacity(*c, child(where, "capacity"));
    if (const json* d = find(v, "discipline")) {
      const std::string w = child(where, "discipline");
      if (!d->is_string() || (d->get_ref<const std::string&>() != "fifo" &&
                              d->get_ref<const std::string&>() != "priority")) {
        fail(w, "must be \"fifo\" or \"priority\" (got " + describe(*d) + ")");
      }
      s.discipline = d->get<std::string>();
    }
    if (const json* p = find(v, "patience")) s.patience = dist(*p, child(where, "patience"));
    if (const json* t = find(v, "on_timeout")) {
      s.on_timeout = string(*t, child(where, "on_timeout"));
      if (!s.patience) {
        fail(child(where, "on_timeout"),
             "needs \"patience\" (how long a case waits before it leaves the queue)");
      }
    }
    if (const json* by_type = find(v, "service_by_type")) {
      const std::string w = child(where, "service_by_type");
      if (!by_type->is_object()) {
        fail(w, "must be an object mapping case types to distributions (got " +
                    describe(*by_type) + ")");
      }
      for (const auto& [type, d] : by_type->items()) s.service_by_type[type] = dist(d, child(w, type));
    }
    if (const json* scale = find(v, "service_scale")) {
      s.service_scale = service_scale(*scale, child(where, "service_scale"));
    }
    return s;
  }

  std::vector<ServiceScaleStepDef> service_scale(const json& v, const std::string& where) const {
    if (!v.is_array() || v.empty()) {
      fail(where, "must be a non-empty array of {\"from_day\", \"factor\"} steps (got " +
                      describe(v) + ")");
    }
    std::vector<ServiceScaleStepDef> steps;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string w = item(where, i);
      expect_object(v[i], w);
      warn_unknown_keys(v[i], w, kServiceScaleStepKeys);
      ServiceScaleStepDef step;
      step.from_day = from_day(v[i], w, steps.empty() ? nullptr : &steps.back().from_day);
      step.factor = number(require(v[i], w, "factor"), child(w, "factor"), Bound::positive);
      steps.push_back(step);
    }
    return steps;
  }

  std::vector<CapacityStepDef> capacity(const json& v, const std::string& where) const {
    if (!v.is_array() || v.empty()) {
      fail(where, "must be a non-empty array of {\"from_day\", \"servers\"} steps (got " +
                      describe(v) + ")");
    }
    std::vector<CapacityStepDef> steps;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string w = item(where, i);
      expect_object(v[i], w);
      warn_unknown_keys(v[i], w, kCapacityStepKeys);
      CapacityStepDef step;
      step.from_day = from_day(v[i], w, steps.empty() ? nullptr : &steps.back().from_day);
      step.servers = integer(require(v[i], w, "servers"), child(w, "servers"), 0, kMaxServers);
      steps.push_back(step);
    }
    return steps;
  }

  /// A step's "from_day": >= 0, and after the previous step's when there is one.
  double from_day(const json& step, const std::string& where, const double* previous) const {
    const json& v = require(step, where, "from_day");
    const double day = number(v, child(where, "from_day"), Bound::non_negative);
    if (previous != nullptr && day <= *previous) {
      fail(child(where, "from_day"), "steps must be in increasing order of from_day (got " +
                                         describe(v) + " after " +
                                         describe(json_number(*previous)) + ")");
    }
    return day;
  }

  DistDef dist(const json& v, const std::string& where) const {
    if (!v.is_object()) {
      fail(where, "must be a distribution such as {\"dist\": \"exponential\", \"mean\": 5} (got " +
                      describe(v) + ")");
    }
    const std::string kind_where = child(where, "dist");
    const std::string kind_name = string(require(v, where, "dist"), kind_where);
    const DistKind* kind = find_dist_kind(kind_name);
    if (kind == nullptr) {
      std::vector<std::string> names;
      for (const auto& k : kDistKinds) names.push_back(k.name);
      const std::string hint = did_you_mean(kind_name, names);
      fail(kind_where, "unknown distribution " + describe(v.at("dist")) +
                           (hint.empty() ? " (expected one of " + quoted_list(names) + ")" : hint));
    }

    const std::vector<std::string> expected = param_names(*kind);
    const char* article = std::string_view("aeiou").find(kind->name[0]) == std::string_view::npos ? "a " : "an ";
    const std::string takes = article + kind->name + " distribution takes " + quoted_list(expected);
    for (const auto& [key, value] : v.items()) {
      if (key == "dist" || std::find(expected.begin(), expected.end(), key) != expected.end()) {
        continue;
      }
      // A parameter of another kind is a misunderstanding, not a typo: refuse it.
      if (is_any_dist_param(key)) fail(child(where, key), "not a parameter here: " + takes);
      KeyList known = expected;
      known.insert(known.begin(), "dist");
      warn_unknown_key(key, where, known);
    }

    DistDef d;
    d.dist = kind->name;
    for (const auto& p : kind->params) {
      const json* pv = find(v, p.name);
      if (pv == nullptr) fail(where, "missing \"" + p.name + "\": " + takes);
      d.params[p.name] = number(*pv, child(where, p.name), p.bound);
    }
    if (kind->name == "empirical") d.values = empirical_values(v, where, takes);
    check_dist_order(d, v, where);
    return d;
  }

  std::vector<double> empirical_values(const json& v, const std::string& where,
                                       const std::string& takes) const {
    const json* values = find(v, kEmpiricalValues);
    if (values == nullptr) fail(where, "missing \"values\": " + takes);
    const std::string w = child(where, kEmpiricalValues);
    if (!values->is_array() || values->empty()) {
      fail(w, "must be a non-empty array of numbers >= 0 (got " + describe(*values) + ")");
    }
    std::vector<double> out;
    out.reserve(values->size());
    for (std::size_t i = 0; i < values->size(); ++i) {
      out.push_back(number((*values)[i], item(w, i), Bound::non_negative));
    }
    return out;
  }

  /// Constraints between parameters: uniform min <= max; triangular min <= mode <= max, min < max.
  void check_dist_order(const DistDef& d, const json& v, const std::string& where) const {
    const auto got = [&](const char* key) { return describe(v.at(key)); };
    // A spread so wide against the mean that the shape parameters underflow: gamma's shape
    // (mean/sd)^2 becomes 0 and every draw 0 or infinity. Real durations stay far inside it.
    if ((d.dist == "gamma" || d.dist == "lognormal") && !(d.params.at("sd") <= kMaxSdOverMean * d.params.at("mean"))) {
      fail(child(where, "sd"), "must be at most " + std::to_string(static_cast<int>(kMaxSdOverMean)) +
                                   " times the mean (got " + got("sd") + ", mean " + got("mean") + ")");
    }
    if (d.dist == "weibull" &&
        !std::isfinite(d.params.at("scale") * std::tgamma(1.0 + 1.0 / d.params.at("shape")))) {
      fail(child(where, "shape"), "is so small that the mean is infinite (got " + got("shape") + ")");
    }
    if (d.dist == "uniform" && d.params.at("max") < d.params.at("min")) {
      fail(child(where, "max"), "must be >= min (got " + got("max") + ", min " + got("min") + ")");
    }
    if (d.dist == "triangular") {
      const double lo = d.params.at("min");
      const double mode = d.params.at("mode");
      const double hi = d.params.at("max");
      if (hi <= lo) {
        fail(child(where, "max"), "must be greater than min (got " + got("max") + ", min " +
                                      got("min") + ")");
      }
      if (mode < lo || mode > hi) {
        fail(child(where, "mode"), "must be from min to max (got " + got("mode") + ", min " +
                                       got("min") + ", max " + got("max") + ")");
      }
    }
  }

  StageGroupDef group(const json& v, const std::string& where) const {
    expect_object(v, where);
    warn_unknown_keys(v, where, kGroupKeys);
    StageGroupDef g;
    g.id = string(require(v, where, "id"), child(where, "id"));
    const std::string stages_where = child(where, "stages");
    g.stages = array_of(require(v, where, "stages"), stages_where,
                        [this](const json& x, const std::string& w) { return string(x, w); });
    if (g.stages.empty()) fail(stages_where, "must list at least one stage id");
    if (const json* d = find(v, "description")) g.description = string(*d, child(where, "description"));
    return g;
  }

  CaseTypeDef case_type(const json& v, const std::string& where) const {
    expect_object(v, where);
    warn_unknown_keys(v, where, kCaseTypeKeys);
    CaseTypeDef t;
    t.id = string(require(v, where, "id"), child(where, "id"));
    if (const json* p = find(v, "priority")) {
      t.priority = static_cast<int>(
          integer(*p, child(where, "priority"), -kMaxAbsPriority, kMaxAbsPriority));
    }
    if (const json* d = find(v, "description")) t.description = string(*d, child(where, "description"));
    return t;
  }

  ArrivalDef arrival(const json& v, const std::string& where) const {
    expect_object(v, where);
    warn_unknown_keys(v, where, kArrivalKeys);
    ArrivalDef a;
    a.to = string(require(v, where, "to"), child(where, "to"));
    const json* rate = find(v, "rate_per_day");
    const json* schedule = find(v, "schedule");
    if (rate == nullptr && schedule == nullptr) {
      fail(where, "missing required key \"rate_per_day\" (or a \"schedule\")");
    }
    if (rate != nullptr) a.rate_per_day = number(*rate, child(where, "rate_per_day"), Bound::non_negative);
    if (const json* t = find(v, "case_type")) a.case_type = string(*t, child(where, "case_type"));
    if (schedule != nullptr) {
      const std::string w = child(where, "schedule");
      if (!schedule->is_array() || schedule->empty()) {
        fail(w, "must be a non-empty array of {\"from_day\", \"rate_per_day\"} steps (got " +
                    describe(*schedule) + ")");
      }
      for (std::size_t i = 0; i < schedule->size(); ++i) {
        const std::string sw = item(w, i);
        const json& s = (*schedule)[i];
        expect_object(s, sw);
        warn_unknown_keys(s, sw, kRateStepKeys);
        RateStepDef step;
        step.from_day = from_day(s, sw, a.schedule.empty() ? nullptr : &a.schedule.back().from_day);
        step.rate_per_day =
            number(require(s, sw, "rate_per_day"), child(sw, "rate_per_day"), Bound::non_negative);
        a.schedule.push_back(step);
      }
      // The schedule covers day 0 itself, so a rate before it would never apply.
      if (a.schedule.front().from_day == 0 && a.rate_per_day != 0) {
        warn(child(where, "rate_per_day"), "ignored: the schedule starts at day 0");
        a.rate_per_day = 0;
      }
    }
    if (const json* s = find(v, "seasonality")) a.seasonality = seasonality(*s, child(where, "seasonality"));
    return a;
  }

  /// {"month_factors": [12 numbers > 0]}; that the model has a start_date is validate's check.
  SeasonalityDef seasonality(const json& v, const std::string& where) const {
    if (!v.is_object()) {
      fail(where, "must be an object {\"month_factors\": [12 numbers > 0, January to December]} (got " +
                      describe(v) + ")");
    }
    warn_unknown_keys(v, where, kSeasonalityKeys);
    const std::string w = child(where, "month_factors");
    const json& factors = require(v, where, "month_factors");
    if (!factors.is_array()) fail(w, std::string(kMonthFactorsRule) + " (got " + describe(factors) + ")");
    if (factors.size() != 12) fail(w, month_factors_count_problem(factors.size()));
    SeasonalityDef out;
    for (std::size_t i = 0; i < factors.size(); ++i) {
      out.month_factors.push_back(number(factors[i], item(w, i), Bound::positive));
    }
    return out;
  }

  RouteDef route(const json& v, const std::string& where) const {
    expect_object(v, where);
    warn_unknown_keys(v, where, kRouteKeys);
    RouteDef r;
    r.from = string(require(v, where, "from"), child(where, "from"));
    r.to = string(require(v, where, "to"), child(where, "to"));
    r.p = number(require(v, where, "p"), child(where, "p"), Bound::probability);
    if (const json* t = find(v, "case_type")) r.case_type = string(*t, child(where, "case_type"));
    if (const json* d = find(v, "from_day")) {
      r.from_day = number(*d, child(where, "from_day"), Bound::non_negative);
    }
    if (const json* d = find(v, "until_day")) {
      r.until_day = number(*d, child(where, "until_day"), Bound::non_negative);
      if (*r.until_day <= r.from_day.value_or(0)) {
        fail(child(where, "until_day"), "must be greater than from_day (got " + describe(*d) +
                                            ", from_day " +
                                            describe(json_number(r.from_day.value_or(0))) + ")");
      }
    }
    return r;
  }

  InitialWipDef initial_wip(const json& v, const std::string& where) const {
    expect_object(v, where);
    warn_unknown_keys(v, where, kInitialWipKeys);
    InitialWipDef w;
    w.stage = string(require(v, where, "stage"), child(where, "stage"));
    w.count = integer(require(v, where, "count"), child(where, "count"), 0, kMaxInitialCount);
    if (const json* t = find(v, "case_type")) w.case_type = string(*t, child(where, "case_type"));
    if (const json* a = find(v, "age_days")) w.age_days = dist(*a, child(where, "age_days"));
    return w;
  }

};

// ---------------------------------------------------------------------------------------------
// Writing.

ordered_json number_json(double x) { return json_number<ordered_json>(x); }

}  // namespace

Model parse_model(const json& j, const std::string& file, std::vector<Diagnostic>* warnings) {
  return Reader(file, warnings).model(j);
}

Model parse_model_text(const std::string& text, const std::string& file,
                       std::vector<Diagnostic>* warnings) {
  return parse_model(parse_json_text(text, file), file, warnings);
}

Model load_model_file(const std::filesystem::path& path, std::vector<Diagnostic>* warnings) {
  return parse_model(read_json_file(path), path.string(), warnings);
}

ordered_json to_json(const DistDef& d) {
  ordered_json out;
  out["dist"] = d.dist;
  // Parameters in the contract's order for known kinds, then any others (a DistDef built in
  // code may hold extra keys; writing them lets parse_model report them).
  std::vector<std::string> written;
  if (const DistKind* kind = find_dist_kind(d.dist)) {
    for (const auto& p : kind->params) {
      if (const auto it = d.params.find(p.name); it != d.params.end()) {
        out[p.name] = number_json(it->second);
        written.push_back(p.name);
      }
    }
  }
  for (const auto& [key, value] : d.params) {
    if (std::find(written.begin(), written.end(), key) == written.end()) {
      out[key] = number_json(value);
    }
  }
  if (d.dist == "empirical" || !d.values.empty()) {
    ordered_json values = ordered_json::array();
    for (const double x : d.values) values.push_back(number_json(x));
    out[kEmpiricalValues] = std::move(values);
  }
  return out;
}

ordered_json to_json(const Model& m) {
  ordered_json out;
  out["courtflow"] = kModelFormatVersion;
  out["name"] = m.name;
  if (!m.description.empty()) out["description"] = m.description;
  if (!m.count_unit.empty()) out["count_unit"] = m.count_unit;
  out["horizon_days"] = number_json(m.horizon_days);
  if (m.warmup_days != 0) out["warmup_days"] = number_json(m.warmup_days);
  if (m.replications) out["replications"] = *m.replications;
  if (m.seed) out["seed"] = *m.seed;
  if (m.start_date) out["start_date"] = *m.start_date;

  ordered_json stages = ordered_json::array();
  for (const auto& s : m.stages) {
    ordered_json st;
    st["id"] = s.id;
    if (!s.description.empty()) st["description"] = s.description;
    if (s.infinite) {
      st["servers"] = "infinite";
    } else {
      st["servers"] = s.servers;
    }
    st["service"] = to_json(s.service);
    if (!s.capacity.empty()) {
      ordered_json steps = ordered_json::array();
      for (const auto& c : s.capacity) {
        steps.push_back({{"from_day", number_json(c.from_day)}, {"servers", c.servers}});
      }
      st["capacity"] = std::move(steps);
    }
    if (s.discipline != "fifo") st["discipline"] = s.discipline;
    if (s.patience) st["patience"] = to_json(*s.patience);
    if (s.patience || s.on_timeout != "exit") st["on_timeout"] = s.on_timeout;
    if (!s.service_by_type.empty()) {
      ordered_json by_type = ordered_json::object();
      for (const auto& [type, d] : s.service_by_type) by_type[type] = to_json(d);
      st["service_by_type"] = std::move(by_type);
    }
    if (!s.service_scale.empty()) {
      ordered_json steps = ordered_json::array();
      for (const auto& f : s.service_scale) {
        steps.push_back({{"from_day", number_json(f.from_day)}, {"factor", number_json(f.factor)}});
      }
      st["service_scale"] = std::move(steps);
    }
    stages.push_back(std::move(st));
  }
  out["stages"] = std::move(stages);

  if (!m.case_types.empty()) {
    ordered_json types = ordered_json::array();
    for (const auto& t : m.case_types) {
      ordered_json ct;
      ct["id"] = t.id;
      ct["priority"] = t.priority;
      if (!t.description.empty()) ct["description"] = t.description;
      types.push_back(std::move(ct));
    }
    out["case_types"] = std::move(types);
  }

  ordered_json arrivals = ordered_json::array();
  for (const auto& a : m.arrivals) {
    ordered_json ar;
    ar["to"] = a.to;
    // With a schedule, rate_per_day is the rate before its first step: leave it out when it
    // never applies (the schedule starts at day 0) or is the default 0.
    const bool rate_applies =
        a.schedule.empty() || (a.schedule.front().from_day > 0 && a.rate_per_day != 0);
    if (rate_applies) ar["rate_per_day"] = number_json(a.rate_per_day);
    if (a.case_type) ar["case_type"] = *a.case_type;
    if (!a.schedule.empty()) {
      ordered_json steps = ordered_json::array();
      for (const auto& s : a.schedule) {
        steps.push_back(
            {{"from_day", number_json(s.from_day)}, {"rate_per_day", number_json(s.rate_per_day)}});
      }
      ar["schedule"] = std::move(steps);
    }
    if (a.seasonality) {
      ordered_json factors = ordered_json::array();
      for (const double f : a.seasonality->month_factors) factors.push_back(number_json(f));
      ar["seasonality"] = {{"month_factors", std::move(factors)}};
    }
    arrivals.push_back(std::move(ar));
  }
  out["arrivals"] = std::move(arrivals);

  ordered_json routes = ordered_json::array();
  for (const auto& r : m.routes) {
    ordered_json ro;
    ro["from"] = r.from;
    ro["to"] = r.to;
    ro["p"] = number_json(r.p);
    if (r.case_type) ro["case_type"] = *r.case_type;
    if (r.from_day) ro["from_day"] = number_json(*r.from_day);
    if (r.until_day) ro["until_day"] = number_json(*r.until_day);
    routes.push_back(std::move(ro));
  }
  out["routes"] = std::move(routes);

  if (!m.initial_wip.empty()) {
    ordered_json wip = ordered_json::array();
    for (const auto& w : m.initial_wip) {
      ordered_json iw;
      iw["stage"] = w.stage;
      iw["count"] = w.count;
      if (w.case_type) iw["case_type"] = *w.case_type;
      if (w.age_days) iw["age_days"] = to_json(*w.age_days);
      wip.push_back(std::move(iw));
    }
    out["initial_wip"] = std::move(wip);
  }

  if (!m.groups.empty()) {
    ordered_json groups = ordered_json::array();
    for (const auto& g : m.groups) {
      ordered_json gr;
      gr["id"] = g.id;
      gr["stages"] = g.stages;
      if (!g.description.empty()) gr["description"] = g.description;
      groups.push_back(std::move(gr));
    }
    out["groups"] = std::move(groups);
  }
  return out;
}

}  // namespace courtflow::models

// report.json and report.md for `courtflow calibrate` (calibration_report.hpp).

#include "analysis/eventlog/calibration_report.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "models/model_json.hpp"

namespace courtflow::analysis::eventlog {
namespace {

using json = nlohmann::ordered_json;

json count(std::uint64_t n) {
  if (n > 0 && n < kDisclosureThreshold) return "<" + std::to_string(kDisclosureThreshold);
  return n;
}
/// Whether a count may be shown, and with it anything it can be recovered from (a frequency
/// per case times the case count, a share times its source's count): 0 and from 10 up.
bool disclosable(std::uint64_t n) { return n == 0 || n >= kDisclosureThreshold; }
json number(double v) {
  if (!std::isfinite(v)) return nullptr;
  return std::round(v * 1e6) / 1e6;
}
std::string num(double v, int decimals = 2) {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}
std::string pct(double v) { return std::isfinite(v) ? num(100 * v, 1) + "%" : "-"; }

std::string dist_text(const models::DistDef& d) {
  if (d.dist == "empirical") return "empirical (" + std::to_string(d.values.size()) + " values)";
  std::string out = d.dist + "(";
  bool first = true;
  for (const auto& [k, v] : d.params) {
    out += (first ? "" : ", ") + k + " " + num(v, 3);
    first = false;
  }
  return out + ")";
}

/// "infinite", "6", or a schedule "4; 8 from 2024-07; 5 from 2025-01".
std::string capacity_text(const StageFit& s) {
  if (s.infinite) return "infinite";
  std::string out = std::to_string(s.servers);
  for (const auto& [month, servers] : s.capacity_steps) out += "; " + std::to_string(servers) + " from " + month;
  return out;
}

/// "line 12: timestamp is not ... (got \"x\")" without the "(got ...)": a mislabelled
/// column could put a case id there, and the report must never show one.
std::vector<std::string> examples_without_values(const std::vector<std::string>& examples) {
  std::vector<std::string> out;
  for (const std::string& e : examples) out.push_back(e.substr(0, e.find(" (got ")));
  return out;
}

/// What the month-of-year test found, in a sentence or two.
std::string seasonality_sentence(const ArrivalPattern& ap) {
  const SeasonalityTest& st = ap.seasonality;
  if (!st.tested) {
    return "Seasonality was not tested: " +
           (st.not_tested_reason.empty() ? std::string("no case starts over a span of time") : st.not_tested_reason) +
           ". The model's arrivals have no month-of-year pattern.";
  }
  const std::string test = st.method == "quasi-poisson F"
                               ? "F " + num(st.statistic / st.degrees_of_freedom / st.dispersion, 2) + " on " +
                                     std::to_string(st.degrees_of_freedom) + " and " +
                                     std::to_string(st.residual_degrees_of_freedom) +
                                     " degrees of freedom, allowing for months that scatter " + num(st.dispersion, 1) +
                                     " times more than Poisson would"
                               : "likelihood ratio " + num(st.statistic, 1) + " on " +
                                     std::to_string(st.degrees_of_freedom) + " degrees of freedom";
  if (!st.seasonal) {
    return "Over " + std::to_string(st.months) + " whole months, the case starts show no month-of-year pattern " +
           "clear enough to build into the model (" + test + ", p " + num(st.p_value, 4) +
           ", not below 0.001): the model's arrivals have none.";
  }
  return "Over " + std::to_string(st.months) + " whole months, case starts follow the calendar (" + test + ", p " +
         (st.p_value < 1e-4 ? std::string("< 0.0001") : num(st.p_value, 4)) +
         "): the model's arrivals are " + num(ap.base_rate_per_day, 3) +
         " a day on average over a year, times each month's factor below, also beyond the end of the log.";
}

/// The month-of-year test (arrival_seasonality.hpp) in report.json: whether it was run (or why
/// not), the statistic, its degrees of freedom and p-value, and the 12 factors with intervals.
json seasonality_json(const ArrivalPattern& ap) {
  const SeasonalityTest& st = ap.seasonality;
  json j;
  j["tested"] = st.tested;
  j["whole_months"] = st.months;
  if (!st.tested) {
    j["reason"] = st.not_tested_reason.empty() ? std::string("no case starts over a span of time") : st.not_tested_reason;
    j["seasonal"] = false;
    return j;
  }
  j["method"] = st.method;
  j["statistic"] = number(st.statistic);
  j["degrees_of_freedom"] = st.degrees_of_freedom;
  j["residual_degrees_of_freedom"] = st.residual_degrees_of_freedom;
  j["dispersion"] = number(st.dispersion);
  j["overdispersed"] = st.overdispersed;
  j["p_value"] = number(st.p_value);
  j["seasonal"] = st.seasonal;
  j["level_knots"] = st.level_knots;
  json factors = json::array();
  for (std::size_t k = 0; k < 12; ++k) {
    factors.push_back({{"month", month_abbreviation(static_cast<int>(k))},
                       {"factor", number(st.factors[k])},
                       {"ci95", {number(st.lo[k]), number(st.hi[k])}}});
  }
  j["month_factors"] = factors;
  j["used_in_model"] = st.seasonal;
  j["base_rate_per_day"] = number(ap.base_rate_per_day);
  j["note"] = seasonality_sentence(ap);
  return j;
}

json quality_json(const DataQuality& q) {
  json j;
  j["rows_read"] = count(q.rows_read);
  j["rows_kept"] = count(q.rows_kept);
  j["dropped"] = {{"missing_case_id", count(q.dropped_missing_case_id)},
                  {"missing_activity", count(q.dropped_missing_activity)},
                  {"unparsable_timestamp", count(q.dropped_bad_timestamp)},
                  {"unparsable_start", count(q.dropped_bad_start)},
                  {"end_before_start", count(q.dropped_end_before_start)},
                  {"duplicates", count(q.dropped_duplicate)},
                  {"wrong_number_of_fields", count(q.dropped_wrong_field_count)},
                  {"case_far_outside_the_log", count(q.dropped_far_outside)}};
  j["events_out_of_order"] = count(q.events_out_of_order);
  j["cases"] = count(q.cases);
  j["cases_possibly_open_at_end"] = count(q.cases_possibly_open);
  j["timestamps_with_time_of_day"] = count(q.times_with_time_of_day);
  j["timestamps_with_zone"] = count(q.times_with_zone);
  j["activities_seen_once"] = q.activities_seen_once;
  // Examples name a line and a problem, never a case (the field's text is left out).
  j["examples"] = examples_without_values(q.examples);
  return j;
}

json fit_json(const DistributionFit& f) {
  json j;
  j["n"] = count(f.n);
  j["mean"] = number(f.mean);
  j["sd"] = number(f.sd);
  j["zero_share"] = number(f.zero_share);
  j["chosen"] = models::to_json(f.chosen);
  j["family"] = f.chosen_family;
  j["reason"] = f.reason;
  j["ks_distance"] = number(f.chosen_ks_distance);
  j["ks_critical_5pct"] = number(f.ks_critical_5pct);
  json candidates = json::array();
  for (const CandidateFit& c : f.candidates) {
    candidates.push_back({{"family", c.family},
                          {"dist", models::to_json(c.dist)},
                          {"log_likelihood", number(c.log_likelihood)},
                          {"aic", number(c.aic)},
                          {"ks_distance", number(c.ks_distance)}});
  }
  j["candidates"] = candidates;
  json quantiles = json::array();
  for (const QuantileRow& q : f.quantiles) {
    quantiles.push_back({{"p", q.p}, {"empirical", number(q.empirical)}, {"fitted", number(q.fitted)}});
  }
  j["quantiles"] = quantiles;
  return j;
}

}  // namespace

std::string count_text(std::uint64_t n) {
  if (n > 0 && n < kDisclosureThreshold) return "<" + std::to_string(kDisclosureThreshold);
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

double relative_difference(double log_value, double simulated_value) {
  if (log_value == 0) return std::numeric_limits<double>::quiet_NaN();
  return (simulated_value - log_value) / log_value;
}

json report_json(const Calibration& c) {
  json j;
  j["courtflow_calibration"] = 1;
  j["model"] = c.model.name;
  j["start_date"] = c.start_date;
  j["horizon_days"] = c.model.horizon_days;
  j["log"] = {{"has_start", c.has_start}, {"has_resource", c.has_resource}, {"has_case_type", c.has_case_type},
              {"dates_only", c.dates_only}, {"span_days", number(c.span_days)}};
  j["data_quality"] = quality_json(c.quality);
  j["notes"] = c.notes;
  json stages = json::array();
  for (const StageFit& s : c.stages) {
    json st;
    st["id"] = s.id;
    st["activity"] = s.activity;
    st["events"] = count(s.events);
    st["servers"] = s.infinite ? json("infinite") : json(s.servers);
    st["capacity_method"] = s.capacity_method;
    if (!s.resources_per_month.empty()) {
      json months = json::array();
      for (const auto& [label, n] : s.resources_per_month) months.push_back({{"month", label}, {"resources", n}});
      st["resources_per_month"] = months;
    }
    // The capacity schedule written into the model (servers before the first step).
    if (!s.capacity_steps.empty()) {
      json steps = json::array();
      for (std::size_t k = 0; k < s.capacity_steps.size(); ++k) {
        steps.push_back({{"month", s.capacity_steps[k].first},
                         {"from_day", number(s.capacity[k].from_day)},
                         {"servers", s.capacity_steps[k].second}});
      }
      st["capacity"] = steps;
    }
    // Where the time goes: this stage's durations summed over the log, per case.
    st["days_per_case"] = number(c.quality.cases > 0 ? static_cast<double>(s.events) * s.duration.mean /
                                                           static_cast<double>(c.quality.cases)
                                                     : 0);
    st["duration_kind"] = s.duration_kind;
    st["duration"] = fit_json(s.duration);
    if (!s.by_type.empty()) {
      json by_type = json::array();
      for (const auto& [type, fit] : s.by_type) {
        json t = fit_json(fit);
        t["case_type"] = type;
        by_type.push_back(t);
      }
      st["duration_by_type"] = by_type;
    }
    if (s.waits > 0) {
      st["wait"] = {{"n", count(s.waits)}, {"mean_days", number(s.wait_mean)}, {"zero_share", number(s.wait_zero_share)}};
    }
    stages.push_back(st);
  }
  j["stages"] = stages;
  json routes = json::array();
  for (const RouteFit& r : c.routes) {
    json rt;
    if (!r.case_type.empty()) rt["case_type"] = r.case_type;
    rt["from"] = r.from;
    rt["to"] = r.to;
    rt["count"] = count(r.count);
    // A share times the stage's event count (shown) would give a suppressed count back.
    rt["p"] = disclosable(r.count) ? number(r.p) : json(nullptr);
    routes.push_back(rt);
  }
  j["routes"] = routes;
  j["transitions_censored_at_end"] = count(c.transitions_censored);
  // Whole numbers, as the routes' counts: the expected case ends moved from exit to the routes.
  j["exits_reassigned_at_end"] = count(static_cast<std::uint64_t>(std::llround(c.exits_reassigned)));
  const ArrivalPattern& ap = c.arrival_pattern;
  json arrivals;
  arrivals["cases"] = count(ap.cases);
  arrivals["rate_per_day"] = number(ap.rate_per_day);
  json monthly = json::array();
  for (const ArrivalPattern::Month& mo : ap.monthly) {
    const bool small = mo.cases > 0 && mo.cases < kDisclosureThreshold;
    monthly.push_back({{"month", mo.label}, {"cases", count(mo.cases)}, {"rate_per_day", small ? json(nullptr) : number(mo.rate_per_day)}});
  }
  arrivals["monthly"] = monthly;
  arrivals["constant_rate_test"] = {{"chi_square", number(ap.chi_square)},
                                    {"degrees_of_freedom", ap.degrees_of_freedom},
                                    {"p_value", number(ap.p_value)}};
  arrivals["schedule_used"] = ap.schedule_used;
  arrivals["stop_after_last_case_start"] = ap.arrivals_stop;
  arrivals["seasonality"] = seasonality_json(ap);
  json streams = json::array();
  for (const ArrivalFit& a : c.arrivals) {
    json s;
    if (!a.case_type.empty()) s["case_type"] = a.case_type;
    s["to"] = a.to;
    s["cases"] = count(a.cases);
    s["rate_per_day"] = number(a.rate_per_day);
    streams.push_back(s);
  }
  arrivals["streams"] = streams;
  j["arrivals"] = arrivals;
  if (c.validation) {
    const Validation& v = *c.validation;
    json val;
    val["replications"] = v.replications;
    val["cases"] = {{"log", count(v.log.cases)}, {"simulated", count(v.simulated.cases)}};
    val["simulated_events"] = count(v.simulated_events);
    val["target_relative_error"] = number(v.target_relative_error);
    json dur;
    dur["mean"] = {{"log", number(v.log.duration_mean)},
                   {"simulated", number(v.simulated.duration_mean)},
                   {"relative_difference", number(relative_difference(v.log.duration_mean, v.simulated.duration_mean))}};
    json qs = json::array();
    for (const auto& [p, q] : v.log.duration_quantiles) {
      const double sim = v.simulated.duration_quantiles.count(p) ? v.simulated.duration_quantiles.at(p) : NAN;
      qs.push_back({{"p", p}, {"log", number(q)}, {"simulated", number(sim)}});
    }
    dur["quantiles"] = qs;
    val["case_duration_days"] = dur;
    json freq = json::array();
    double worst_freq = 0;
    for (const auto& [activity, per_case] : v.log.activity_per_case) {
      const double sim = v.simulated.activity_per_case.count(activity) ? v.simulated.activity_per_case.at(activity) : 0;
      const double rel = relative_difference(per_case, sim);
      if (v.log.activity_counts.at(activity) >= kDisclosureThreshold) worst_freq = std::max(worst_freq, std::fabs(rel));
      // The simulation's standard error of its frequency: how far from the log noise alone takes it.
      const double sd = v.simulated.activity_per_case_sd.count(activity) ? v.simulated.activity_per_case_sd.at(activity) : 0;
      const double se = v.simulated.cases > 0 ? sd / std::sqrt(static_cast<double>(v.simulated.cases)) : NAN;
      // Below the threshold the log's frequency would give the count back (times the cases).
      const bool shown = disclosable(v.log.activity_counts.at(activity));
      freq.push_back({{"activity", activity}, {"log_events", count(v.log.activity_counts.at(activity))},
                      {"log", shown ? number(per_case) : json(nullptr)}, {"simulated", number(sim)},
                      {"simulated_standard_error", number(se)},
                      {"relative_difference", shown ? number(rel) : json(nullptr)}});
    }
    val["activity_per_case"] = freq;
    json routing = json::array();
    double worst_route = 0;
    for (const auto& [key, p] : v.log.routing) {
      const double sim = v.simulated.routing.count(key) ? v.simulated.routing.at(key) : 0;
      worst_route = std::max(worst_route, std::fabs(sim - p));
      const bool shown = disclosable(v.log.routing_counts.at(key));  // a share times its source's count
      routing.push_back({{"from", key.first}, {"to", key.second}, {"log_count", count(v.log.routing_counts.at(key))},
                         {"log", shown ? number(p) : json(nullptr)}, {"simulated", number(sim)}});
    }
    val["routing"] = routing;
    val["largest_difference"] = {
        {"case_duration_mean_relative", number(std::fabs(relative_difference(v.log.duration_mean, v.simulated.duration_mean)))},
        {"activity_per_case_relative", number(worst_freq)},
        {"routing_share_absolute", number(worst_route)}};
    j["validation"] = val;
  }
  return j;
}

void write_report_markdown(std::ostream& out, const Calibration& c) {
  const DataQuality& q = c.quality;
  out << "# Calibration report: " << c.model.name << "\n\n";
  out << "Fitted by `courtflow calibrate`. Counts of cases or events below " << kDisclosureThreshold
      << " are shown as \"<" << kDisclosureThreshold << "\"; no case is named.\n\n";
  out << "The model starts on " << c.start_date << " (the day of the first event) and runs "
      << num(c.model.horizon_days, 0) << " days.\n\n";
  if (!c.notes.empty()) {
    out << "## What to know first\n\n";
    for (const std::string& n : c.notes) out << "- " << n << "\n";
    out << "\n";
  }
  out << "## Data quality\n\n| | |\n|---|---|\n";
  out << "| rows read | " << count_text(q.rows_read) << " |\n";
  out << "| rows kept | " << count_text(q.rows_kept) << " |\n";
  out << "| dropped: no case id | " << count_text(q.dropped_missing_case_id) << " |\n";
  out << "| dropped: no activity | " << count_text(q.dropped_missing_activity) << " |\n";
  out << "| dropped: unparsable timestamp | " << count_text(q.dropped_bad_timestamp) << " |\n";
  out << "| dropped: unparsable start | " << count_text(q.dropped_bad_start) << " |\n";
  out << "| dropped: completed before it started | " << count_text(q.dropped_end_before_start) << " |\n";
  out << "| dropped: duplicates | " << count_text(q.dropped_duplicate) << " |\n";
  out << "| dropped: wrong number of fields | " << count_text(q.dropped_wrong_field_count) << " |\n";
  out << "| dropped: events of cases dated far outside the log | " << count_text(q.dropped_far_outside) << " |\n";
  out << "| events out of order in the file | " << count_text(q.events_out_of_order) << " |\n";
  out << "| cases | " << count_text(q.cases) << " |\n";
  out << "| cases possibly still open at the end of the extract | " << count_text(q.cases_possibly_open) << " |\n";
  out << "| timestamps with a time of day | " << count_text(q.times_with_time_of_day) << " |\n";
  out << "| activities seen once | "
      << (q.activities_seen_once.empty() ? std::string("none") : std::to_string(q.activities_seen_once.size()))
      << " |\n\n";
  if (!q.examples.empty()) {
    out << "First problems found (line and reason):\n\n";
    for (const std::string& e : examples_without_values(q.examples)) out << "- " << e << "\n";
    out << "\n";
  }
  out << "## Stages\n\n\"days per case\" is where the time goes: the stage's durations summed over the log,\n"
         "divided by the number of cases.\n\n"
         "| stage | events | capacity | how | duration | mean days | days per case | fit | KS |\n"
         "|---|---:|---|---|---|---:|---:|---|---:|\n";
  for (const StageFit& s : c.stages) {
    out << "| " << s.id << " | " << count_text(s.events) << " | "
        << capacity_text(s) << " | " << s.capacity_method << " | "
        << s.duration_kind << " | " << num(s.duration.mean) << " | "
        << num(q.cases > 0 ? static_cast<double>(s.events) * s.duration.mean / static_cast<double>(q.cases) : 0, 1)
        << " | " << dist_text(s.duration.chosen) << " | "
        << num(s.duration.chosen_ks_distance, 3) << " |\n";
  }
  out << "\n";
  for (const StageFit& s : c.stages) {
    if (s.duration.n < kMinValuesForShape) continue;
    out << "### " << s.id << "\n\n" << s.duration.reason << ".\n\n";
    for (const auto& [type, fit] : s.by_type) {
      out << "Case type " << type << " differs: " << count_text(fit.n) << " durations, mean " << num(fit.mean)
          << " days, " << dist_text(fit.chosen) << ".\n\n";
    }
    if (s.waits > 0) {
      out << "Wait before service: mean " << num(s.wait_mean) << " days, " << pct(s.wait_zero_share)
          << " started at once.\n\n";
    }
    if (!s.duration.candidates.empty()) {
      out << "| family | AIC | KS distance |\n|---|---:|---:|\n";
      for (const CandidateFit& f : s.duration.candidates) {
        out << "| " << dist_text(f.dist) << " | " << num(f.aic, 1) << " | " << num(f.ks_distance, 3) << " |\n";
      }
      out << "\n";
    }
    out << "| quantile | observed | fitted |\n|---:|---:|---:|\n";
    for (const QuantileRow& r : s.duration.quantiles) {
      out << "| " << num(100 * r.p, 0) << "% | " << num(r.empirical) << " | " << num(r.fitted) << " |\n";
    }
    out << "\n";
  }
  out << "## Routing (directly-follows shares)\n\n| case type | from | to | count | share |\n|---|---|---|---:|---:|\n";
  for (const RouteFit& r : c.routes) {
    out << "| " << (r.case_type.empty() ? "all" : r.case_type) << " | " << r.from << " | " << r.to << " | "
        << count_text(r.count) << " | " << (disclosable(r.count) ? num(r.p, 3) : std::string("-")) << " |\n";
  }
  // Only when ends were shared out: after the fallback (every end an exit) the notes say so.
  if (c.transitions_censored > 0 && std::llround(c.exits_reassigned) > 0) {
    out << "\n" << count_text(c.transitions_censored)
        << " cases end too close to the end of the extract to be sure that nothing followed: each counts as an exit "
           "by its estimated chance of being one, the rest (about "
        << count_text(static_cast<std::uint64_t>(std::llround(c.exits_reassigned)))
        << " cases in all) as transitions still to come, shared over the routes out of its stage. Counts are rounded "
           "to whole cases after that sharing.\n";
  }
  const ArrivalPattern& ap = c.arrival_pattern;
  out << "\n## Arrivals\n\n" << count_text(ap.cases) << " cases, " << num(ap.rate_per_day, 3)
      << " a day between the first and last case start. A constant rate "
      << (ap.seasonality.seasonal ? "times the month factors " : "")
      << (ap.degrees_of_freedom >= 1 ? "gives chi-square " + num(ap.chi_square, 1) + " on " +
                                           std::to_string(ap.degrees_of_freedom) + " degrees of freedom (p " +
                                           num(ap.p_value, 4) + ") over the calendar months"
                                     : std::string("cannot be tested (too few months)"))
      << "; the model uses " << (ap.schedule_used ? "the monthly rates as a schedule" : "one rate") << ".\n\n";
  out << "| first activity | case type | cases | rate per day |\n|---|---|---:|---:|\n";
  for (const ArrivalFit& a : c.arrivals) {
    out << "| " << a.to << " | " << (a.case_type.empty() ? "all" : a.case_type) << " | " << count_text(a.cases)
        << " | " << num(a.rate_per_day, 3) << " |\n";
  }
  out << "\n### Seasonality\n\n" << seasonality_sentence(ap) << "\n";
  if (ap.seasonality.tested) {
    const SeasonalityTest& st = ap.seasonality;
    out << "\nThe monthly counts were fitted as Poisson with a level per year (joined linearly, "
        << st.level_knots << " knots) with and without a factor per month of the year; "
        << (st.seasonal ? "the model uses" : "for reference, not used:")
        << " the factors, averaging 1 over the year (weighted by days), with 95% intervals.\n\n"
        << "| month | factor | 95% interval |\n|---|---:|---|\n";
    for (std::size_t k = 0; k < 12; ++k) {
      out << "| " << month_abbreviation(static_cast<int>(k)) << " | " << num(st.factors[k], 3) << " | "
          << num(st.lo[k], 3) << " to " << num(st.hi[k], 3) << " |\n";
    }
  }
  if (c.validation) {
    const Validation& v = *c.validation;
    out << "\n## Validation: the fitted model simulated and measured like the log\n\n";
    out << v.replications << " replications of the fitted model, " << count_text(v.simulated.cases)
        << " simulated cases against " << count_text(v.log.cases) << " in the log.\n\n";
    out << "| case duration (days) | log | simulated | difference |\n|---|---:|---:|---:|\n";
    out << "| mean | " << num(v.log.duration_mean) << " | " << num(v.simulated.duration_mean) << " | "
        << pct(relative_difference(v.log.duration_mean, v.simulated.duration_mean)) << " |\n";
    for (const auto& [p, value] : v.log.duration_quantiles) {
      const double sim = v.simulated.duration_quantiles.count(p) ? v.simulated.duration_quantiles.at(p) : NAN;
      out << "| " << num(100 * p, 0) << "th percentile | " << num(value) << " | " << num(sim) << " | "
          << pct(relative_difference(value, sim)) << " |\n";
    }
    out << "\n| activity | per case, log | simulated | difference |\n|---|---:|---:|---:|\n";
    for (const auto& [activity, per_case] : v.log.activity_per_case) {
      const double sim = v.simulated.activity_per_case.count(activity) ? v.simulated.activity_per_case.at(activity) : 0;
      const bool shown = disclosable(v.log.activity_counts.at(activity));
      out << "| " << activity << " | " << (shown ? num(per_case, 3) : "-") << " | " << num(sim, 3) << " | "
          << (shown ? pct(relative_difference(per_case, sim)) : "-") << " |\n";
    }
    out << "\n| from | to | share, log | simulated |\n|---|---|---:|---:|\n";
    for (const auto& [key, p] : v.log.routing) {
      const double sim = v.simulated.routing.count(key) ? v.simulated.routing.at(key) : 0;
      const bool shown = disclosable(v.log.routing_counts.at(key));
      out << "| " << key.first << " | " << key.second << " | " << (shown ? num(p, 3) : "-") << " | " << num(sim, 3)
          << " |\n";
    }
  }
}

}  // namespace courtflow::analysis::eventlog

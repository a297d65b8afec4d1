// comparison.json, comparison.csv and comparison_timeseries.csv (comparison_output.hpp). The
// measure lists are written once (kStageMeasures, kFlowMeasures) and shared by the JSON and
// the CSV, so the two files always carry the same measures in the same order.
#include "analysis/provenance.hpp"
#include "analysis/comparison_output.hpp"

#include <cmath>
#include <cstdint>
#include <sstream>
#include <locale>
#include <utility>

#include "analysis/periods.hpp"
#include "analysis/timeseries.hpp"
#include "analysis/summary.hpp"
#include "analysis/version.hpp"
#include "models/dates.hpp"
#include "models/model_json.hpp"
#include "scenarios/scenario_json.hpp"

namespace courtflow::analysis {

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// A day count as a whole number ("730"), whatever the locale.
std::string whole_days(double days) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out.setf(std::ios::fixed);
  out.precision(0);
  out << days;
  return out.str();
}

}  // namespace

Comparison comparison_with_base(const std::string& base_file, const PreparedRun& base, double age_threshold_days,
                                const sim::ReplicationSet& base_results) {
  const models::Model& model = base.model;
  Comparison c;
  c.base = model.name;
  c.base_file = base_file;
  c.base_model_hash = fnv1a64(models::to_json(model).dump());
  c.replications = base.replications;
  c.seed = base.seed;
  c.horizon_days = model.horizon_days;
  c.warmup_days = model.warmup_days;
  c.start_date = model.start_date;
  c.count_unit = model.count_unit;
  c.age_threshold_days = age_threshold_days;
  c.base_stages = measure_stages(base_results, base.network);
  c.base_system = measure_system(base_results);
  c.base_case_types = measure_case_types(base_results, base.network);
  return c;
}

Comparison compare_with_base(const std::string& base_file, const PreparedRun& base, double age_threshold_days,
                             const sim::ReplicationSet& base_results, const std::vector<ScenarioRun>& scenarios) {
  Comparison c = comparison_with_base(base_file, base, age_threshold_days, base_results);
  for (const ScenarioRun& run : scenarios) {
    ComparedScenario s;
    s.name = run.name;
    s.description = run.description;
    s.file = run.file;
    s.model_hash = fnv1a64(models::to_json(*run.model).dump());
    s.applied = run.applied;
    s.comparison = compare_runs(base_results, base.network, *run.results, *run.network);
    c.scenarios.push_back(std::move(s));
  }
  return c;
}

std::vector<std::string> comparison_notes(const models::Model& base, const models::Model& scenario,
                                          const ScenarioComparison& c) {
  std::vector<std::string> notes;
  if (!c.stages_only_in_base.empty() || !c.stages_only_in_scenario.empty()) {
    std::string note = "stages differ: compared on the " + std::to_string(c.stages.size()) + " stages in both";
    if (!c.stages_only_in_base.empty()) note += "; only in the base: " + joined(c.stages_only_in_base);
    if (!c.stages_only_in_scenario.empty()) note += "; only in the scenario: " + joined(c.stages_only_in_scenario);
    notes.push_back(note);
  }
  if (!c.case_types_only_in_base.empty() || !c.case_types_only_in_scenario.empty()) {
    std::string note = "case types differ";
    if (!c.case_types_only_in_base.empty()) note += "; only in the base: " + joined(c.case_types_only_in_base);
    if (!c.case_types_only_in_scenario.empty()) {
      note += "; only in the scenario: " + joined(c.case_types_only_in_scenario);
    }
    notes.push_back(note);
  }
  if (scenario.horizon_days != base.horizon_days || scenario.warmup_days != base.warmup_days) {
    notes.push_back("horizon or warm-up differs from the base's (" + whole_days(scenario.horizon_days) + "/" +
                    whole_days(scenario.warmup_days) + " days against " + whole_days(base.horizon_days) + "/" +
                    whole_days(base.warmup_days) + "): the measures cover different windows");
  }
  if (scenario.start_date != base.start_date) {
    notes.push_back("start_date differs from the base's: periods are matched by day, not by date");
  }
  return notes;
}

namespace {

using Json = nlohmann::ordered_json;

struct StageMeasure {
  const char* name;
  PairedMeasure StageComparison::*paired;
  Interval StageMeasures::*level;
  bool finite_only;  ///< undefined at pure delays (utilisation)
};

// Contract key first (wip_end), then extensions.
constexpr StageMeasure kStageMeasures[] = {
    {"wip_end", &StageComparison::wip_end, &StageMeasures::wip_end, false},
    {"waiting_end", &StageComparison::waiting_end, &StageMeasures::waiting_end, false},
    {"mean_wait_days", &StageComparison::mean_wait_days, &StageMeasures::mean_wait_days, false},
    {"mean_queue_length", &StageComparison::mean_queue_length, &StageMeasures::mean_queue_length, false},
    {"utilisation", &StageComparison::utilisation, &StageMeasures::utilisation, true},
    {"throughput_per_day", &StageComparison::throughput_per_day, &StageMeasures::throughput_per_day, false},
    {"completed", &StageComparison::completed, &StageMeasures::completed, false},
    {"abandoned", &StageComparison::abandoned, &StageMeasures::abandoned, false},
    {"arrivals", &StageComparison::arrivals, &StageMeasures::arrivals, false},
};

struct FlowMeasure {
  const char* name;
  PairedMeasure FlowComparison::*paired;
  Interval FlowMeasures::*level;
};

// Contract keys first (mean_time_in_system_days, wip_end), then extensions.
constexpr FlowMeasure kFlowMeasures[] = {
    {"mean_time_in_system_days", &FlowComparison::mean_time_in_system_days, &FlowMeasures::mean_time_in_system_days},
    {"wip_end", &FlowComparison::wip_end, &FlowMeasures::wip_end},
    {"completed", &FlowComparison::completed, &FlowMeasures::completed},
    {"abandoned", &FlowComparison::abandoned, &FlowMeasures::abandoned},
    {"arrivals", &FlowComparison::arrivals, &FlowMeasures::arrivals},
};

Json days(double value) { return days_json(value); }

Json number_or_null(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

Json string_array(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const std::string& s : items) out.push_back(s);
  return out;
}

// {"system": {...}, "stages": [...], "case_types": [...]} with each PairedMeasure's `part`.
Json paired_json(const ScenarioComparison& c, Interval PairedMeasure::*part) {
  Json system = Json::object();
  for (const FlowMeasure& m : kFlowMeasures) system[m.name] = to_json(c.system.*m.paired.*part);
  Json stages = Json::array();
  for (const StageComparison& s : c.stages) {
    Json st = Json::object();
    st["id"] = s.id;
    for (const StageMeasure& m : kStageMeasures) {
      st[m.name] = m.finite_only && s.infinite ? Json(nullptr) : to_json(s.*m.paired.*part);
    }
    stages.push_back(std::move(st));
  }
  Json types = Json::array();
  for (const FlowComparison& t : c.case_types) {
    Json ty = Json::object();
    ty["id"] = t.id;
    for (const FlowMeasure& m : kFlowMeasures) ty[m.name] = to_json(t.*m.paired.*part);
    types.push_back(std::move(ty));
  }
  Json j = Json::object();
  j["system"] = std::move(system);
  j["stages"] = std::move(stages);
  j["case_types"] = std::move(types);
  return j;
}

Json base_levels_json(const Comparison& c) {
  Json system = Json::object();
  for (const FlowMeasure& m : kFlowMeasures) system[m.name] = to_json(c.base_system.*m.level);
  Json stages = Json::array();
  for (const StageMeasures& s : c.base_stages) {
    Json st = Json::object();
    st["id"] = s.id;
    for (const StageMeasure& m : kStageMeasures) {
      st[m.name] = m.finite_only && s.infinite ? Json(nullptr) : to_json(s.*m.level);
    }
    stages.push_back(std::move(st));
  }
  Json types = Json::array();
  for (const FlowMeasures& t : c.base_case_types) {
    Json ty = Json::object();
    ty["id"] = t.id;
    for (const FlowMeasure& m : kFlowMeasures) ty[m.name] = to_json(t.*m.level);
    types.push_back(std::move(ty));
  }
  Json j = Json::object();
  j["system"] = std::move(system);
  j["stages"] = std::move(stages);
  j["case_types"] = std::move(types);
  return j;
}

// How much pairing narrowed the system intervals: the paired half-width beside the one the
// difference of two independent runs would have.
Json crn_json(const ScenarioComparison& c) {
  Json j = Json::object();
  for (const FlowMeasure& m : {kFlowMeasures[0], kFlowMeasures[1]}) {
    const PairedMeasure& p = c.system.*m.paired;
    Json e = Json::object();
    e["paired_half_width"] = number_or_null(p.paired_half_width());
    e["unpaired_half_width"] = number_or_null(p.unpaired_half_width);
    j[m.name] = std::move(e);
  }
  return j;
}

// Every change of every scenario file applied, from the base outwards, each naming its file.
Json changes_json(const std::vector<scenarios::Scenario>& applied) {
  Json out = Json::array();
  for (const scenarios::Scenario& s : applied) {
    const Json file = scenarios::to_json(s);
    for (const Json& change : file["changes"]) {
      Json c = Json::object();
      c["scenario"] = s.name;
      for (const auto& item : change.items()) c[item.key()] = item.value();
      out.push_back(std::move(c));
    }
  }
  return out;
}

Json scenario_json(const ComparedScenario& s) {
  const ScenarioComparison& c = s.comparison;
  Json j = Json::object();
  j["name"] = s.name;
  Json delta = paired_json(c, &PairedMeasure::delta);
  j["delta"] = std::move(delta);
  // Extensions.
  j["levels"] = paired_json(c, &PairedMeasure::scenario);
  j["crn"] = crn_json(c);
  j["description"] = s.description;
  j["file"] = s.file;
  j["model_hash"] = s.model_hash;
  j["changes"] = changes_json(s.applied);
  Json unmatched = Json::object();
  unmatched["stages_only_in_base"] = string_array(c.stages_only_in_base);
  unmatched["stages_only_in_scenario"] = string_array(c.stages_only_in_scenario);
  unmatched["case_types_only_in_base"] = string_array(c.case_types_only_in_base);
  unmatched["case_types_only_in_scenario"] = string_array(c.case_types_only_in_scenario);
  j["unmatched"] = std::move(unmatched);
  j["notes"] = string_array(s.notes);
  return j;
}

void csv_row(std::ostream& out, const std::string& scenario, const std::string& stage, const char* measure,
             const PairedMeasure& m) {
  const auto mean = [](const Interval& iv) { return format_number(iv.has_value() ? iv.mean : std::nan("")); };
  const auto lo = [](const Interval& iv) { return format_number(iv.has_value() ? iv.lo : std::nan("")); };
  const auto hi = [](const Interval& iv) { return format_number(iv.has_value() ? iv.hi : std::nan("")); };
  out << scenario << ',' << stage << ',' << measure << ',' << mean(m.base) << ',' << mean(m.scenario) << ','
      << mean(m.delta) << ',' << lo(m.delta) << ',' << hi(m.delta) << ',' << lo(m.base) << ',' << hi(m.base) << ','
      << lo(m.scenario) << ',' << hi(m.scenario) << ',' << format_number(m.unpaired_half_width) << '\n';
}

}  // namespace

Json to_json(const Comparison& c) {
  Json j = Json::object();
  j["base"] = c.base;
  Json scenarios = Json::array();
  for (const ComparedScenario& s : c.scenarios) scenarios.push_back(scenario_json(s));
  j["scenarios"] = std::move(scenarios);
  // Extensions.
  j["base_levels"] = base_levels_json(c);
  j["replications"] = c.replications;
  j["seed"] = c.seed;
  j["horizon_days"] = days(c.horizon_days);
  Json provenance = Json::object();
  provenance["courtflow_version"] = version();
  provenance["format_version"] = 1;
  provenance["paired_by"] = "common random numbers: replication r of each scenario against replication r of the base";
  provenance["base_file"] = c.base_file;
  provenance["base_model_hash"] = c.base_model_hash;
  provenance["warmup_days"] = days(c.warmup_days);
  provenance["observed_days"] = days(c.horizon_days - c.warmup_days);
  provenance["start_date"] = c.start_date ? Json(*c.start_date) : Json(nullptr);
  provenance["count_unit"] = c.count_unit.empty() ? Json("cases") : Json(c.count_unit);
  provenance["age_threshold_days"] = days(c.age_threshold_days);
  j["provenance"] = std::move(provenance);
  return j;
}

void write_comparison_csv(std::ostream& out, const Comparison& c) {
  out << "scenario,stage,measure,base_mean,scenario_mean,delta_mean,delta_lo,delta_hi,base_lo,base_hi,"
         "scenario_lo,scenario_hi,unpaired_half_width\n";
  for (const ComparedScenario& s : c.scenarios) {
    const std::string name = csv_field(s.name);
    for (const FlowMeasure& m : kFlowMeasures) csv_row(out, name, "system", m.name, s.comparison.system.*m.paired);
    for (const StageComparison& st : s.comparison.stages) {
      const std::string id = csv_field(st.id);
      for (const StageMeasure& m : kStageMeasures) {
        if (m.finite_only && st.infinite) continue;
        csv_row(out, name, id, m.name, st.*m.paired);
      }
    }
  }
}

void write_comparison_timeseries_csv(std::ostream& out, const Comparison& c, std::optional<std::int64_t> start_day) {
  out << "period_end_day,period_end_date,scenario,stage,metric,base_mean,scenario_mean,delta_mean,delta_lo,delta_hi\n";
  const auto mean = [](const Interval& iv) { return format_number(iv.has_value() ? iv.mean : std::nan("")); };
  for (const ComparedScenario& s : c.scenarios) {
    const std::string name = csv_field(s.name);
    for (const PeriodComparison& cell : s.comparison.periods) {
      const PairedMeasure& m = cell.value;
      out << format_number(cell.period_end_day) << ',';
      if (start_day) out << models::format_iso_date(period_label_day(*start_day, cell.period_end_day));
      out << ',' << name << ',' << csv_field(cell.row) << ',' << cell.metric << ',' << mean(m.base) << ','
          << mean(m.scenario) << ',' << mean(m.delta) << ','
          << format_number(m.delta.has_value() ? m.delta.lo : std::nan("")) << ','
          << format_number(m.delta.has_value() ? m.delta.hi : std::nan("")) << '\n';
    }
  }
}

}  // namespace courtflow::analysis

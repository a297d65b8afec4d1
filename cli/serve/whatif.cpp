// What `courtflow serve` computes (see whatif.hpp).
#include "cli/serve/whatif.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include "analysis/bottleneck_ledger.hpp"
#include "analysis/compare.hpp"
#include "analysis/comparison_output.hpp"
#include "analysis/measures.hpp"
#include "analysis/report/headlines.hpp"
#include "analysis/report/page_table.hpp"
#include "analysis/report/report_content.hpp"
#include "analysis/report/report_html.hpp"
#include "analysis/report/report_tables.hpp"
#include "analysis/summary.hpp"
#include "analysis/timeseries.hpp"
#include "analysis/traffic_equations.hpp"
#include "cli/command.hpp"
#include "cli/output_dir.hpp"
#include "cli/serve/api_error.hpp"
#include "models/dates.hpp"
#include "models/diagnostic.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"
#include "scenarios/overlay.hpp"
#include "scenarios/scenario_json.hpp"

namespace courtflow::cli::serve {
namespace {

namespace fs = std::filesystem;
namespace rpt = analysis::report;
using Json = nlohmann::ordered_json;

// Base runs kept for other replication counts and seeds (each holds its replications' series).
constexpr std::size_t kBaselinesKept = 3;
// The file name that messages about a request body carry, where a scenario file's name would be.
constexpr const char* kRequestFile = "request";

std::string where_prefix(const std::string& where, const std::string& key) {
  return where.empty() ? key : where + "." + key;
}

std::string json_text(const nlohmann::json& j) {
  std::string text = j.dump();
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

// A whole number in [lo, hi] from a JSON value, or ApiError 400 naming the field.
std::int64_t whole_number(const nlohmann::json& v, const std::string& field, std::int64_t lo, std::int64_t hi) {
  const std::string problem = std::string(kRequestFile) + ": " + field + ": must be a whole number from " +
                              std::to_string(lo) + " to " + std::to_string(hi) + " (got " + json_text(v) + ")";
  if (!v.is_number()) throw ApiError(400, problem);
  const double x = v.get<double>();
  if (!std::isfinite(x) || x != std::floor(x) || x < static_cast<double>(lo) || x > static_cast<double>(hi)) {
    throw ApiError(400, problem);
  }
  return static_cast<std::int64_t>(x);
}

// Timeseries as JSON: the CSV's columns and rows, numbers as numbers, empty fields as null.
Json timeseries_json(const sim::ReplicationSet& set, const sim::Network& network, std::optional<std::int64_t> start_day) {
  std::ostringstream csv;
  analysis::write_timeseries_csv(csv, set, network, start_day);
  std::istringstream lines(csv.str());
  std::string line;
  Json out;
  Json columns = Json::array();
  Json rows = Json::array();
  const auto split = [](const std::string& text) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {  // ids, dates and numbers: no field needs quoting
      const std::size_t comma = text.find(',', start);
      fields.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return fields;
  };
  if (std::getline(lines, line)) {
    for (const std::string& c : split(line)) columns.push_back(c);
  }
  while (std::getline(lines, line)) {
    const std::vector<std::string> fields = split(line);
    Json row = Json::array();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::string& name = i < columns.size() ? columns[i].get_ref<const std::string&>() : std::string();
      if (name == "stage" || name == "metric" || name == "period_end_date") {
        row.push_back(fields[i].empty() ? Json(nullptr) : Json(fields[i]));
      } else {
        row.push_back(fields[i].empty() ? Json(nullptr) : Json(std::stod(fields[i])));
      }
    }
    rows.push_back(std::move(row));
  }
  out["columns"] = std::move(columns);
  out["rows"] = std::move(rows);
  return out;
}

// A report table with its cells as the page shows them (as report.html writes them).
Json table_json(const rpt::Table& t) {
  const rpt::PageTable page = rpt::page_table(t);
  Json rows = Json::array();
  for (const std::vector<rpt::PageCell>& row : page.rows) {
    Json cells = Json::array();
    for (const rpt::PageCell& cell : row) cells.push_back({{"text", cell.text}, {"numeric", cell.numeric}});
    rows.push_back(std::move(cells));
  }
  return {{"name", t.name}, {"title", t.title}, {"caption", t.caption}, {"columns", page.headings}, {"rows", rows}};
}

std::string read_binary(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (!f && !f.eof()) throw ToolError(path.string() + ": cannot read");
  return bytes;
}

std::string today_iso() {
  return models::format_iso_date(static_cast<std::int64_t>(std::time(nullptr) / 86400));
}

}  // namespace

// A base run for one (replications, seed), with the ledger of its bottlenecks and, once a
// report asked for it, the full bottleneck analysis (capacity priced stage by stage).
struct WhatIf::Baseline {
  int replications = 0;
  std::uint64_t seed = 0;
  analysis::RunSettings settings;  ///< callbacks cleared between jobs
  std::optional<analysis::PreparedRun> prepared;
  sim::ReplicationSet results;
  analysis::BottleneckReport ledger;  ///< ranking only: no capacity runs
  std::optional<analysis::BottleneckReport> full;
  std::vector<std::string> key_series;  ///< what the page charts, fixed per base run
};

// A what-if run, kept as the current scenario for the report.
struct WhatIf::ScenarioRun {
  std::uint64_t id = 0;
  WhatIfRequest request;
  std::shared_ptr<Baseline> base;
  std::optional<analysis::PreparedRun> prepared;
  sim::ReplicationSet results;
  analysis::BottleneckReport ledger;
  double wall_seconds = 0;
};

namespace {

// comparison.json's content for the base against each run, as `courtflow compare` builds it.
analysis::Comparison make_comparison(const std::string& base_file, const analysis::PreparedRun& base,
                                     const analysis::RunSettings& base_settings, const sim::ReplicationSet& base_results,
                                     const std::vector<std::pair<const WhatIfRequest*, std::pair<const analysis::PreparedRun*,
                                                                                                const sim::ReplicationSet*>>>& runs) {
  std::vector<analysis::ScenarioRun> scenarios;
  for (const auto& [request, run] : runs) {
    scenarios.push_back({request->name, request->scenario.description, kRequestFile, &run.first->model,
                         {request->scenario}, &run.first->network, run.second});
  }
  return analysis::compare_with_base(base_file, base, base_settings.age_threshold_days, base_results, scenarios);
}

}  // namespace

WhatIf::WhatIf(std::string model_file, models::Model base, WhatIfSettings settings, fs::path out_dir,
               std::string vega_runtime, std::string diagram_svg)
    : model_file_(std::move(model_file)),
      base_(std::move(base)),
      settings_(std::move(settings)),
      out_dir_(std::move(out_dir)),
      vega_runtime_(std::move(vega_runtime)),
      diagram_svg_(std::move(diagram_svg)) {}

Json WhatIf::describe() const {
  Json j;
  j["model"] = base_.name;
  j["file"] = model_file_;
  j["description"] = base_.description;
  j["count_unit"] = base_.count_unit.empty() ? "cases" : base_.count_unit;
  j["horizon_days"] = base_.horizon_days;
  j["warmup_days"] = base_.warmup_days;
  j["start_date"] = base_.start_date ? Json(*base_.start_date) : Json(nullptr);
  j["replications"] = base_.replications.value_or(analysis::kDefaultReplications);
  j["seed"] = base_.seed.value_or(analysis::kDefaultSeed);
  j["limits"] = {{"max_replications", settings_.max_replications}, {"max_run_events", settings_.max_run_events}};
  Json stages = Json::array();
  for (const models::StageDef& s : base_.stages) {
    Json st = {{"id", s.id}, {"label", rpt::series_label(base_, s.id)}, {"description", s.description}};
    st["servers"] = s.infinite ? Json("infinite") : Json(s.servers);
    if (!s.capacity.empty()) {
      Json steps = Json::array();
      for (const models::CapacityStepDef& c : s.capacity) steps.push_back({{"from_day", c.from_day}, {"servers", c.servers}});
      st["capacity"] = steps;
    }
    stages.push_back(std::move(st));
  }
  j["stages"] = std::move(stages);
  Json groups = Json::array();
  for (const models::StageGroupDef& g : base_.groups) groups.push_back({{"id", g.id}, {"stages", g.stages}, {"description", g.description}});
  j["groups"] = std::move(groups);

  // The levers: what a change can express (scenario contract), one per stage, arrival target
  // and route. Each takes a start day and an optional ramp-up in the request.
  Json levers = Json::array();
  for (const models::StageDef& s : base_.stages) {
    if (s.infinite) continue;
    std::int64_t most = s.servers;
    for (const models::CapacityStepDef& c : s.capacity) most = std::max(most, c.servers);
    levers.push_back({{"op", "scale_servers"}, {"stage", s.id}, {"label", rpt::series_label(base_, s.id)},
                      {"servers", s.servers}, {"scheduled", !s.capacity.empty()}, {"most_servers", most}});
  }
  Json targets = Json::array();
  for (const models::ArrivalDef& a : base_.arrivals) {
    if (std::find(targets.begin(), targets.end(), Json(a.to)) == targets.end()) targets.push_back(a.to);
  }
  levers.push_back({{"op", "scale_arrivals"}, {"to", nullptr}, {"label", "all arrivals"}});
  if (targets.size() > 1) {
    for (const Json& t : targets) {
      double rate = 0;
      for (const models::ArrivalDef& a : base_.arrivals) {
        if (a.to == t.get<std::string>()) rate += a.rate_per_day;
      }
      levers.push_back({{"op", "scale_arrivals"}, {"to", t}, {"label", rpt::series_label(base_, t.get<std::string>())},
                        {"rate_per_day", rate}});
    }
  }
  for (const models::StageDef& s : base_.stages) {
    levers.push_back({{"op", "scale_service"}, {"stage", s.id}, {"label", rpt::series_label(base_, s.id)}});
  }
  for (const models::RouteDef& r : base_.routes) {
    if (r.from_day || r.until_day) continue;  // windows a scenario wrote: not a lever of the base
    bool seen = false;
    for (const Json& l : levers) {
      seen = seen || (l["op"] == "set_route" && l["from"] == r.from && l["to"] == r.to);
    }
    if (seen) continue;
    levers.push_back({{"op", "set_route"}, {"from", r.from}, {"to", r.to}, {"p", r.p},
                      {"case_type", r.case_type ? Json(*r.case_type) : Json(nullptr)},
                      {"label", rpt::series_label(base_, r.from) + " \u2192 " +
                                    (r.to == "exit" ? std::string("leaves") : rpt::series_label(base_, r.to))}});
  }
  j["levers"] = std::move(levers);
  return j;
}

std::pair<int, std::uint64_t> WhatIf::run_size(const nlohmann::json& body) const {
  int replications = base_.replications.value_or(analysis::kDefaultReplications);
  std::uint64_t seed = base_.seed.value_or(analysis::kDefaultSeed);
  if (body.contains("replications") && !body["replications"].is_null()) {
    replications = static_cast<int>(whole_number(body["replications"], "replications", 1, settings_.max_replications));
  }
  if (body.contains("seed") && !body["seed"].is_null()) {
    const nlohmann::json& v = body["seed"];
    if (v.is_number_unsigned()) {
      seed = v.get<std::uint64_t>();
    } else {
      seed = static_cast<std::uint64_t>(whole_number(v, "seed", 0, 9007199254740991LL));
    }
  }
  return {replications, seed};
}

WhatIfRequest WhatIf::parse_run_request(const nlohmann::json& body, const std::string& where,
                                        std::optional<int> replications, std::optional<std::uint64_t> seed) const {
  if (!body.is_object()) {
    throw ApiError(400, std::string(kRequestFile) + ": " + (where.empty() ? "" : where + ": ") +
                            "must be a JSON object {\"changes\": [...], \"replications\": N, \"seed\": S}");
  }
  WhatIfRequest r;
  r.name = "what-if";
  if (body.contains("name")) {
    if (!body["name"].is_string() || body["name"].get<std::string>().empty() || body["name"].get<std::string>().size() > 200) {
      throw ApiError(400, std::string(kRequestFile) + ": " + where_prefix(where, "name") +
                              ": must be a non-empty string of at most 200 characters");
    }
    r.name = body["name"].get<std::string>();
  }
  r.changes = body.contains("changes") ? body["changes"] : nlohmann::json::array();
  const auto [reps, s] = run_size(body);
  r.replications = replications.value_or(reps);
  r.seed = seed.value_or(s);

  // The scenario file's own parser and validator: the request's changes are a scenario on the
  // served model. Messages name the file "request" (or "request: scenarios[i]").
  const std::string file = where.empty() ? std::string(kRequestFile) : std::string(kRequestFile) + ": " + where;
  nlohmann::json scenario = {{"courtflow", 1}, {"scenario", r.name}, {"base", model_file_}, {"changes", r.changes}};
  std::vector<models::Diagnostic> warnings;
  r.scenario = scenarios::parse_scenario(scenario, file, &warnings);
  for (const models::Diagnostic& w : warnings) r.warnings.push_back(w.to_string());
  r.model = scenarios::apply(base_, r.scenario, file);
  for (const models::Diagnostic& d : models::validate(r.model, file)) {
    if (!d.warning) throw models::InputError(d);
    r.warnings.push_back(d.to_string());
  }
  r.estimated_events = estimate_events(r.model, r.replications);
  if (r.estimated_events > settings_.max_run_events) {
    throw ApiError(400, std::string(kRequestFile) + ": over the server's budget: about " +
                            rpt::grouped_whole(static_cast<double>(r.estimated_events)) + " events (" +
                            std::to_string(r.replications) + " replications of the " +
                            rpt::grouped_whole(base_.horizon_days) + "-day horizon), at most " +
                            rpt::grouped_whole(static_cast<double>(settings_.max_run_events)) +
                            " (serve --max-run-events): use fewer replications");
  }
  return r;
}

// Replications x expected events of one: two events (arrival and end of service) per visit to
// a stage, visits from the traffic equations over the horizon, plus the initial work's visits.
std::uint64_t WhatIf::estimate_events(const models::Model& model, int replications) const {
  analysis::RunSettings s;
  s.replications = 1;
  s.seed = 1;
  const analysis::PreparedRun p = analysis::prepare_run(model, s, kRequestFile);
  const analysis::TrafficSolution t = analysis::solve_traffic(p.network, 0, model.horizon_days);
  const double stages = static_cast<double>(p.network.stages.size());
  double visits_per_day = 0;
  if (t.solved) {
    for (double l : t.arrivals_per_day) visits_per_day += std::isfinite(l) ? l : 0;
  } else {
    visits_per_day = t.external_arrivals_per_day * stages;
  }
  const double visits_per_case =
      t.solved && t.external_arrivals_per_day > 0 ? visits_per_day / t.external_arrivals_per_day : stages;
  double initial = 0;
  for (const models::InitialWipDef& w : model.initial_wip) initial += static_cast<double>(w.count);
  const double events = 2.0 * (visits_per_day * model.horizon_days + initial * visits_per_case) * replications;
  return events >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(events);
}

analysis::RunSettings WhatIf::settings_for(const models::Model& model, int replications, std::uint64_t seed,
                                           Job& job) const {
  models::Model sized = model;  // the memory guard plans for the replications asked for
  sized.replications = replications;
  sized.seed = seed;
  analysis::RunSettings s = run_settings(settings_.run, sized);
  s.replications = replications;
  s.seed = seed;
  s.cancel = job.cancel_flag();
  s.on_progress = [&job](int done, int total) { job.set_progress(done, total); };
  return s;
}

std::shared_ptr<WhatIf::Baseline> WhatIf::baseline(int replications, std::uint64_t seed, Job& job) {
  for (auto it = baselines_.begin(); it != baselines_.end(); ++it) {
    if ((*it)->replications == replications && (*it)->seed == seed) {
      std::shared_ptr<Baseline> b = *it;
      baselines_.erase(it);
      baselines_.push_front(b);
      return b;
    }
  }
  job.set_phase("baseline");
  auto b = std::make_shared<Baseline>();
  b->replications = replications;
  b->seed = seed;
  b->settings = settings_for(base_, replications, seed, job);
  b->prepared = analysis::prepare_run(base_, b->settings, model_file_);
  b->results = analysis::run_prepared(*b->prepared, b->settings);
  // Kept beyond this job: no pointer to the job may stay (prepare_run copies the flag).
  b->settings.on_progress = nullptr;
  b->settings.cancel = nullptr;
  b->prepared->config.cancel = nullptr;
  b->ledger = analysis::ledger_report(*b->prepared, b->results);
  b->key_series = rpt::default_key_series(base_, b->ledger);
  baselines_.push_front(b);
  while (baselines_.size() > kBaselinesKept) baselines_.pop_back();
  return b;
}

std::string WhatIf::run(const WhatIfRequest& request, Job& job) {
  const std::shared_ptr<Baseline> base = baseline(request.replications, request.seed, job);
  job.set_phase("what-if");
  const auto t0 = std::chrono::steady_clock::now();
  auto run = std::make_shared<ScenarioRun>();
  run->request = request;
  run->base = base;
  analysis::RunSettings settings = settings_for(request.model, request.replications, request.seed, job);
  settings.period = base->settings.period ? *base->settings.period
                                          : analysis::default_period(base_.horizon_days, base_.start_date.has_value());
  run->prepared = analysis::prepare_run(request.model, settings, kRequestFile);
  run->results = analysis::run_prepared(*run->prepared, settings);
  run->prepared->config.cancel = nullptr;  // kept as the current scenario, beyond this job
  run->wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run->ledger = analysis::ledger_report(*run->prepared, run->results);

  // The answer: the run's own outputs, then the comparison, then the page's content.
  const analysis::PreparedRun& p = *run->prepared;
  analysis::Summary summary =
      analysis::summarise(run->results, p.model, p.network, analysis::RunInfo{p.replications, p.seed, run->wall_seconds});
  const analysis::Comparison comparison = make_comparison(model_file_, *base->prepared, base->settings, base->results,
                                                          {{&run->request, {&p, &run->results}}});
  rpt::ReportInputs in;
  in.title = "What-if: " + base_.name;
  in.made_on = today_iso();
  in.runs.push_back({"baseline", model_file_, &base->prepared->model, &base->prepared->network, &base->results, {}});
  in.runs.push_back({request.name, kRequestFile, &p.model, &p.network, &run->results, {request.scenario}});
  in.comparison = &comparison;
  in.bottlenecks = &run->ledger;
  in.key_series = base->key_series;
  in.disclosure = rpt::choose_disclosure(std::nullopt, {&base_});
  // The runs' names label the charts: the base is "baseline" whatever the model is called.
  const rpt::ReportContent content = rpt::build_report(in);

  Json page;
  Json headlines = Json::array();
  for (const rpt::Headline& h : content.headlines) {
    Json data = Json::object();
    for (const auto& [k, v] : h.data) data[k] = v;
    headlines.push_back({{"text", h.text}, {"data", data}});
  }
  page["headlines"] = std::move(headlines);
  Json charts = Json::array();
  for (const rpt::FanChart& chart : content.charts) {
    charts.push_back({{"series", chart.series}, {"label", chart.label}, {"spec", rpt::fan_chart_spec(chart, content)}});
  }
  page["charts"] = std::move(charts);
  page["bottlenecks"] = table_json(content.bottlenecks);
  page["levels"] = table_json(content.levels);
  page["bottleneck"] = {{"stage", summary.bottleneck.stage ? Json(*summary.bottleneck.stage) : Json(nullptr)},
                        {"reason", summary.bottleneck.reason}};

  Json out;
  out["run"] = ++runs_made_;
  out["name"] = request.name;
  out["changes"] = request.changes;
  out["replications"] = request.replications;
  out["seed"] = request.seed;
  out["warnings"] = request.warnings;
  out["summary"] = analysis::to_json(summary);
  out["timeseries"] = timeseries_json(run->results, p.network, p.start_day);
  out["comparison"] = analysis::to_json(comparison);
  out["page"] = std::move(page);
  run->id = runs_made_;
  current_ = std::move(run);
  return out.dump() + "\n";
}

std::string WhatIf::compare(const std::vector<WhatIfRequest>& requests, Job& job) {
  if (requests.empty()) throw ApiError(400, "request: scenarios: must list at least one scenario");
  const std::shared_ptr<Baseline> base = baseline(requests.front().replications, requests.front().seed, job);
  std::vector<std::pair<analysis::PreparedRun, sim::ReplicationSet>> runs;
  runs.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    job.set_phase("scenario " + std::to_string(i + 1) + "/" + std::to_string(requests.size()));
    analysis::RunSettings settings = settings_for(requests[i].model, requests[i].replications, requests[i].seed, job);
    settings.period = base->settings.period ? *base->settings.period
                                            : analysis::default_period(base_.horizon_days, base_.start_date.has_value());
    analysis::PreparedRun p = analysis::prepare_run(requests[i].model, settings, kRequestFile);
    sim::ReplicationSet results = analysis::run_prepared(p, settings);
    runs.emplace_back(std::move(p), std::move(results));
  }
  std::vector<std::pair<const WhatIfRequest*, std::pair<const analysis::PreparedRun*, const sim::ReplicationSet*>>> pairs;
  for (std::size_t i = 0; i < requests.size(); ++i) pairs.push_back({&requests[i], {&runs[i].first, &runs[i].second}});
  const analysis::Comparison c = make_comparison(model_file_, *base->prepared, base->settings, base->results, pairs);
  return analysis::to_json(c).dump() + "\n";
}

JobResult WhatIf::report(Job& job, bool xlsx) {
  const std::uint64_t of = current_ ? current_->id : 0;
  const fs::path html_path = out_dir_ / "report.html";
  const fs::path xlsx_path = out_dir_ / "report.xlsx";
  if (!report_of_ || *report_of_ != of || !fs::exists(html_path) || !fs::exists(xlsx_path)) {
    const int replications = current_ ? current_->request.replications : base_.replications.value_or(analysis::kDefaultReplications);
    const std::uint64_t seed = current_ ? current_->request.seed : base_.seed.value_or(analysis::kDefaultSeed);
    const std::shared_ptr<Baseline> base = current_ ? current_->base : baseline(replications, seed, job);
    if (!base->full) {
      // The value of more capacity, as `courtflow report` prices it (+10% per stage).
      analysis::RunSettings settings = base->settings;
      settings.cancel = job.cancel_flag();
      settings.on_progress = [&job](int done, int total) { job.set_progress(done, total); };
      analysis::BottleneckOptions options;
      options.add = *analysis::parse_add_servers("10%");
      options.on_run = [&job](int run, int runs, const std::string& label) {
        job.set_phase("bottlenecks " + std::to_string(run + 1) + "/" + std::to_string(runs) + " (" + label + ")");
      };
      // The cached base run takes this job's cancel flag for these runs only.
      struct FlagOff {
        analysis::PreparedRun& p;
        ~FlagOff() { p.config.cancel = nullptr; }
      } flag_off{*base->prepared};
      base->prepared->config.cancel = job.cancel_flag();
      base->full = analysis::analyse_bottlenecks(*base->prepared, settings, options);
    }
    job.set_phase("report");
    std::vector<std::pair<const WhatIfRequest*, std::pair<const analysis::PreparedRun*, const sim::ReplicationSet*>>> pairs;
    if (current_) pairs.push_back({&current_->request, {&*current_->prepared, &current_->results}});
    const analysis::Comparison comparison =
        make_comparison(model_file_, *base->prepared, base->settings, base->results, pairs);
    rpt::ReportInputs in;
    in.title = current_ ? "What-if report: " + current_->request.name + " against " + base_.name
                        : "Scenario report: " + base_.name;
    in.made_on = today_iso();
    in.runs.push_back({base_.name, model_file_, &base->prepared->model, &base->prepared->network, &base->results, {}});
    if (current_) {
      in.runs.push_back({current_->request.name, kRequestFile, &current_->prepared->model, &current_->prepared->network,
                         &current_->results, {current_->request.scenario}});
    }
    in.comparison = &comparison;
    in.bottlenecks = &*base->full;
    in.key_series = base->key_series;
    in.disclosure = rpt::choose_disclosure(std::nullopt, {&base_});
    const rpt::ReportContent content = rpt::build_report(in);
    rpt::PageAssets assets;
    assets.vega_runtime = vega_runtime_;
    assets.stage_diagram_svg = diagram_svg_;
    write_file_atomically(html_path, [&](std::ostream& f) { rpt::write_report_html(f, content, assets); });
    const fs::path partial = out_dir_ / "report.xlsx.partial";
    try {
      rpt::write_report_xlsx(partial, content);
    } catch (const std::runtime_error& e) {
      std::error_code ec;
      fs::remove(partial, ec);
      throw ToolError(e.what());
    }
    fs::rename(partial, xlsx_path);
    report_of_ = of;
  }
  if (xlsx) return {200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", read_binary(xlsx_path)};
  return {200, "text/html; charset=utf-8", read_binary(html_path)};
}

}  // namespace courtflow::cli::serve

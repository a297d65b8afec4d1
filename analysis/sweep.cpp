// Parameter sweeps (sweep.hpp): --vary specs, setting a number in a model by its path (on the
// model's JSON form, so that every field of the file format can be swept without a list of
// levers here, and the result passes through the file format's own checks), the points'
// runs in one TBB arena, and sweep.csv / sweep.json.

#include "analysis/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstddef>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <ostream>
#include <utility>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include "analysis/interval.hpp"
#include "analysis/timeseries.hpp"
#include "models/model_json.hpp"
#include "sim/errors.hpp"
#include "sim/replications.hpp"

namespace courtflow::analysis {
namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void fail(const std::string& text, const std::string& problem) {
  throw SweepSpecError(text + ": " + problem);
}

// A finite decimal number, the whole of `text` (from_chars: no locale, no leading '+').
bool parse_number(const std::string& text, double& value) {
  if (text.empty()) return false;
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(text.data(), last, value);
  return ec == std::errc() && end == last && std::isfinite(value);
}

// One step of a path: a key or id (empty when the step is an index), or an index.
struct PathStep {
  std::string name;
  std::optional<std::size_t> index;
};

// `label` names the path in messages (the whole --vary spec when parsing one).
std::vector<PathStep> split_path(const std::string& path, const std::string& label) {
  std::vector<PathStep> steps;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t end = i;
    while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
    const std::string name = path.substr(i, end - i);
    if (!name.empty()) steps.push_back({name, std::nullopt});
    i = end;
    while (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos) fail(label, "unclosed '[' in the path");
      const std::string digits = path.substr(i + 1, close - i - 1);
      std::size_t index = 0;
      const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) {
        fail(label, "\"[" + digits + "]\" is not an item number (write [0], [1], ...)");
      }
      steps.push_back({"", index});
      i = close + 1;
    }
    if (i >= path.size()) break;
    if (path[i] != '.') fail(label, "unexpected '" + std::string(1, path[i]) + "' in the path");
    if (name.empty() && (steps.empty() || !steps.back().index)) fail(label, "empty step in the path");
    ++i;
    if (i == path.size()) fail(label, "the path ends with '.'");
  }
  if (steps.empty()) fail(label, "empty path");
  return steps;
}

std::string known_keys(const Json& object) {
  std::string keys;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it.value().is_structured() || it.value().is_number()) keys += (keys.empty() ? "" : ", ") + it.key();
  }
  return keys;
}

std::string known_ids(const Json& array) {
  std::string ids;
  for (const Json& item : array) {
    if (item.is_object() && item.contains("id") && item["id"].is_string()) {
      ids += (ids.empty() ? "" : ", ") + item["id"].get<std::string>();
    }
  }
  return ids;
}

// Top-level keys that are run settings or the format, not parameters of the system modelled.
bool is_setting(const std::string& key) { return key == "courtflow" || key == "seed" || key == "replications"; }

// Sets the number at `path` in the model's JSON form to `value`; `replaced` (when given) says
// which schedule the value replaced for the whole run, if any ("" otherwise).
void set_in_json(Json& root, const std::string& path, double value, std::string* replaced = nullptr) {
  const std::vector<PathStep> steps = split_path(path, path);
  if (!steps.front().index && is_setting(steps.front().name)) {
    fail(path, "\"" + steps.front().name + "\" is a run setting, not a model parameter (use --seed or --replications)");
  }
  Json* node = &root;
  Json* container = nullptr;  // the array holding `node`, if any
  std::string where;          // the path walked so far, for messages
  for (std::size_t k = 0; k + 1 < steps.size(); ++k) {
    const PathStep& step = steps[k];
    Json* next = nullptr;
    if (step.index) {
      if (!node->is_array()) fail(path, (where.empty() ? "the model" : where) + " is not a list");
      if (*step.index >= node->size()) {
        fail(path, where + " has " + std::to_string(node->size()) + " items (numbered from 0)");
      }
      next = &(*node)[*step.index];
      where += "[" + std::to_string(*step.index) + "]";
    } else if (node->is_array()) {
      for (Json& item : *node) {
        if (item.is_object() && item.contains("id") && item["id"] == step.name) next = &item;
      }
      if (next == nullptr) {
        const std::string ids = known_ids(*node);
        fail(path, "no item with id \"" + step.name + "\" in " + where +
                       (ids.empty() ? " (its items have no ids: use [N])" : " (ids: " + ids + ")"));
      }
      where += "." + step.name;
    } else if (node->is_object()) {
      if (!node->contains(step.name)) {
        fail(path, "no \"" + step.name + "\" in " + (where.empty() ? "the model" : where) + " (keys: " +
                       known_keys(*node) + ")");
      }
      next = &(*node)[step.name];
      where += (where.empty() ? "" : ".") + step.name;
    } else {
      fail(path, where + " is a single value, not an object or a list");
    }
    container = node;
    node = next;
  }

  const PathStep& last = steps.back();
  Json* target = nullptr;
  if (last.index) {
    if (!node->is_array() || *last.index >= node->size()) fail(path, "no item [" + std::to_string(*last.index) + "] in " + where);
    target = &(*node)[*last.index];
  } else {
    if (!node->is_object()) fail(path, (where.empty() ? "the model" : where) + " is not an object");
    const bool stage = container != nullptr && root.contains("stages") && container == &root["stages"];
    const bool arrival = container != nullptr && root.contains("arrivals") && container == &root["arrivals"];
    if (stage && last.name == "servers") {
      if ((*node)["servers"].is_string()) {
        fail(path, "stage \"" + (*node)["id"].get<std::string>() + "\" is a pure delay (\"infinite\" servers): it has no servers to vary");
      }
      // The servers throughout the run: the schedule, if any, gives way (set_servers from day 0).
      if (node->erase("capacity") > 0 && replaced != nullptr) *replaced = "the capacity schedule of " + where;
    } else if (arrival && last.name == "rate_per_day") {
      // The rate throughout the run: the schedule, if any, gives way.
      if (node->erase("schedule") > 0 && replaced != nullptr) *replaced = "the rate schedule of " + where;
      (*node)["rate_per_day"] = 0.0;
    }
    if (!node->contains(last.name)) {
      fail(path, "no \"" + last.name + "\" in " + (where.empty() ? "the model" : where) + " (keys: " +
                     known_keys(*node) + ")");
    }
    target = &(*node)[last.name];
  }
  if (!target->is_number()) fail(path, "is " + std::string(target->type_name()) + ", not a number");
  // Whole-number fields by what they count (the JSON form writes any whole value as an integer,
  // so the stored number's type says nothing).
  const std::string key = last.index ? std::string() : last.name;
  if (key == "servers" || key == "count" || key == "priority") {
    if (value != std::trunc(value) || std::fabs(value) > 9.0e15) {
      fail(path, "takes whole numbers (got " + format_number(value) + ")");
    }
    *target = static_cast<std::int64_t>(value);
  } else {
    *target = value;
  }
}

std::string point_name(const std::string& model_name, const std::vector<SweepAxis>& axes,
                       const std::vector<double>& values) {
  std::string name = model_name + " [";
  for (std::size_t a = 0; a < axes.size(); ++a) {
    name += (a == 0 ? "" : ", ") + axes[a].path + "=" + format_number(values[a]);
  }
  return name + "]";
}

}  // namespace

SweepAxis parse_vary(const std::string& text) {
  const std::size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0) fail(text, "expected PATH=START:STOP:STEP");
  SweepAxis axis;
  axis.path = text.substr(0, eq);
  const std::string range = text.substr(eq + 1);
  const std::size_t c1 = range.find(':');
  const std::size_t c2 = c1 == std::string::npos ? std::string::npos : range.find(':', c1 + 1);
  if (c1 == std::string::npos || c2 == std::string::npos || range.find(':', c2 + 1) != std::string::npos) {
    fail(text, "expected START:STOP:STEP after '=' (got \"" + range + "\")");
  }
  double start = 0;
  double stop = 0;
  double step = 0;
  const std::string names[3] = {"START", "STOP", "STEP"};
  const std::string parts[3] = {range.substr(0, c1), range.substr(c1 + 1, c2 - c1 - 1), range.substr(c2 + 1)};
  double* slots[3] = {&start, &stop, &step};
  for (int i = 0; i < 3; ++i) {
    if (!parse_number(parts[i], *slots[i])) fail(text, names[i] + " must be a number (got \"" + parts[i] + "\")");
  }
  if (!(step > 0)) fail(text, "STEP must be above 0 (got " + parts[2] + ")");
  if (stop < start) fail(text, "STOP (" + parts[1] + ") is below START (" + parts[0] + ")");
  const double count = std::floor((stop - start) / step + 1e-9) + 1;
  if (!(count <= static_cast<double>(kMaxSweepPoints))) {
    fail(text, "gives " + format_number(count) + " values, more than " + std::to_string(kMaxSweepPoints));
  }
  for (std::size_t k = 0; k < static_cast<std::size_t>(count); ++k) {
    // Rounded to 12 significant digits, so that 0.1 + 2 x 0.1 is 0.3 in the outputs, not
    // 0.30000000000000004.
    const double exact = start + static_cast<double>(k) * step;
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, exact, std::chars_format::general, 12);
    double rounded = exact;
    std::from_chars(buffer, written.ptr, rounded);
    axis.values.push_back(rounded);
  }
  split_path(axis.path, text);  // the path's syntax; what it names is checked against the model
  return axis;
}

models::Model with_parameter(const models::Model& model, const std::string& path, double value) {
  Json root = models::to_json(model);
  set_in_json(root, path, value);
  // Through the file format's own structural checks, as if the user had written the value.
  try {
    return models::parse_model(nlohmann::json::parse(root.dump()), model.name);
  } catch (const models::InputError& e) {
    fail(path + "=" + format_number(value), e.diagnostic().where + ": " + e.diagnostic().message);
  }
}

std::vector<std::string> schedules_replaced(const models::Model& base, const std::vector<SweepAxis>& axes) {
  std::vector<std::string> notes;
  Json root = models::to_json(base);
  for (const SweepAxis& axis : axes) {
    std::string replaced;
    set_in_json(root, axis.path, axis.values.front(), &replaced);
    if (!replaced.empty()) notes.push_back("--vary " + axis.path + " replaces " + replaced + " for the whole run");
  }
  return notes;
}

std::vector<SweepPoint> sweep_points(const models::Model& base, const std::vector<SweepAxis>& axes) {
  if (axes.empty()) throw SweepSpecError("a sweep needs at least one --vary");
  double total = 1;
  for (const SweepAxis& axis : axes) total *= static_cast<double>(axis.values.size());
  if (total > static_cast<double>(kMaxSweepPoints)) {
    throw SweepSpecError("the --vary ranges give " + format_number(total) + " points, more than " +
                         std::to_string(kMaxSweepPoints));
  }
  for (std::size_t a = 0; a < axes.size(); ++a) {
    for (std::size_t b = 0; b < a; ++b) {
      if (axes[a].path == axes[b].path) throw SweepSpecError(axes[a].path + ": varied twice");
    }
  }
  std::vector<SweepPoint> points;
  std::vector<std::size_t> at(axes.size(), 0);  // an odometer over the axes, last fastest
  for (std::size_t p = 0; p < static_cast<std::size_t>(total); ++p) {
    SweepPoint point;
    point.index = static_cast<int>(p);
    point.model = base;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      point.values.push_back(axes[a].values[at[a]]);
      point.model = with_parameter(point.model, axes[a].path, point.values.back());
    }
    point.model.name = point_name(base.name, axes, point.values);
    points.push_back(std::move(point));
    for (std::size_t a = axes.size(); a-- > 0;) {
      if (++at[a] < axes[a].values.size()) break;
      at[a] = 0;
    }
  }
  return points;
}

Sweep run_sweep(const models::Model& base, std::vector<SweepPoint> points, const std::vector<SweepAxis>& axes,
                const RunSettings& settings, const std::string& file) {
  Sweep sweep;
  sweep.model_name = base.name;
  sweep.axes = axes;
  std::vector<PreparedRun> prepared;
  prepared.reserve(points.size());
  for (const SweepPoint& point : points) prepared.push_back(prepare_run(point.model, settings, file));
  // Every point resolves replications and seed the same way from the same settings and the
  // same base (the run settings cannot be swept), so one pair holds for all.
  const PreparedRun reference = prepare_run(base, settings, file);
  sweep.replications = reference.replications;
  sweep.seed = reference.seed;

  const auto replications = static_cast<std::size_t>(sweep.replications);
  const std::size_t runs = points.size() * replications;
  std::vector<sim::ReplicationResult> results(runs);
  // The runs this process does: all of them, or its own under a work share (MPI ranks).
  std::vector<std::size_t> todo;
  todo.reserve(runs);
  for (std::size_t run = 0; run < runs; ++run) {
    if (settings.share == nullptr || settings.share->is_mine(run)) todo.push_back(run);
  }
  // Runs in parallel with TBB in an arena of settings.threads (as sim::run_replications does).
  // A run is one replication on its own: the engine starts no tasks of its own, so there is no
  // nested parallelism to oversubscribe the arena. Each result goes to its own slot, so the
  // outcome does not depend on the thread count or the order runs are taken in.
  //
  // The error reported is the first failing run in run order (point 0's replications first),
  // not whichever thread failed first: once run k fails, runs after k are skipped, but runs
  // before k still run, and a failure among them takes its place. So the error is the one a
  // single thread would meet, whatever the thread count.
  constexpr std::size_t kNoError = std::numeric_limits<std::size_t>::max();
  std::atomic<std::size_t> first_failed{kNoError};  // position in `todo` of the first failure seen so far
  std::exception_ptr error;                        // that failure's exception
  std::mutex error_mutex;
  std::atomic<int> finished{0};
  const auto run_one = [&](std::size_t k) {
    if (k > first_failed.load()) return;  // after a failure: a single thread would not get here
    const std::size_t run = todo[k];
    const std::size_t p = run / replications;
    const int r = static_cast<int>(run % replications);
    try {
      if (settings.cancel != nullptr && settings.cancel->load(std::memory_order_relaxed)) {
        throw sim::Cancelled("run cancelled");
      }
      results[run] = sim::run_replication(prepared[p].network, prepared[p].config, sweep.seed, r);
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (k < first_failed.load()) {
        first_failed = k;
        error = std::current_exception();
      }
      return;
    }
    const int done = ++finished;
    if (settings.on_progress) settings.on_progress(done, static_cast<int>(todo.size()));
  };
  oneapi::tbb::task_arena arena(sim::arena_concurrency(settings.threads));
  arena.execute([&] {
    // One run per task (a run is long), handed out as threads fall free: the simple
    // partitioner splits down to single runs (the default, auto, would hand out several).
    oneapi::tbb::parallel_for(std::size_t{0}, todo.size(), run_one, oneapi::tbb::simple_partitioner());
  });
  if (error) std::rethrow_exception(error);
  // Under a work share, every process's results meet on the one that reduces; the others stop here.
  if (settings.share != nullptr && !settings.share->gather(results)) return sweep;

  for (std::size_t p = 0; p < points.size(); ++p) {
    sim::ReplicationSet set;
    for (std::size_t r = 0; r < replications; ++r) {
      set.replications.push_back(std::move(results[p * replications + r]));
      set.total_events += set.replications.back().events;
    }
    SweepPoint& point = points[p];
    point.stages = measure_stages(set, prepared[p].network);
    point.system = measure_system(set);
    point.events = set.total_events;
    sweep.events += set.total_events;
  }
  sweep.points = std::move(points);
  return sweep;
}

namespace {

void csv_row(std::ostream& out, const std::string& prefix, const std::string& stage, const char* measure,
             const Interval& iv) {
  out << prefix << csv_field(stage) << ',' << measure << ',';
  if (iv.has_value()) {
    out << format_number(iv.mean) << ',';
    if (iv.n > 1) out << format_number(iv.lo) << ',' << format_number(iv.hi);
    else out << ',';
  } else {
    out << ",,";
  }
  out << '\n';
}

Json measure_json(const Interval& iv) { return to_json(iv); }

}  // namespace

void write_sweep_csv(std::ostream& out, const Sweep& sweep) {
  out << "point";
  for (const SweepAxis& axis : sweep.axes) out << ',' << csv_field(axis.path);
  out << ",stage,measure,mean,ci_lo,ci_hi\n";
  for (const SweepPoint& point : sweep.points) {
    std::string prefix = std::to_string(point.index) + ",";
    for (const double v : point.values) prefix += format_number(v) + ",";
    for (const StageMeasures& m : point.stages) {
      csv_row(out, prefix, m.id, "utilisation", m.utilisation);
      csv_row(out, prefix, m.id, "mean_wait_days", m.mean_wait_days);
      csv_row(out, prefix, m.id, "mean_queue_length", m.mean_queue_length);
      csv_row(out, prefix, m.id, "throughput_per_day", m.throughput_per_day);
      csv_row(out, prefix, m.id, "completed", m.completed);
      csv_row(out, prefix, m.id, "abandoned", m.abandoned);
      csv_row(out, prefix, m.id, "wip_end", m.wip_end);
    }
    csv_row(out, prefix, "system", "mean_time_in_system_days", point.system.mean_time_in_system_days);
    csv_row(out, prefix, "system", "completed", point.system.completed);
    csv_row(out, prefix, "system", "abandoned", point.system.abandoned);
    csv_row(out, prefix, "system", "wip_end", point.system.wip_end);
  }
}

nlohmann::ordered_json sweep_json(const Sweep& sweep) {
  Json out;
  out["model"] = sweep.model_name;
  out["replications"] = sweep.replications;
  out["seed"] = sweep.seed;
  Json axes = Json::array();
  for (const SweepAxis& axis : sweep.axes) axes.push_back({{"path", axis.path}, {"values", axis.values}});
  out["axes"] = std::move(axes);
  Json points = Json::array();
  for (const SweepPoint& point : sweep.points) {
    Json p;
    p["point"] = point.index;
    Json parameters = Json::object();
    for (std::size_t a = 0; a < sweep.axes.size(); ++a) parameters[sweep.axes[a].path] = point.values[a];
    p["parameters"] = std::move(parameters);
    Json stages = Json::array();
    for (const StageMeasures& m : point.stages) {
      Json s;
      s["id"] = m.id;
      s["utilisation"] = m.infinite ? Json(nullptr) : measure_json(m.utilisation);  // as in summary.json
      s["mean_wait_days"] = measure_json(m.mean_wait_days);
      s["mean_queue_length"] = measure_json(m.mean_queue_length);
      s["throughput_per_day"] = measure_json(m.throughput_per_day);
      s["completed"] = measure_json(m.completed);
      s["abandoned"] = measure_json(m.abandoned);
      s["wip_end"] = measure_json(m.wip_end);
      stages.push_back(std::move(s));
    }
    p["stages"] = std::move(stages);
    p["system"] = {{"mean_time_in_system_days", measure_json(point.system.mean_time_in_system_days)},
                   {"completed", measure_json(point.system.completed)},
                   {"abandoned", measure_json(point.system.abandoned)},
                   {"wip_end", measure_json(point.system.wip_end)}};
    p["performance"] = {{"events", point.events}};
    points.push_back(std::move(p));
  }
  out["points"] = std::move(points);
  out["performance"] = {{"events", sweep.events}};
  return out;
}

}  // namespace courtflow::analysis

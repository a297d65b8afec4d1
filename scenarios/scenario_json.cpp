// Scenario files: {"courtflow": 1, "scenario": NAME, "base": PATH, "changes": [CHANGE...]}.
// Each change is {"op": ..., op's keys..., "from_day": d (default 0)}, optionally with
// "ramp_until_day" (phase in linearly up to that day), "ramp_step_days" and "description".

#include "scenarios/scenario_json.hpp"

#include <cmath>

#include "models/json_reader.hpp"

namespace courtflow::scenarios {
namespace {

using models::Bound;
using models::describe;
using nlohmann::json;
using Keys = std::vector<std::string>;

constexpr int kScenarioFormatVersion = 1;
const Keys kScenarioKeys = {"courtflow", "scenario", "description", "base", "changes"};
const Keys kCommonChangeKeys = {"op", "from_day", "ramp_until_day", "ramp_step_days", "description"};
const Keys kOps = {"scale_servers", "set_servers", "scale_arrivals", "scale_service", "set_route"};

Keys keys_for(const std::string& op) {
  Keys keys = kCommonChangeKeys;
  if (op == "scale_servers") keys.insert(keys.end(), {"stage", "factor"});
  if (op == "set_servers") keys.insert(keys.end(), {"stage", "servers"});
  if (op == "scale_arrivals") keys.insert(keys.end(), {"to", "factor"});
  if (op == "scale_service") keys.insert(keys.end(), {"stage", "factor"});
  if (op == "set_route") keys.insert(keys.end(), {"from", "to", "p"});
  return keys;
}

class ScenarioReader : public models::JsonReader {
 public:
  using JsonReader::JsonReader;

  Scenario scenario(const json& j) const {
    if (!j.is_object()) fail("", "a scenario file must hold a JSON object (got " + describe(j) + ")");
    const json* version = find(j, "courtflow");
    if (version == nullptr) fail("", "missing \"courtflow\" format version key");
    const auto n = models::as_integer(*version);
    if (n && *n > kScenarioFormatVersion) {
      fail("courtflow", "file format " + std::to_string(*n) + " is newer than this courtflow (reads 1)");
    }
    if (!n || *n != kScenarioFormatVersion) fail("courtflow", "must be the format version 1 (got " + describe(*version) + ")");
    warn_unknown_keys(j, "", kScenarioKeys);
    Scenario s;
    s.name = string(require(j, "", "scenario"), "scenario");
    if (s.name.empty()) fail("scenario", "must be a non-empty string");
    if (const json* v = find(j, "description")) s.description = string(*v, "description");
    s.base = string(require(j, "", "base"), "base");
    if (s.base.empty()) fail("base", "must name the base model or scenario file");
    s.changes = array_of(require(j, "", "changes"), "changes",
                         [this](const json& v, const std::string& where) { return change(v, where); });
    return s;
  }

 private:
  Change change(const json& v, const std::string& where) const {
    expect_object(v, where);
    const std::string op = string(require(v, where, "op"), models::field_path(where, "op"));
    if (std::find(kOps.begin(), kOps.end(), op) == kOps.end()) {
      fail(models::field_path(where, "op"), "unknown change \"" + op + "\"" + models::did_you_mean(op, kOps) +
                                                 " (one of scale_servers, set_servers, scale_arrivals, scale_service, set_route)");
    }
    warn_unknown_keys(v, where, keys_for(op));
    const auto at = [&](const char* key) { return models::field_path(where, key); };
    const auto text = [&](const char* key) { return string(require(v, where, key), at(key)); };
    const auto factor = [&]() {
      const double f = number(require(v, where, "factor"), at("factor"), Bound::positive);
      if (f > 1e6) fail(at("factor"), "must be a number > 0 and at most 1000000 (got " + describe(v["factor"]) + ")");
      return f;
    };
    Change c;
    if (op == "scale_servers") c.op = ScaleServers{text("stage"), factor()};
    if (op == "set_servers") {
      c.op = SetServers{text("stage"), integer(require(v, where, "servers"), at("servers"), 0, 10'000'000)};
    }
    if (op == "scale_arrivals") {
      ScaleArrivals s;
      if (const json* to = find(v, "to")) s.to = string(*to, at("to"));
      s.factor = factor();
      c.op = s;
    }
    if (op == "scale_service") c.op = ScaleService{text("stage"), factor()};
    if (op == "set_route") {
      c.op = SetRoute{text("from"), text("to"), number(require(v, where, "p"), at("p"), Bound::probability)};
    }
    if (const json* d = find(v, "from_day")) c.from_day = number(*d, at("from_day"), Bound::non_negative);
    if (const json* d = find(v, "ramp_until_day")) {
      c.ramp_until_day = number(*d, at("ramp_until_day"), Bound::non_negative);
      if (*c.ramp_until_day <= c.from_day) {
        fail(at("ramp_until_day"), "must be later than from_day (got " + describe(*d) + ")");
      }
    }
    if (const json* d = find(v, "ramp_step_days")) {
      c.ramp_step_days = number(*d, at("ramp_step_days"), Bound::positive);
      if (c.ramp_step_days < 1) fail(at("ramp_step_days"), "must be at least 1 day (got " + describe(*d) + ")");
    }
    if (const json* d = find(v, "description")) c.description = string(*d, at("description"));
    return c;
  }
};

}  // namespace

bool is_scenario(const json& j) {
  // A file with "base" or "changes" and no "stages" is a scenario that forgot its name: read
  // as one, it is told that "scenario" is missing (as a model, it would be told about "name").
  return j.is_object() &&
         (j.contains("scenario") || ((j.contains("base") || j.contains("changes")) && !j.contains("stages")));
}

Scenario parse_scenario(const json& j, const std::string& file, std::vector<models::Diagnostic>* warnings) {
  return ScenarioReader(file, warnings).scenario(j);
}

nlohmann::ordered_json to_json(const Scenario& scenario) {
  nlohmann::ordered_json out;
  out["courtflow"] = scenario.format_version;
  out["scenario"] = scenario.name;
  if (!scenario.description.empty()) out["description"] = scenario.description;
  out["base"] = scenario.base;
  out["changes"] = nlohmann::ordered_json::array();
  for (const Change& change : scenario.changes) {
    nlohmann::ordered_json c;
    c["op"] = op_name(change.op);
    std::visit(
        [&c](const auto& op) {
          using T = std::decay_t<decltype(op)>;
          if constexpr (std::is_same_v<T, ScaleServers>) {
            c["stage"] = op.stage;
            c["factor"] = op.factor;
          } else if constexpr (std::is_same_v<T, SetServers>) {
            c["stage"] = op.stage;
            c["servers"] = op.servers;
          } else if constexpr (std::is_same_v<T, ScaleArrivals>) {
            if (op.to) c["to"] = *op.to;
            c["factor"] = op.factor;
          } else if constexpr (std::is_same_v<T, ScaleService>) {
            c["stage"] = op.stage;
            c["factor"] = op.factor;
          } else if constexpr (std::is_same_v<T, SetRoute>) {
            c["from"] = op.from;
            c["to"] = op.to;
            c["p"] = op.p;
          }
        },
        change.op);
    if (change.from_day != 0) c["from_day"] = change.from_day;
    if (change.ramp_until_day) {
      c["ramp_until_day"] = *change.ramp_until_day;
      c["ramp_step_days"] = change.ramp_step_days;
    }
    if (!change.description.empty()) c["description"] = change.description;
    out["changes"].push_back(c);
  }
  return out;
}

}  // namespace courtflow::scenarios

// Vega inlined into the page (see vega_runtime.hpp).
#include "analysis/report/vega_runtime.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace courtflow::analysis::report {
namespace {

// The AMD registry: each module's UMD wrapper calls define(deps, factory); the script after it
// names the module and runs the factory with the modules it depends on. vega-functions asks
// for "vega-selections", which Debian installs as vega-selection.
constexpr const char* kRegistry = R"js(
(function () {
  "use strict";
  var registry = {}, pending = null;
  var aliases = {"vega-selections": "vega-selection"};
  window.define = function (deps, factory) { pending = {deps: deps, factory: factory}; };
  window.define.amd = true;
  window.courtflowModule = function (name) {
    var module = pending;
    pending = null;
    if (!module) throw new Error("courtflow report: Vega module " + name + " did not load");
    var exported = {};
    var args = module.deps.map(function (dep) {
      if (dep === "exports") return exported;
      var key = aliases[dep] || dep;
      if (!registry[key]) throw new Error("courtflow report: Vega module " + name + " needs " + dep);
      return registry[key];
    });
    registry[name] = module.factory.apply(null, args) || exported;
  };
  window.courtflowVegaModules = registry;
})();
)js";

// What the upstream "vega" package's index does: one object with every package's exports,
// and the transforms registered with the dataflow.
constexpr const char* kAssemble = R"js(
(function () {
  "use strict";
  var m = window.courtflowVegaModules, vega = {};
  ["vega-util", "vega-time", "vega-format", "vega-loader", "vega-dataflow", "vega-statistics",
   "vega-scale", "vega-scenegraph", "vega-expression", "vega-functions", "vega-runtime",
   "vega-view", "vega-parser", "vega-interpreter"].forEach(function (name) {
    Object.assign(vega, m[name]);
  });
  Object.assign(m["vega-dataflow"].transforms, m["vega-transforms"], m["vega-view-transforms"],
                m["vega-encode"]);
  window.vega = vega;
  delete window.define;
})();
)js";

// `text` without "//# sourceMappingURL=..." comments.
std::string without_source_maps(std::string text) {
  const std::string marker = "//# sourceMappingURL=";
  for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at)) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    text.erase(at, end - at);
  }
  return text;
}

bool contains_script_end(const std::string& text) {
  std::string lower(text.size(), ' ');
  std::transform(text.begin(), text.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("</script") != std::string::npos || lower.find("<!--") != std::string::npos;
}

}  // namespace

const std::vector<std::string>& vega_modules() {
  static const std::vector<std::string> modules{
      "vega-util",       "vega-time",       "vega-format",         "vega-loader",      "vega-dataflow",
      "vega-statistics", "vega-scale",      "vega-canvas",         "vega-scenegraph",  "vega-expression",
      "vega-selection",  "vega-event-selector", "vega-functions",  "vega-runtime",     "vega-view",
      "vega-parser",     "vega-transforms", "vega-view-transforms", "vega-encode",     "vega-interpreter"};
  return modules;
}

std::string vega_module_file(const std::string& module) { return module + ".min.js"; }

void write_vega_runtime(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& sources) {
  const std::vector<std::string>& names = vega_modules();
  if (sources.size() != names.size()) throw std::invalid_argument("Vega: expected every module of vega_modules()");
  out << "<script>" << kRegistry << "</script>\n";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (sources[i].first != names[i]) throw std::invalid_argument("Vega: module " + names[i] + " missing or out of order");
    const std::string text = without_source_maps(sources[i].second);
    if (contains_script_end(text)) {
      throw std::invalid_argument("Vega: module " + names[i] + " cannot be inlined (it contains </script or <!--)");
    }
    out << "<script>" << text << "\n;window.courtflowModule(\"" << names[i] << "\");</script>\n";
  }
  out << "<script>" << kAssemble << "</script>\n";
}

}  // namespace courtflow::analysis::report

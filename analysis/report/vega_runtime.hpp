#pragma once
// The Vega charting library (vega.github.io), inlined into report.html so that the page needs
// no other file or host. Debian's libjs-vega ships Vega as its separate packages
// (/usr/share/javascript/vega/vega-util.min.js, ...), each a UMD module, but not the combined
// "vega" bundle. Each UMD module, when it finds an AMD `define`, hands its dependencies and
// factory to it; so the page defines a tiny AMD registry, loads the modules in dependency
// order, and then does what the upstream "vega" package's index does: merge the packages'
// exports into one `vega` object and register the transforms with the dataflow. Expressions
// are evaluated by vega-interpreter (no eval), so the page's Content-Security-Policy can
// forbid eval as well as every request. cli/ reads the files; this builds the script text.

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace courtflow::analysis::report {

/// The Vega modules the report needs, in an order in which each comes after its dependencies.
const std::vector<std::string>& vega_modules();

/// The file of a module in Debian's install directory: NAME + ".min.js".
std::string vega_module_file(const std::string& module);

/// Where Debian's libjs-vega installs the modules.
inline constexpr const char* kDebianVegaDir = "/usr/share/javascript/vega";

/// Writes the <script> elements that load `sources` ((module, text) pairs in vega_modules()
/// order) and define window.vega. Source-map comments are dropped (they name other files).
/// Throws std::invalid_argument if a module is missing or its text would end the script
/// element early.
void write_vega_runtime(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& sources);

}  // namespace courtflow::analysis::report

#include "cli/vega_loader.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "analysis/report/vega_runtime.hpp"
#include "cli/command.hpp"

namespace courtflow::cli {
namespace fs = std::filesystem;
namespace rpt = analysis::report;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream text;
  text << f.rdbuf();
  if (!f && !f.eof()) throw ToolError(path.string() + ": cannot read");
  return text.str();
}

}  // namespace

std::string load_vega_runtime(const std::string& command) {
  const char* env = std::getenv("COURTFLOW_VEGA_DIR");
  const fs::path dir = env != nullptr && *env != '\0' ? fs::path(env) : fs::path(rpt::kDebianVegaDir);
  std::vector<std::pair<std::string, std::string>> sources;
  for (const std::string& module : rpt::vega_modules()) {
    const fs::path file = dir / rpt::vega_module_file(module);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      throw ToolError(command + ": the Vega charting library is missing (" + file.string() +
                      " not found); install Debian's libjs-vega (apt-get install libjs-vega), or set "
                      "COURTFLOW_VEGA_DIR to a folder holding Vega 5's *.min.js modules");
    }
    sources.emplace_back(module, read_text(file));
  }
  std::ostringstream out;
  try {
    rpt::write_vega_runtime(out, sources);
  } catch (const std::invalid_argument& e) {
    throw ToolError(command + ": " + e.what() + " (in " + dir.string() + ")");
  }
  return out.str();
}

}  // namespace courtflow::cli

// dot -Tsvg through posix_spawn (no shell, so no quoting of paths), waiting for the child and
// reporting how it ended.
#include "cli/graphviz_svg.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include "cli/command.hpp"

extern char** environ;

namespace courtflow::cli {
namespace fs = std::filesystem;

fs::path find_dot() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return {};
  std::string_view rest(path);
  while (true) {
    const std::size_t colon = rest.find(':');
    const std::string_view dir = rest.substr(0, colon);
    if (!dir.empty()) {
      const fs::path candidate = fs::path(dir) / "dot";
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return {};
}

std::string render_svg(const fs::path& dot, const std::string& dot_text) {
  if (dot.empty()) throw ToolError("svg output needs Graphviz's \"dot\" on PATH (apt-get install graphviz)");
  const std::string tag = "courtflow-dot-" + std::to_string(::getpid());
  const fs::path dir = fs::temp_directory_path();
  const fs::path input = dir / (tag + ".dot");
  const fs::path output = dir / (tag + ".svg");
  struct Cleanup {
    fs::path a, b;
    ~Cleanup() {
      std::error_code ec;
      fs::remove(a, ec);
      fs::remove(b, ec);
    }
  } cleanup{input, output};
  {
    std::ofstream f(input, std::ios::binary);
    f << dot_text;
    if (!f.flush()) throw ToolError(input.string() + ": cannot write a temporary file");
  }
  std::string dot_str = dot.string(), t = "-Tsvg", o = "-o", out_str = output.string(), in_str = input.string();
  char* argv[] = {dot_str.data(), t.data(), o.data(), out_str.data(), in_str.data(), nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, dot_str.c_str(), nullptr, nullptr, argv, environ);
  if (rc != 0) throw ToolError(dot_str + ": cannot run: " + std::strerror(rc));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw ToolError(dot_str + ": lost track of the process: " + std::strerror(errno));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw ToolError(dot_str + " -Tsvg failed" +
                    (WIFEXITED(status) ? " (exit " + std::to_string(WEXITSTATUS(status)) + ")" : std::string()));
  }
  std::ifstream f(output, std::ios::binary);
  std::ostringstream svg;
  svg << f.rdbuf();
  if (svg.str().empty()) throw ToolError(dot_str + " -Tsvg produced no output");
  return svg.str();
}

}  // namespace courtflow::cli

// `courtflow graph MODEL`: the stage graph as Graphviz dot text (models/graphviz), or as SVG
// by running Graphviz's `dot -Tsvg` found on PATH. With --out FILE the file is written
// atomically; otherwise the diagram goes to stdout.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/model_input.hpp"
#include "cli/output_dir.hpp"
#include "models/graphviz.hpp"

extern char** environ;

namespace courtflow::cli {
namespace fs = std::filesystem;
namespace {

struct GraphOptions {
  std::string model;
  std::string format = "dot";
  std::string out;
};

// The first executable "dot" on PATH, or empty.
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

// Runs `dot -Tsvg -o OUTPUT INPUT` and returns the SVG text.
std::string render_svg(const std::string& dot_text) {
  const fs::path dot = find_dot();
  if (dot.empty()) {
    throw ToolError("svg output needs Graphviz's \"dot\" on PATH (apt-get install graphviz)");
  }
  const std::string tag = "courtflow-graph-" + std::to_string(::getpid());
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

int graph(const GraphOptions& o) {
  LoadedModel loaded = load_and_validate(o.model);
  print_diagnostics(std::cerr, loaded.diagnostics);
  if (loaded.errors > 0) return kExitBadInput;
  std::string text = models::to_dot(loaded.model);
  if (o.format == "svg") text = render_svg(text);
  if (o.out.empty()) {
    std::cout << text;
  } else {
    write_file_atomically(o.out, [&](std::ostream& s) { s << text; });
  }
  return kExitOk;
}

}  // namespace

Command add_graph_command(CLI::App& parent) {
  auto o = std::make_shared<GraphOptions>();
  CLI::App* app = parent.add_subcommand("graph");
  app->description(
      "Draw a model's stage graph (Graphviz dot or SVG)\n\n"
      "Draw MODEL's stage graph: stages (boxes; pure delays drawn apart), arrivals and routes\n"
      "with their probabilities. dot text needs nothing else; svg runs Graphviz's 'dot -Tsvg'.");
  app->add_option("MODEL", o->model, "Model or scenario file (JSON)")->required()->type_name("");
  app->add_option("--format", o->format, "dot or svg [default: dot]")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"dot", "svg"}));
  app->add_option("--out", o->out, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
  app->footer(
      "Examples:\n"
      "  courtflow graph model.json | dot -Tpng > model.png\n"
      "  courtflow graph models/reference/divorce.json --format svg --out divorce.svg\n"
      "\n"
      "Exit codes: 0 drawn; 2 bad usage or bad model; 1 anything else (e.g. no Graphviz for svg).");
  return Command{app, [o] { return graph(*o); }};
}

}  // namespace courtflow::cli

// `courtflow graph MODEL`: the stage graph as Graphviz dot text (models/graphviz), or as SVG
// by running Graphviz's `dot -Tsvg` found on PATH. With --out FILE the file is written
// atomically; otherwise the diagram goes to stdout.
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/graphviz_svg.hpp"
#include "cli/model_input.hpp"
#include "cli/output_dir.hpp"
#include "models/graphviz.hpp"

namespace courtflow::cli {
namespace fs = std::filesystem;
namespace {

struct GraphOptions {
  std::string model;
  std::string format = "dot";
  std::string out;
};

int graph(const GraphOptions& o) {
  if (!o.out.empty()) check_file_target(o.out, "--out");
  LoadedModel loaded = load_and_validate(o.model);
  print_diagnostics(std::cerr, loaded.diagnostics);
  if (loaded.errors > 0) return kExitBadInput;
  std::string text = models::to_dot(loaded.model);
  if (o.format == "svg") text = render_svg(find_dot(), text);
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

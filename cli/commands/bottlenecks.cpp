// `courtflow bottlenecks MODEL --out DIR` (scaffold; being implemented for issue 5).
#include "cli/command.hpp"

namespace courtflow::cli {

Command add_bottlenecks_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("bottlenecks");
  app->description("Rank stages and price extra capacity (not yet implemented)");
  return Command{app, [] { throw ToolError("bottlenecks: not yet implemented"); return kExitFailure; }};
}

}  // namespace courtflow::cli

// `courtflow compare BASE SCENARIO... --out DIR`: paired comparison with common random numbers.
#include "cli/command.hpp"

namespace courtflow::cli {

Command add_compare_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("compare");
  app->description("Compare scenarios with a base model (paired, common random numbers)");
  return Command{app, [] { return kExitFailure; }};
}

}  // namespace courtflow::cli

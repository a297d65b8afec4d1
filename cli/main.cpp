// The courtflow executable: builds the CLI11 app from the subcommands in cli/commands/,
// parses, dispatches, and maps every outcome to an exit code (0 ok, 2 bad usage or bad
// input, 1 anything else). This is the only place that catches exceptions for good; nothing
// escapes main. Library layers never print or exit; subcommands print their own output.
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/version.hpp"
#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/help_format.hpp"
#include "cluster/session.hpp"
#include "models/diagnostic.hpp"
#include "sim/errors.hpp"

namespace courtflow::cli {
namespace {

constexpr const char* kDescription =
    "courtflow: simulate case flow through a justice system's stage graph, find the\n"
    "bottleneck, and project open caseloads with 95% intervals.";

constexpr const char* kFooter =
    "Run 'courtflow help SUBCOMMAND' (or 'courtflow SUBCOMMAND --help') for its options.\n"
    "Exit codes: 0 success, 2 bad usage or bad input, 1 anything else.\n"
    "\n"
    "Example:\n"
    "  courtflow validate models/reference/england_wales.json\n"
    "  courtflow run models/reference/england_wales.json --out out/ew --replications 20";

// The subcommand a parse error belongs to (empty at the top level), for the message and hint.
std::string chosen_name(const CLI::App& app) {
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  return chosen.empty() ? std::string() : chosen.front()->get_name();
}

std::string help_hint(const CLI::App& app) {
  const std::string name = chosen_name(app);
  return name.empty() ? " (see 'courtflow --help')" : " (see 'courtflow " + name + " --help')";
}

std::string context_prefix(const CLI::App& app) {
  const std::string name = chosen_name(app);
  return name.empty() ? std::string() : name + ": ";
}

int dispatch(int argc, char** argv) {
  CLI::App app(kDescription, "courtflow");
  app.set_version_flag("--version", std::string("courtflow ") + analysis::version(),
                       "Print the version (courtflow X.Y.Z) and exit");
  app.set_help_flag("-h,--help", "Print this help and exit");
  app.footer(kFooter);
  app.formatter(std::make_shared<HelpFormatter>());  // before subcommands: they copy it
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  // One line per subcommand (later: calibrate, bottlenecks, compare, backtest, report, fit).
  std::vector<Command> commands{add_run_command(app), add_validate_command(app), add_graph_command(app),
                                add_compare_command(app), add_bottlenecks_command(app)};
  commands.push_back(add_report_command(app));
  commands.push_back(add_calibrate_command(app));
  commands.push_back(add_fit_command(app));
  commands.push_back(add_backtest_command(app));
  commands.push_back(add_sweep_command(app));
  commands.push_back(add_serve_command(app));

  // `courtflow help [SUBCOMMAND]` is `courtflow [SUBCOMMAND] --help` (git help style).
  std::string help_topic;
  CLI::App* help = app.add_subcommand("help", "Show help for a subcommand: courtflow help SUBCOMMAND");
  help->add_option("SUBCOMMAND", help_topic, "The subcommand to explain (default: list them all)");

  // A first word that is no subcommand reads better as "unknown subcommand" than as CLI11's
  // "the following argument was not expected".
  if (argc > 1 && argv[1][0] != '-') {
    const std::string word = argv[1];
    bool known = word == "help";
    for (const Command& c : commands) known = known || c.app->get_name() == word;
    if (!known) {
      print_error(std::cerr, "unknown subcommand '" + word + "' (see 'courtflow --help')");
      return kExitBadInput;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    const std::vector<CLI::App*> chosen = app.get_subcommands();
    std::cout << help_text(chosen.empty() ? app : *chosen.front());
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << "courtflow " << analysis::version() << '\n';
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    if (what.rfind("The ", 0) == 0) what[0] = 't';  // CLI11's sentences, in our lower-case style
    print_error(std::cerr, context_prefix(app) + what + help_hint(app));
    return kExitBadInput;
  }

  if (help->parsed()) {
    if (help_topic.empty()) {
      std::cout << help_text(app);
      return kExitOk;
    }
    for (const Command& c : commands) {
      if (c.app->get_name() == help_topic) {
        std::cout << help_text(*c.app);
        return kExitOk;
      }
    }
    print_error(std::cerr, "help: unknown subcommand '" + help_topic + "' (see 'courtflow --help')");
    return kExitBadInput;
  }
  for (const Command& c : commands) {
    if (c.app->parsed()) return c.run();
  }
  print_error(std::cerr, "a subcommand is required (see 'courtflow --help')");
  return kExitBadInput;
}

}  // namespace

// The subcommands that share their runs among MPI ranks; under mpirun the other subcommands
// run on rank 0 alone.
bool distributes_runs(int argc, char** argv) {
  if (argc < 2) return false;
  const std::string name = argv[1];
  return name == "run" || name == "sweep" || name == "compare";
}

int main_entry(int argc, char** argv) {
  try {
    return dispatch(argc, argv);
  } catch (const cluster::PeerFailed&) {
    return cluster::kPeerFailedStatus;  // another MPI rank failed: it reports (cluster/session.hpp)
  } catch (const models::InputError& e) {
    print_error(std::cerr, e.diagnostic().to_string());
    return kExitBadInput;
  } catch (const UsageError& e) {
    print_error(std::cerr, e.what());
    return kExitBadInput;
  } catch (const ToolError& e) {
    print_error(std::cerr, e.what());
    return kExitFailure;
  } catch (const sim::SimError& e) {
    print_error(std::cerr, std::string("simulation failed: ") + e.what());
    return kExitFailure;
  } catch (const std::bad_alloc&) {
    print_error(std::cerr, "out of memory (try fewer replications, a shorter horizon or longer --period)");
    return kExitFailure;
  } catch (const std::exception& e) {
    print_error(std::cerr, std::string("internal: ") + e.what());
    return kExitFailure;
  } catch (...) {
    print_error(std::cerr, "internal: unknown exception");
    return kExitFailure;
  }
}

}  // namespace courtflow::cli

int main(int argc, char** argv) {
  // MPI starts only under mpirun/srun; a plain run is one process, as ever.
  courtflow::cluster::Session session(argc, argv);
  if (!session.startup_error().empty()) {
    if (courtflow::cluster::launcher_rank() == 0) std::fprintf(stderr, "%s\n", session.startup_error().c_str());
    return courtflow::cli::kExitBadInput;
  }
  int code = courtflow::cli::kExitOk;
  if (courtflow::cli::distributes_runs(argc, argv)) session.share_runs();
  if (session.is_root() || courtflow::cli::distributes_runs(argc, argv)) {
    code = courtflow::cli::main_entry(argc, argv);
  }
  std::cout.flush();
  if (!std::cout) {
    // stdout closed or full (e.g. `courtflow graph m.json > /dev/full`): say so, fail.
    std::fprintf(stderr, "courtflow: error: cannot write to standard output\n");
    code = code == 0 ? courtflow::cli::kExitFailure : code;
  }
  // Under mpirun, every rank exits with the status of the failure reported, if any.
  return session.finish(code);
}

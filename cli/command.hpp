#pragma once
// How subcommands plug into the courtflow executable. Each cli/commands/NAME.cpp adds one
// CLI11 subcommand to the top-level app and returns the action to run if it is chosen; main
// parses, dispatches and maps exceptions to exit codes. Adding a subcommand means one new
// file and one line in cli/main.cpp's table.

#include <functional>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

namespace courtflow::cli {

/// Exit codes (PRODUCT.md "Command line").
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< anything that is not the user's input
inline constexpr int kExitBadInput = 2;  ///< bad usage or bad input

/// Bad usage or input found by the CLI itself (e.g. an existing --out): exit 2. what() is the
/// message after "courtflow: error: ", already naming the file or option.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A failure that is not the input's fault but needs no "internal" label (e.g. Graphviz
/// missing, a disk write failing): exit 1 with what() after "courtflow: error: ".
class ToolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Command {
  CLI::App* app = nullptr;
  /// Runs the subcommand after a successful parse; returns the exit code or throws.
  std::function<int()> run;
};

Command add_run_command(CLI::App& parent);
Command add_validate_command(CLI::App& parent);
Command add_graph_command(CLI::App& parent);
Command add_bottlenecks_command(CLI::App& parent);
Command add_compare_command(CLI::App& parent);
Command add_report_command(CLI::App& parent);
Command add_calibrate_command(CLI::App& parent);
Command add_fit_command(CLI::App& parent);
Command add_backtest_command(CLI::App& parent);
Command add_sweep_command(CLI::App& parent);
Command add_serve_command(CLI::App& parent);

}  // namespace courtflow::cli

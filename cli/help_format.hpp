#pragma once
// Help layout for courtflow: a subcommand's description is a one-line summary, a blank line,
// then the long text. `courtflow --help` lists only the summaries; `courtflow SUB --help`
// shows the whole description, then usage, options and the examples in the footer.

#include <string>

#include <CLI/CLI.hpp>

namespace courtflow::cli {

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() { column_width(34); }
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_description(const CLI::App* app) const override;
};

/// The full help of `app` as `courtflow [SUB] --help` prints it.
std::string help_text(const CLI::App& app);

}  // namespace courtflow::cli

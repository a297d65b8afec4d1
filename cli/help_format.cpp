// courtflow's help layout (see help_format.hpp).
#include "cli/help_format.hpp"

#include <sstream>

namespace courtflow::cli {

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
  std::ostringstream out;
  const std::string description = sub->get_description();
  CLI::detail::format_help(out, sub->get_display_name(), description.substr(0, description.find('\n')),
                           get_column_width());
  return out.str();
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  const std::string description = app->get_description();
  if (description.empty()) return {};
  return description + "\n\n";
}

std::string help_text(const CLI::App& app) {
  const CLI::App* parent = app.get_parent();
  // Usage reads "courtflow run [OPTIONS] MODEL" for a subcommand, "courtflow ..." at the top.
  return app.get_formatter()->make_help(&app, parent == nullptr ? app.get_name() : "courtflow " + app.get_name(),
                                        CLI::AppFormatMode::Normal);
}

}  // namespace courtflow::cli

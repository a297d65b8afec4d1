// One-line error and warning output for the CLI (see diagnostics.hpp).
#include "cli/diagnostics.hpp"

namespace courtflow::cli {

void print_error(std::ostream& err, std::string_view message) {
  err << "courtflow: error: " << one_line(message) << '\n';
}

void print_warning(std::ostream& err, std::string_view message) {
  err << "courtflow: warning: " << one_line(message) << '\n';
}

std::size_t print_diagnostics(std::ostream& err, const std::vector<models::Diagnostic>& diagnostics) {
  std::size_t errors = 0;
  for (const models::Diagnostic& d : diagnostics) {
    if (d.warning) {
      print_warning(err, d.to_string());
    } else {
      print_error(err, d.to_string());
      ++errors;
    }
  }
  return errors;
}

}  // namespace courtflow::cli

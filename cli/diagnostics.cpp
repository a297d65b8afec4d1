// One-line error and warning output for the CLI (see diagnostics.hpp).
#include "cli/diagnostics.hpp"

namespace courtflow::cli {

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_break = false;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      in_break = true;
      continue;
    }
    if (in_break && !out.empty()) out += "; ";
    in_break = false;
    out += c;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == ';')) out.pop_back();
  return out;
}

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

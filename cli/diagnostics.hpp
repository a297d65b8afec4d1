#pragma once
// The one shape of every message courtflow prints on stderr:
//   courtflow: error: FILE: WHERE: MESSAGE
//   courtflow: warning: FILE: WHERE: MESSAGE
// Each message is one line: embedded line breaks are replaced, so that scripts can count
// problems by counting lines.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "models/diagnostic.hpp"
#include "models/one_line.hpp"

namespace courtflow::cli {

/// `text` with CR/LF runs replaced by "; " and trailing whitespace dropped.
using models::one_line;

void print_error(std::ostream& err, std::string_view message);
void print_warning(std::ostream& err, std::string_view message);

/// Prints every diagnostic (errors and warnings) in order; returns the number of errors.
std::size_t print_diagnostics(std::ostream& err, const std::vector<models::Diagnostic>& diagnostics);

}  // namespace courtflow::cli

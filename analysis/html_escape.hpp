#pragma once
// Text for HTML pages: the one escaper used by every page courtflow writes (the report's
// report.html and calibrate's report.html), because names in them come from users' files.

#include <string>

namespace courtflow::analysis {

/// `text` with &, <, >, " and ' escaped, safe in HTML text and in quoted attribute values.
inline std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace courtflow::analysis

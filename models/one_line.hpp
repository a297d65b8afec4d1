#pragma once
// A message as one line, the form every front end shows bad input in (the CLI's stderr line,
// courtflow.InputError in Python): a reader's message may quote a multi-line value, and a
// single line is what scripts grep for and what the contract promises.

#include <string>
#include <string_view>

namespace courtflow::models {

/// `text` with CR/LF runs replaced by "; " and trailing blanks (and a trailing ';') dropped.
inline std::string one_line(std::string_view text) {
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

}  // namespace courtflow::models

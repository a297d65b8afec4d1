#pragma once
// One problem found in an input file, and the exception that carries it. Every loader in
// courtflow (model files here; scenarios and CSV inputs later) reports bad input as a
// Diagnostic {file, where, message}: `where` names the field in the path style
// `stages[3].service.mean` (top-level keys bare, e.g. `horizon_days`) or a position such as
// `line 12, column 5` / `line 12, column timestamp`. Only the CLI prints diagnostics; library
// code returns or throws them.

#include <stdexcept>
#include <string>
#include <utility>

namespace courtflow::models {

struct Diagnostic {
  /// The input file as the caller named it (path as given, not canonicalised).
  std::string file;
  /// Where in the file: a field path (`stages[3].servers`) or `line L, column C`; may be empty.
  std::string where;
  /// Short, lower-case: what is expected and what was got, e.g.
  /// `must be a positive integer or "infinite" (got -2)`.
  std::string message;
  /// A warning does not stop a model from loading or running (e.g. an unknown key).
  bool warning = false;

  /// `FILE: WHERE: MESSAGE`; each of `FILE: ` and `WHERE: ` is left out when empty.
  std::string to_string() const {
    std::string out;
    if (!file.empty()) {
      out += file;
      out += ": ";
    }
    if (!where.empty()) {
      out += where;
      out += ": ";
    }
    out += message;
    return out;
  }

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// Bad input. what() is diagnostic().to_string(); the CLI maps it to exit code 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Diagnostic diag)
      : std::runtime_error(diag.to_string()), diag_(std::move(diag)) {}

  const Diagnostic& diagnostic() const noexcept { return diag_; }

 private:
  Diagnostic diag_;
};

}  // namespace courtflow::models

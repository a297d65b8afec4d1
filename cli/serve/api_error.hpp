#pragma once
// An answer other than success, chosen where the problem is found: the HTTP status and the
// one-line message that goes into the JSON body {"error": MESSAGE}.

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace courtflow::cli::serve {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

/// The JSON body of an error answer.
inline std::string error_body(const std::string& message) {
  return nlohmann::json{{"error", message}}.dump() + "\n";
}

}  // namespace courtflow::cli::serve

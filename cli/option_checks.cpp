// Validators for options (see option_checks.hpp).
#include "cli/option_checks.hpp"

#include <charconv>
#include <string>

#include "analysis/marginal_capacity.hpp"

namespace courtflow::cli {

CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* first = text.data();
        const char* last = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(first, last, value);
        if (text.empty() || ec != std::errc() || ptr != last || value < lo || value > hi) {
          return "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + " (got \"" +
                 text + "\")";
        }
        return {};
      },
      "");
}

CLI::Validator added_servers() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        return analysis::parse_add_servers(value)
                   ? std::string()
                   : "must be a whole number of servers from 1 to 1000000 or a percentage such as 10% (got \"" +
                         value + "\")";
      },
      "");
}

}  // namespace courtflow::cli

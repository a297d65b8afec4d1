#pragma once
// Friendly validators for CLI11 options: whole numbers in a range (and servers to add), checked
// on the text as typed, with messages like `must be a whole number from 1 to 100000 (got "0")`. (CLI11
// 2.1.2's own Range prints its bounds in the help as "INT in [1 - 9223372036854775807]".)

#include <cstdint>

#include <CLI/CLI.hpp>

namespace courtflow::cli {

/// Accepts decimal whole numbers lo <= n <= hi (no sign for lo >= 0, no spaces, no exponent).
CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi);

/// Accepts servers to add when pricing capacity (--add of bottlenecks and report): K, a whole
/// number of servers, or P% of a stage's servers (analysis::parse_add_servers).
CLI::Validator added_servers();

}  // namespace courtflow::cli

#pragma once
// The one wording of "an arrival's seasonality.month_factors is not 12 numbers", shared by the
// model reader (model_json), validate (a model built in code) and compile, so that a user sees
// the same line whichever of them finds the problem. The caller names the field path.

#include <cstddef>
#include <string>

namespace courtflow::models {

/// What month_factors must be, as the start of an error message.
inline constexpr const char* kMonthFactorsRule = "must be an array of 12 numbers > 0, January to December";

/// The message for month_factors holding `count` entries (count != 12).
inline std::string month_factors_count_problem(std::size_t count) {
  return std::string(kMonthFactorsRule) + " (got an array of " + std::to_string(count) + ")";
}

}  // namespace courtflow::models

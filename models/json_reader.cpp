// The shared checks of JSON loaders (json_reader.hpp): bounds and their wording, how values
// are described in messages.

#include "models/json_reader.hpp"

#include <cmath>
#include <limits>

#include "models/field_path.hpp"

namespace courtflow::models {

using nlohmann::json;


const char* expectation(Bound bound) {
  switch (bound) {
    case Bound::finite: return "a finite number";
    case Bound::positive: return "a number > 0";
    case Bound::non_negative: return "a number >= 0";
    case Bound::probability: return "a number from 0 to 1";
  }
  return "a number";
}

bool within(double x, Bound bound) {
  if (!std::isfinite(x)) return false;
  switch (bound) {
    case Bound::finite: return true;
    case Bound::positive: return x > 0;
    case Bound::non_negative: return x >= 0;
    case Bound::probability: return x >= 0 && x <= 1;
  }
  return false;
}

/// A value as a message shows it after "got": numbers and literals as written, strings quoted
/// (shortened when long), containers by kind.
std::string describe(const nlohmann::json& v) {
  switch (v.type()) {
    case json::value_t::object: return v.empty() ? "an empty object" : "an object";
    case json::value_t::array: return v.empty() ? "an empty array" : "an array";
    case json::value_t::string: {
      std::string s = v.get_ref<const std::string&>();
      if (s.size() > 40) s = s.substr(0, 37) + "...";
      return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    case json::value_t::number_float: {
      const double x = v.get<double>();
      if (std::isnan(x)) return "NaN";
      if (std::isinf(x)) return x > 0 ? "infinity" : "-infinity";
      return v.dump();
    }
    default: return v.dump();
  }
}

/// An integer value of a JSON number, if it has one: integer tokens, and floats such as 420.0
/// with no fractional part (some tools write every number as a float).
std::optional<std::int64_t> as_integer(const nlohmann::json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    const double x = v.get<double>();
    if (std::isfinite(x) && std::trunc(x) == x && std::fabs(x) < 9.0e18) {
      return static_cast<std::int64_t>(x);
    }
  }
  return std::nullopt;
}

}  // namespace courtflow::models

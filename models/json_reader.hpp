#pragma once
// Reading JSON input with messages a person can act on: the shared pieces of every JSON
// loader (model files here, scenario files in scenarios/). A JsonReader checks one value at
// a time and throws InputError naming the file, the field path (`stages[3].servers`) and what
// was expected and got; unknown keys become warnings with a "did you mean" hint. Loaders
// derive from it and add their own object kinds.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/diagnostic.hpp"
#include "models/field_path.hpp"
#include "models/suggest.hpp"

namespace courtflow::models {

/// How a numeric field is bounded; each bound has one wording in messages.
enum class Bound { finite, positive, non_negative, probability };

/// "a number > 0" and so on.
const char* expectation(Bound bound);
/// Whether x is finite and within the bound.
bool within(double x, Bound bound);
/// A value as a message shows it after "got": numbers and literals as written, strings quoted
/// (shortened when long), containers by kind.
std::string describe(const nlohmann::json& v);
/// An integer value of a JSON number, if it has one: integer tokens, and floats such as 420.0
/// with no fractional part (some tools write every number as a float).
std::optional<std::int64_t> as_integer(const nlohmann::json& v);

/// The checks every loader needs. Methods are const: a reader only accumulates warnings.
class JsonReader {
 public:
  JsonReader(const std::string& file, std::vector<Diagnostic>* warnings)
      : file_(file), warnings_(warnings) {}
  virtual ~JsonReader() = default;

  [[noreturn]] void fail(const std::string& where, const std::string& message) const {
    throw InputError(Diagnostic{file_, where, message, false});
  }

  void warn(const std::string& where, const std::string& message) const {
    if (warnings_ != nullptr) warnings_->push_back(Diagnostic{file_, where, message, true});
  }

  void expect_object(const nlohmann::json& v, const std::string& where) const {
    if (!v.is_object()) fail(where, "must be an object (got " + describe(v) + ")");
  }

  /// Warns about each key of `obj` not in `known` (keys a later format may add, or typos).
  void warn_unknown_keys(const nlohmann::json& obj, const std::string& where, const std::vector<std::string>& known) const {
    for (const auto& [key, value] : obj.items()) {
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      warn_unknown_key(key, where, known);
    }
  }

  void warn_unknown_key(const std::string& key, const std::string& where,
                        const std::vector<std::string>& known) const {
    const std::string hint = did_you_mean(key, known);
    const std::string shown = nlohmann::json(key).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    warn(where, "unknown key " + shown + (hint.empty() ? " (ignored)" : hint));
  }

  static const nlohmann::json* find(const nlohmann::json& obj, const std::string& key) {
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }

  const nlohmann::json& require(const nlohmann::json& obj, const std::string& where, const std::string& key) const {
    const nlohmann::json* v = find(obj, key);
    if (v == nullptr) fail(where, "missing required key \"" + key + "\"");
    return *v;
  }

  std::string string(const nlohmann::json& v, const std::string& where) const {
    if (!v.is_string()) fail(where, "must be a string (got " + describe(v) + ")");
    return v.get<std::string>();
  }

  double number(const nlohmann::json& v, const std::string& where, Bound bound) const {
    if (!v.is_number() || !within(v.get<double>(), bound)) {
      fail(where, std::string("must be ") + expectation(bound) + " (got " + describe(v) + ")");
    }
    return v.get<double>();
  }

  std::int64_t integer(const nlohmann::json& v, const std::string& where, std::int64_t lo,
                       std::int64_t hi) const {
    const auto n = as_integer(v);
    if (!n || *n < lo || *n > hi) {
      fail(where, "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                      " (got " + describe(v) + ")");
    }
    return *n;
  }

  /// Each item of the array `v` parsed by parse_item(item, path of the item).
  template <typename ParseItem>
  auto array_of(const nlohmann::json& v, const std::string& where, ParseItem parse_item) const {
    if (!v.is_array()) fail(where, "must be an array (got " + describe(v) + ")");
    std::vector<decltype(parse_item(v, where))> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(parse_item(v[i], item_path(where, i)));
    return out;
  }

 private:
  const std::string& file_;
  std::vector<Diagnostic>* warnings_;
};

}  // namespace courtflow::models

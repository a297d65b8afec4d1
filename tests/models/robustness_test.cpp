// Bad input must give an InputError, never a crash or another exception: every value of a
// full model file is replaced in turn by junk of every JSON type, and the result is parsed,
// validated, drawn and compiled.

#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/compile.hpp"
#include "models/graphviz.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"
#include "tests/models/test_models.hpp"

namespace courtflow::models {
namespace {

using nlohmann::json;

/// JSON pointers to every value inside `j` (not the root).
void collect_pointers(const json& j, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      out.push_back(at / key);
      collect_pointers(value, at / key, out);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      out.push_back(at / i);
      collect_pointers(j[i], at / i, out);
    }
  }
}

/// Parse, validate, draw and compile; only InputError may escape, and it must name the file.
void exercise(const json& j, const std::string& label) {
  try {
    std::vector<Diagnostic> warnings;
    const Model m = parse_model(j, "junk.json", &warnings);
    const auto diagnostics = validate(m, "junk.json");
    EXPECT_FALSE(to_dot(m).empty());
    if (!has_errors(diagnostics)) {
      compile(m, "junk.json");
    }
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostic().file, "junk.json") << label;
    EXPECT_FALSE(e.diagnostic().message.empty()) << label;
  } catch (const std::exception& e) {
    ADD_FAILURE() << label << ": " << e.what();
  }
}

TEST(Robustness, JunkInAnyFieldIsAnInputErrorOrAccepted) {
  const json full = testing::full_json();
  std::vector<json::json_pointer> pointers;
  collect_pointers(full, json::json_pointer(), pointers);
  const std::vector<json> junk = {
      nullptr, true, -1, 0, 2.5, 1e300, -1e300, std::numeric_limits<double>::quiet_NaN(),
      "", "exit", "police", json::array(), json::object(), json::array({1, "a", nullptr}),
      json::parse(R"({"dist": "fixed", "value": 1})")};
  int cases = 0;
  for (const auto& pointer : pointers) {
    for (const json& value : junk) {
      json j = full;
      j[pointer] = value;
      exercise(j, pointer.to_string() + " = " + value.dump());
      ++cases;
    }
    json removed = full;
    const json::json_pointer parent = pointer.parent_pointer();
    if (removed[parent].is_object()) {
      removed[parent].erase(pointer.back());
      exercise(removed, "without " + pointer.to_string());
    }
  }
  EXPECT_GT(cases, 1000);
}

}  // namespace
}  // namespace courtflow::models

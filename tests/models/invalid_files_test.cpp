// The table of malformed model files: every tests/data/invalid/NN_name.json must be refused
// with exactly the diagnostics in NN_name.expected (one `FILE: WHERE: MESSAGE` line per error,
// FILE being the file's base name; see tests/data/invalid/README.md). The CLI tests reuse the
// same files for exit code 2.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/model_json.hpp"
#include "models/validate.hpp"

namespace courtflow::models {
namespace {

const std::filesystem::path kInvalidDir = std::filesystem::path(COURTFLOW_TEST_DATA_DIR) / "invalid";

std::vector<std::string> fixture_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kInvalidDir)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// What loading and validating `path` reports, one error per line, FILE as the base name.
std::string error_lines(const std::filesystem::path& path) {
  std::vector<Diagnostic> errors;
  try {
    const Model m = load_model_file(path);
    for (const Diagnostic& d : validate(m, path.string())) {
      if (!d.warning) errors.push_back(d);
    }
  } catch (const InputError& e) {
    errors.push_back(e.diagnostic());
  }
  std::string out;
  for (Diagnostic d : errors) {
    d.file = path.filename().string();
    out += d.to_string() + "\n";
  }
  return out;
}

class InvalidModelFile : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidModelFile, IsRefusedWithTheExpectedMessage) {
  const std::filesystem::path json = kInvalidDir / (GetParam() + ".json");
  const std::filesystem::path expected = kInvalidDir / (GetParam() + ".expected");
  ASSERT_TRUE(std::filesystem::exists(expected)) << expected << " is missing";
  EXPECT_EQ(error_lines(json), read_text(expected));
}

/// Test names are the fixture names (letters, digits and '_').
std::string fixture_test_name(const ::testing::TestParamInfo<std::string>& fixture) {
  return fixture.param;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidModelFile, ::testing::ValuesIn(fixture_names()),
                         fixture_test_name);

TEST(InvalidModelFiles, AreAtLeastTwentyFive) { EXPECT_GE(fixture_names().size(), 25u); }

TEST(InvalidModelFiles, EachExpectationHasItsModelFile) {
  for (const auto& entry : std::filesystem::directory_iterator(kInvalidDir)) {
    if (entry.path().extension() != ".expected") continue;
    std::filesystem::path json = entry.path();
    json.replace_extension(".json");
    EXPECT_TRUE(std::filesystem::exists(json)) << entry.path() << " has no model file";
  }
}

TEST(InvalidModelFiles, ExpectationsAreOneLinePerErrorAndNameTheFile) {
  for (const std::string& name : fixture_names()) {
    std::istringstream lines(read_text(kInvalidDir / (name + ".expected")));
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
      ++count;
      EXPECT_EQ(line.rfind(name + ".json: ", 0), 0u) << name << ": " << line;
    }
    EXPECT_GE(count, 1) << name;
  }
}

}  // namespace
}  // namespace courtflow::models

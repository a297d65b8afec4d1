// Every model in models/reference/ must load and validate without errors (warnings allowed),
// and compile for the engine. The reference models are data: this test is what keeps them
// runnable as the format and the checks evolve.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "models/compile.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"

namespace courtflow::models {
namespace {

TEST(ReferenceModels, LoadValidateAndCompile) {
  const std::filesystem::path dir = COURTFLOW_REFERENCE_MODELS_DIR;
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++checked;
    SCOPED_TRACE(entry.path().string());
    try {
      const Model m = load_model_file(entry.path());
      for (const Diagnostic& d : validate(m, entry.path().string())) {
        EXPECT_TRUE(d.warning) << d.to_string();
      }
      EXPECT_NO_THROW(compile(m, entry.path().string()));
    } catch (const InputError& e) {
      ADD_FAILURE() << e.what();
    }
  }
  if (checked == 0) GTEST_SKIP() << "no reference models yet in " << dir;
}

}  // namespace
}  // namespace courtflow::models

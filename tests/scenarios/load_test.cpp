// Loading a model or a scenario: base resolved relative to the scenario file, chains, cycles,
// and every shipped example scenario validating against its base.
#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <fstream>

#include "models/diagnostic.hpp"
#include "models/validate.hpp"
#include "scenarios/load.hpp"

namespace courtflow::scenarios {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("courtflow-scn-" + std::to_string(::getpid()) + "-" +
                                                 ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::create_directories(path_ / "models");
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path p = path_ / name;
    std::ofstream(p) << text;
    return p;
  }

 private:
  fs::path path_;
};

const char* kModel = R"({"courtflow": 1, "name": "m", "horizon_days": 100,
  "stages": [{"id": "a", "servers": 2, "service": {"dist": "exponential", "mean": 1}}],
  "arrivals": [{"to": "a", "rate_per_day": 1}], "routes": []})";

TEST(LoadModelOrScenario, PlainModel) {
  TempDir dir;
  const LoadedInput in = load_model_or_scenario(dir.write("models/m.json", kModel));
  EXPECT_EQ(in.model.name, "m");
  EXPECT_TRUE(in.scenarios.empty());
}

TEST(LoadModelOrScenario, ScenarioOnScenarioResolvesBasesRelativeToEachFile) {
  TempDir dir;
  dir.write("models/m.json", kModel);
  dir.write("models/s1.json", R"({"courtflow": 1, "scenario": "s1", "base": "m.json",
    "changes": [{"op": "set_servers", "stage": "a", "servers": 4}]})");
  const fs::path s2 = dir.write("s2.json", R"({"courtflow": 1, "scenario": "s2", "base": "models/s1.json",
    "changes": [{"op": "scale_servers", "stage": "a", "factor": 2, "from_day": 50}]})");
  const LoadedInput in = load_model_or_scenario(s2);
  ASSERT_EQ(in.scenarios.size(), 2u);
  EXPECT_EQ(in.model.name, "s2");
  const auto& cap = in.model.stages[0].capacity;
  ASSERT_EQ(cap.size(), 2u);
  EXPECT_EQ(cap[0].servers, 4);
  EXPECT_EQ(cap[1].servers, 8);
}

TEST(LoadModelOrScenario, CycleIsBadInput) {
  TempDir dir;
  dir.write("a.json", R"({"courtflow": 1, "scenario": "a", "base": "b.json", "changes": []})");
  const fs::path b = dir.write("b.json", R"({"courtflow": 1, "scenario": "b", "base": "a.json", "changes": []})");
  try {
    load_model_or_scenario(b);
    FAIL() << "expected InputError";
  } catch (const models::InputError& e) {
    EXPECT_NE(e.diagnostic().message.find("cycle"), std::string::npos) << e.what();
  }
}

TEST(LoadModelOrScenario, MissingBaseNamesTheScenario) {
  TempDir dir;
  const fs::path s = dir.write("s.json", R"({"courtflow": 1, "scenario": "s", "base": "gone.json", "changes": []})");
  try {
    load_model_or_scenario(s);
    FAIL() << "expected InputError";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.diagnostic().where, "base");
    EXPECT_EQ(e.diagnostic().file, s.string());
  }
}

TEST(LoadModelOrScenario, ErrorInTheBaseNamesTheBaseNotTheScenario) {
  TempDir dir;
  // Capacity steps out of day order: the overlay rewrites the schedule in order, so without a
  // check of the base first this error would vanish.
  const fs::path base = dir.write("m.json", R"({"courtflow": 1, "name": "m", "horizon_days": 100,
    "stages": [{"id": "a", "servers": 2, "service": {"dist": "exponential", "mean": 1},
                "capacity": [{"from_day": 50, "servers": 3}, {"from_day": 20, "servers": 4}]}],
    "arrivals": [{"to": "a", "rate_per_day": 1}], "routes": []})");
  const fs::path s = dir.write("s.json", R"({"courtflow": 1, "scenario": "s", "base": "m.json",
    "changes": [{"op": "scale_servers", "stage": "a", "factor": 2, "from_day": 10}]})");
  try {
    load_model_or_scenario(s);
    FAIL() << "expected InputError";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.diagnostic().file, base.string());
    EXPECT_NE(e.diagnostic().where.find("capacity"), std::string::npos) << e.what();
  }
}

TEST(LoadModelOrScenario, ScenarioBaseLoadedAloneIsValidatedToo) {
  TempDir dir;
  const fs::path good = dir.write("good.json", kModel);
  EXPECT_EQ(load_scenario_base(good).model.name, "m");
  const fs::path bad = dir.write("bad.json", R"({"courtflow": 1, "name": "m", "horizon_days": 100,
    "stages": [{"id": "a", "servers": 2, "service": {"dist": "exponential", "mean": 1}}],
    "arrivals": [{"to": "a", "rate_per_day": 1}], "routes": [{"from": "a", "to": "a", "p": 1}]})");
  EXPECT_NO_THROW(load_model_or_scenario(bad));  // the caller validates a model it runs
  try {
    load_scenario_base(bad);
    FAIL() << "expected InputError";
  } catch (const models::InputError& e) {
    EXPECT_EQ(e.diagnostic().file, bad.string());
  }
}

TEST(LoadModelOrScenario, EveryShippedExampleValidates) {
  const fs::path examples = fs::path(COURTFLOW_SOURCE_DIR) / "scenarios" / "examples";
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(examples)) {
    if (entry.path().extension() != ".json") continue;
    ++seen;
    SCOPED_TRACE(entry.path().string());
    const LoadedInput in = load_model_or_scenario(entry.path());
    for (const auto& d : models::validate(in.model, entry.path().string())) ADD_FAILURE() << d.to_string();
    // A shipped example changes routes the base model has (or its exit): set_route on a missing
    // route adds one for every case type, which is almost never what an example means (it is how a
    // renamed stage in the base would silently turn "fewer committals" into more).
    const models::Model base = load_model_or_scenario(in.base_model_file).model;
    for (const Scenario& sc : in.scenarios) {
      for (const Change& change : sc.changes) {
        const auto* route = std::get_if<SetRoute>(&change.op);
        if (route == nullptr || route->to == "exit") continue;  // the exit is the remainder
        const bool exists = std::any_of(base.routes.begin(), base.routes.end(), [&](const models::RouteDef& r) {
          return r.from == route->from && r.to == route->to;
        });
        EXPECT_TRUE(exists) << "set_route " << route->from << " -> " << route->to << ": no such route in "
                            << in.base_model_file;
      }
    }
  }
  EXPECT_GT(seen, 0);
}

}  // namespace
}  // namespace courtflow::scenarios

// libFuzzer harness for the scenario reader: bytes -> parse_json_text -> parse_scenario ->
// overlay on a fixed two-stage base model -> validate, as `courtflow run SCENARIO` does (the
// base is in memory here, so no file is read). Only models::InputError may escape the reader.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/diagnostic.hpp"
#include "models/json_input.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"
#include "scenarios/overlay.hpp"
#include "scenarios/scenario_json.hpp"

namespace {

const courtflow::models::Model& base_model() {
  static const courtflow::models::Model model = courtflow::models::parse_model_text(R"({
    "courtflow": 1, "name": "base", "horizon_days": 100,
    "stages": [{"id": "intake", "servers": 2, "service": {"dist": "exponential", "mean": 1}},
               {"id": "hearing", "servers": 1, "service": {"dist": "exponential", "mean": 0.5}}],
    "arrivals": [{"to": "intake", "rate_per_day": 1}],
    "routes": [{"from": "intake", "to": "hearing", "p": 0.5}]})",
                                                                                    "base.json");
  return model;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace courtflow;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const nlohmann::json j = models::parse_json_text(text, "fuzz.json", "scenario file");
    std::vector<models::Diagnostic> warnings;
    const scenarios::Scenario s = scenarios::parse_scenario(j, "fuzz.json", &warnings);
    const models::Model changed = scenarios::apply(base_model(), s, "fuzz.json");
    (void)models::validate(changed, "fuzz.json");
  } catch (const models::InputError&) {
  }
  return 0;
}

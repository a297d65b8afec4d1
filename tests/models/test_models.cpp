// Shared test models (see test_models.hpp).

#include "tests/models/test_models.hpp"

#include "models/model_json.hpp"

namespace courtflow::models::testing {

nlohmann::json two_stage_json() {
  return nlohmann::json::parse(R"({
    "courtflow": 1,
    "name": "two stages",
    "horizon_days": 365,
    "stages": [
      {"id": "intake", "servers": 2, "service": {"dist": "exponential", "mean": 1}},
      {"id": "hearing", "servers": 1, "service": {"dist": "exponential", "mean": 0.5}}
    ],
    "arrivals": [{"to": "intake", "rate_per_day": 1}],
    "routes": [{"from": "intake", "to": "hearing", "p": 0.8}]
  })");
}

nlohmann::json full_json() {
  return nlohmann::json::parse(R"({
    "courtflow": 1,
    "name": "crown court sketch",
    "description": "every key of the model format at least once",
    "count_unit": "cases",
    "horizon_days": 730,
    "warmup_days": 30,
    "replications": 20,
    "seed": 12345,
    "start_date": "2025-04-01",
    "stages": [
      {"id": "police", "servers": "infinite", "description": "investigation and charge",
       "service": {"dist": "lognormal", "mean": 40, "sd": 20}},
      {"id": "ptph", "servers": 30, "service": {"dist": "gamma", "mean": 0.5, "sd": 0.25},
       "capacity": [{"from_day": 0, "servers": 30}, {"from_day": 365, "servers": 35}]},
      {"id": "crown_trial", "servers": 420, "discipline": "priority",
       "service": {"dist": "weibull", "shape": 1.5, "scale": 3},
       "capacity": [{"from_day": 90, "servers": 480}],
       "patience": {"dist": "exponential", "mean": 400}, "on_timeout": "exit",
       "service_by_type": {"custody": {"dist": "triangular", "min": 1, "mode": 2, "max": 5}},
       "service_scale": [{"from_day": 180, "factor": 0.9}]},
      {"id": "sentence", "servers": 10, "service": {"dist": "uniform", "min": 0.1, "max": 0.5}},
      {"id": "relist", "servers": "infinite", "service": {"dist": "empirical", "values": [7, 14, 28]}},
      {"id": "wait", "servers": "infinite", "service": {"dist": "fixed", "value": 140}}
    ],
    "case_types": [
      {"id": "custody", "priority": 0, "description": "defendant remanded in custody"},
      {"id": "bail", "priority": 1}
    ],
    "arrivals": [
      {"to": "police", "rate_per_day": 300, "case_type": "bail"},
      {"to": "police", "rate_per_day": 50, "case_type": "custody",
       "schedule": [{"from_day": 100, "rate_per_day": 60}, {"from_day": 200, "rate_per_day": 55}]},
      {"to": "wait", "case_type": "bail", "schedule": [{"from_day": 0, "rate_per_day": 2}]}
    ],
    "routes": [
      {"from": "police", "to": "ptph", "p": 0.3},
      {"from": "ptph", "to": "sentence", "p": 0.7},
      {"from": "ptph", "to": "crown_trial", "p": 0.3},
      {"from": "crown_trial", "to": "sentence", "p": 0.6},
      {"from": "crown_trial", "to": "relist", "p": 0.25, "case_type": "bail"},
      {"from": "crown_trial", "to": "relist", "p": 0.1, "case_type": "custody"},
      {"from": "relist", "to": "crown_trial", "p": 1},
      {"from": "sentence", "to": "exit", "p": 1},
      {"from": "wait", "to": "ptph", "p": 0.5, "from_day": 10, "until_day": 400}
    ],
    "initial_wip": [
      {"stage": "crown_trial", "count": 1200, "case_type": "custody",
       "age_days": {"dist": "exponential", "mean": 200}},
      {"stage": "ptph", "count": 300, "case_type": "bail"}
    ],
    "groups": [
      {"id": "crown_court", "stages": ["ptph", "crown_trial"], "description": "Crown Court outstanding"}
    ]
  })");
}

Model parse(const nlohmann::json& j) { return parse_model(j, "test.json"); }

}  // namespace courtflow::models::testing

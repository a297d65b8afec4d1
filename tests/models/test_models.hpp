#pragma once
// Small models shared by the models tests, built as JSON text so that each test reads like a
// model file.

#include <string>

#include <nlohmann/json.hpp>

#include "models/model.hpp"

namespace courtflow::models::testing {

/// A two-stage model: intake (2 servers) -> hearing (1 server) with p 0.8, arrivals 1/day.
nlohmann::json two_stage_json();

/// A model using every key of the format (case types, capacity and arrival schedules,
/// patience, service_by_type, initial work with ages, start date...).
nlohmann::json full_json();

/// parse_model of the JSON, naming the file "test.json"; throws InputError.
Model parse(const nlohmann::json& j);

}  // namespace courtflow::models::testing

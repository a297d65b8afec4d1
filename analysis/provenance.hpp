#pragma once
// What every JSON output says about how it was made (the "provenance" block of summary.json
// and bottlenecks.json), and how counts of days are written in all of them. One place, so
// that outputs from different commands can be traced to the same inputs in the same way.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace courtflow::analysis {

/// A count of days as written in a model file: 365 rather than 365.0 when it is whole.
nlohmann::ordered_json days_json(double days);

struct Provenance {
  std::string model_hash;  ///< "fnv1a64:..." of the canonical model JSON
  double horizon_days = 0;
  double warmup_days = 0;
  std::optional<std::string> start_date;
  std::string count_unit;  ///< empty = "cases"
};

/// {"courtflow_version", "format_version", "model_hash", "warmup_days", "observed_days",
/// "start_date", "count_unit"}.
nlohmann::ordered_json provenance_json(const Provenance& p);

}  // namespace courtflow::analysis

// The provenance block and day counts shared by the JSON outputs (provenance.hpp).

#include "analysis/provenance.hpp"

#include <cmath>
#include <cstdint>

#include "analysis/version.hpp"

namespace courtflow::analysis {

using Json = nlohmann::ordered_json;

Json days_json(double days) {
  if (days == std::trunc(days) && std::fabs(days) < 9e15) return Json(static_cast<std::int64_t>(days));
  return Json(days);
}

Json provenance_json(const Provenance& p) {
  Json j = Json::object();
  j["courtflow_version"] = version();
  j["format_version"] = 1;
  j["model_hash"] = p.model_hash;
  j["warmup_days"] = days_json(p.warmup_days);
  j["observed_days"] = days_json(p.horizon_days - p.warmup_days);
  j["start_date"] = p.start_date ? Json(*p.start_date) : Json(nullptr);
  j["count_unit"] = p.count_unit.empty() ? Json("cases") : Json(p.count_unit);
  return j;
}

}  // namespace courtflow::analysis

// The implicit "default" case type rule (see case_types.hpp).

#include "models/case_types.hpp"

#include <algorithm>
#include <string>

namespace courtflow::models {

std::optional<int> EffectiveCaseTypes::index_of(std::string_view id) const {
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (types[i].id == id) return static_cast<int>(i);
  }
  return std::nullopt;
}

EffectiveCaseTypes effective_case_types(const Model& m) {
  EffectiveCaseTypes out;
  out.types = m.case_types;
  const bool untyped_entry =
      std::any_of(m.arrivals.begin(), m.arrivals.end(),
                  [](const ArrivalDef& a) { return !a.case_type.has_value(); }) ||
      std::any_of(m.initial_wip.begin(), m.initial_wip.end(),
                  [](const InitialWipDef& w) { return !w.case_type.has_value(); });
  if (!m.case_types.empty() && !untyped_entry) return out;

  if (const auto declared = out.index_of(kDefaultCaseType)) {
    out.default_index = declared;
    return out;
  }
  int priority = 0;
  if (!m.case_types.empty()) {
    const auto lowest = std::max_element(
        m.case_types.begin(), m.case_types.end(),
        [](const CaseTypeDef& a, const CaseTypeDef& b) { return a.priority < b.priority; });
    priority = lowest->priority + 1;
  }
  out.types.push_back(CaseTypeDef{std::string(kDefaultCaseType), priority, {}});
  out.default_index = static_cast<int>(out.types.size()) - 1;
  out.default_is_implicit = true;
  return out;
}

}  // namespace courtflow::models

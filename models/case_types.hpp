#pragma once
// The case types a model runs with. A model may declare none, in which case every case has
// one implicit type called "default"; or it may declare some and still have arrivals or
// initial work without a "case_type", which then get the type "default" too (appended after
// the declared types, served after all of them at priority stages, unless the model declares a
// type called "default" itself). models/validate and models/compile both follow this rule, so
// it lives here once.

#include <optional>
#include <string_view>
#include <vector>

#include "models/model.hpp"

namespace courtflow::models {

/// Name of the implicit case type.
inline constexpr std::string_view kDefaultCaseType = "default";

struct EffectiveCaseTypes {
  /// In index order: the declared types in file order, then the implicit "default" if needed.
  std::vector<CaseTypeDef> types;
  /// The index that arrivals and initial work without a "case_type" get; nullopt when every
  /// arrival and initial-work entry names a type (so no such index is needed).
  std::optional<int> default_index;
  /// True when "default" was added by the rule above rather than declared.
  bool default_is_implicit = false;

  /// The index of the type with this id, or nullopt.
  std::optional<int> index_of(std::string_view id) const;
};

/// The case types `m` runs with (see the file comment).
EffectiveCaseTypes effective_case_types(const Model& m);

}  // namespace courtflow::models

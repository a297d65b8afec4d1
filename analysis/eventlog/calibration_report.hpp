#pragma once
// The calibration report: report.json (machine-readable) and report.md (a readable page): the
// data-quality findings, each stage's capacity and duration fit (candidates by AIC, KS
// distance, quantile table), routing, arrivals, and the validation of the fitted model against
// the log. Built from case-level data, so it aggregates: no case id appears, and any count of
// cases or events from 1 to kDisclosureThreshold - 1 is written as "<10" (PRODUCT.md, privacy).

#include <cstdint>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/eventlog/calibrate.hpp"

namespace courtflow::analysis::eventlog {

inline constexpr std::uint64_t kDisclosureThreshold = 10;

/// A count as people read it: "<10" from 1 to kDisclosureThreshold - 1, else the number with
/// commas between groups of three digits ("12,345"). For the report and the screen alike.
std::string count_text(std::uint64_t n);

nlohmann::ordered_json report_json(const Calibration& c);
void write_report_markdown(std::ostream& out, const Calibration& c);

/// Relative difference (simulated - log) / log; NaN when the log value is 0.
double relative_difference(double log_value, double simulated_value);

}  // namespace courtflow::analysis::eventlog

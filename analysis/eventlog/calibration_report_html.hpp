#pragma once
// report.html for `courtflow calibrate --report DIR`: the calibration report as one
// self-contained page for an analyst. It is rendered from report.json's own document
// (report_json), never from the calibration directly, so the page shows exactly the numbers
// and the suppressed counts ("<10") that report.json holds and cannot disagree with it.
//
// In order: what to know first; data quality (rows read, kept and dropped by reason, events
// out of order, cases possibly open, activities seen once); stages (capacity and how it was
// decided, the chosen distribution, AIC, KS distance, a fitted-vs-empirical quantile table and
// chart per stage, where the time goes); routing; arrivals (monthly rates, the constant-rate
// test, streams, and seasonality when report.json has it); the validation, log against
// simulated, each figure marked within or outside 10%.
//
// Nothing is fetched: the style is inline and the charts are inline SVG drawn here (no
// script at all; a Content-Security-Policy forbids every request). Each chart has a title
// and a description, and a table beside it holds the same numbers. Every text that comes from
// the log (activity names, case types, months) is HTML-escaped.

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace courtflow::analysis::eventlog {

/// Writes the page for `report`, a document made by report_json.
void write_report_html(std::ostream& out, const nlohmann::ordered_json& report);

}  // namespace courtflow::analysis::eventlog

#pragma once
// report.html: one self-contained page for people who will not read JSON. In order: title and
// date; the headline sentences; a fan chart of the open caseload per key stage (Vega, inlined;
// base and scenarios together, mean line and 5th-95th percentile band), each with a data table
// as its text alternative; the bottleneck table; the stage diagram (Graphviz SVG, inlined); the
// marginal value of capacity; the levers that differ between scenarios; method, data sources
// and caveats. A Content-Security-Policy forbids every request and eval, so the page can fetch
// nothing even by mistake; a print stylesheet lays it out on A4. Pure: writes to std::ostream.

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/html_escape.hpp"
#include "analysis/report/report_content.hpp"

namespace courtflow::analysis::report {

/// The parts of the page that come from other programs.
struct PageAssets {
  std::string vega_runtime;  ///< the <script> elements of write_vega_runtime
  std::string stage_diagram_svg;  ///< Graphviz `dot -Tsvg` output (prolog and doctype are dropped)
};

/// Writes the whole page. Throws std::invalid_argument if the diagram is not SVG.
void write_report_html(std::ostream& out, const ReportContent& content, const PageAssets& assets);

/// The Vega spec of one fan chart, as the page draws it (also used by `courtflow serve`).
nlohmann::ordered_json fan_chart_spec(const FanChart& chart, const ReportContent& content);

/// `svg` from its <svg element on, for inlining in HTML (drops the XML prolog, DOCTYPE and
/// leading comments). Throws std::invalid_argument if there is no <svg element.
std::string inline_svg(const std::string& svg);

}  // namespace courtflow::analysis::report

#pragma once
// The table rules of every HTML page courtflow writes (the report's report.html and
// calibrate's report.html), kept in one place so that their tables look the same.

#include <string_view>

namespace courtflow::analysis {

/// CSS for tables and their scrolling wrapper, one rule a line, each line ending in a newline;
/// a page's style sheet puts it among its other rules. The colours are the page's custom
/// properties --muted, --rule and --shade, which the page defines.
inline constexpr std::string_view kTableCss =
    ".table-wrap { overflow-x: auto; }\n"
    "table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.5rem 0; }\n"
    "caption { text-align: left; color: var(--muted); padding-bottom: 0.3rem; }\n"
    "th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }\n"
    "th { background: var(--shade); font-weight: 600; }\n"
    "td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\n";

}  // namespace courtflow::analysis

// report.html (see report_html.hpp).
#include "analysis/report/report_html.hpp"

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/html_table_style.hpp"
#include "analysis/number_text.hpp"
#include "analysis/report/headlines.hpp"
#include "analysis/report/page_table.hpp"
#include "models/dates.hpp"

namespace courtflow::analysis::report {
namespace {

using Json = nlohmann::ordered_json;

// Okabe & Ito's colour-blind-safe palette; the base is black and dashed, so that it also reads
// in black-and-white print.
const char* const kBaseColour = "#000000";
const char* const kScenarioColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"};

// Everything the page may load: nothing. Inline scripts and styles, and data: images (none
// are used), only; no eval (Vega runs with its interpreter).
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'";

// The style sheet: kStyleHead, the tables' rules every page shares (kTableCss,
// html_table_style.hpp), then kStyleTail.
constexpr const char* kStyleHead = R"css(
:root { color-scheme: light; --ink: #1b1b1b; --muted: #505a5f; --rule: #b1b4b6; --shade: #f3f2f1; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; border-top: 2px solid var(--ink); padding-top: 0.5rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.25rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
ol.headlines { padding-left: 1.4rem; font-size: 1.08rem; }
ol.headlines li { margin: 0 0 0.6rem; }
figure { margin: 1rem 0 1.5rem; }
figcaption, .caption { color: var(--muted); font-size: 0.92rem; }
.chart { width: 100%; min-height: 200px; }
.chart svg, .diagram svg { max-width: 100%; height: auto; }
.diagram { overflow-x: auto; border: 1px solid var(--rule); padding: 0.5rem; }
)css";

constexpr const char* kStyleTail = R"css(details { margin: 0.25rem 0 0; }
summary { cursor: pointer; color: #1d70b8; }
.error { color: #d4351c; font-weight: 600; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: 0.6rem; }
  h1 { font-size: 1.45rem; }
  th, td { padding: 0.25rem 0.3rem; }
}
@page { size: A4; margin: 16mm 14mm 18mm; @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 9pt; color: #505a5f; } }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 18pt; }
  h2 { font-size: 13pt; break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  figure, tr, ol.headlines li { break-inside: avoid; page-break-inside: avoid; }
  details, summary { display: none; }
  .diagram { border: none; overflow: visible; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  a { color: inherit; text-decoration: none; }
}
)css";

// Draws every chart whose element names a spec, and records on <html> how many were drawn
// (data-charts-rendered) or failed (data-charts-failed), so that a headless browser can tell.
constexpr const char* kRenderScript = R"js(
(function () {
  "use strict";
  var root = document.documentElement;
  var charts = Array.prototype.slice.call(document.querySelectorAll("[data-vega-spec]"));
  var drawn = 0, failed = 0;
  function record() {
    root.setAttribute("data-charts-rendered", String(drawn));
    root.setAttribute("data-charts-failed", String(failed));
  }
  root.setAttribute("data-charts-total", String(charts.length));
  record();
  charts.forEach(function (element) {
    try {
      var spec = JSON.parse(document.getElementById(element.getAttribute("data-vega-spec")).textContent);
      var view = new vega.View(vega.parse(spec, null, {ast: true}),
                               {expr: vega.expressionInterpreter, renderer: "svg", container: element, hover: false});
      view.runAsync().then(function () { drawn += 1; record(); },
                           function (error) { failed += 1; record(); element.insertAdjacentHTML("beforeend",
                             "<p class=\"error\">This chart could not be drawn; its data table follows.</p>");
                             console.error("courtflow report: chart " + element.id + ": " + error); });
    } catch (error) {
      failed += 1;
      record();
      console.error("courtflow report: chart " + element.id + ": " + error);
    }
  });
})();
)js";

std::string attr(const std::string& text) { return html_escape(text); }

// JSON for a <script type="application/json"> element. "</script" would end the element early
// and "<!--" then "<script" would keep it from ending at all (the HTML parser's escaped script
// states), so no "<" is written: in JSON it can only be inside a string, where \u003c is the
// same character.
std::string script_json(const Json& j) {
  const std::string text = j.dump();
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    if (ch == '<') {
      out += "\\u003c";
    } else {
      out += ch;
    }
  }
  return out;
}

std::string colour_of(std::size_t line) {
  return line == 0 ? kBaseColour : kScenarioColours[(line - 1) % std::size(kScenarioColours)];
}

// Milliseconds since 1970 of an ISO date, for Vega's utc scale.
double epoch_ms(const std::string& iso) {
  const auto day = models::parse_iso_date(iso);
  return day ? static_cast<double>(*day) * 86400000.0 : 0.0;
}

Json json_number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json fan_spec(const FanChart& chart, const ReportContent& c) {
  const bool dated = c.start_date.has_value();
  Json values = Json::array();
  Json domain = Json::array();
  Json colours = Json::array();
  Json dashes = Json::array();
  for (std::size_t l = 0; l < chart.lines.size(); ++l) {
    const FanLine& line = chart.lines[l];
    domain.push_back(line.run);
    colours.push_back(colour_of(l));
    dashes.push_back(l == 0 ? Json::array({6, 4}) : Json::array({1, 0}));
    for (std::size_t p = 0; p < line.period_end_days.size(); ++p) {
      values.push_back({{"run", line.run},
                        {"t", dated ? epoch_ms(line.period_end_dates[p]) : line.period_end_days[p]},
                        {"mean", json_number(line.mean[p])},
                        {"p05", json_number(line.p05[p])},
                        {"p95", json_number(line.p95[p])}});
    }
  }
  const std::string unit = c.count_unit;
  Json spec;
  spec["$schema"] = "vega/v5";
  spec["description"] = "Line chart with bands: open caseload of the " + chart.label + " (" + unit +
                        ") at the end of each period, for " + std::to_string(chart.lines.size()) +
                        " runs. The same numbers are in the data table below the chart.";
  spec["autosize"] = {{"type", "fit-x"}, {"contains", "padding"}, {"resize", true}};
  spec["height"] = 260;
  spec["padding"] = 4;
  spec["signals"] = Json::array(
      {{{"name", "width"},
        {"init", "max(280, containerSize()[0])"},
        {"on", Json::array({{{"events", {{"source", "window"}, {"type", "resize"}}}, {"update", "max(280, containerSize()[0])"}}})}}});
  spec["title"] = {{"text", "Open caseload: " + chart.label},
                   {"subtitle", "mean (line) and the range of 90% of runs (band), " + unit},
                   {"anchor", "start"},
                   {"fontSize", 15},
                   {"subtitleFontSize", 12}};
  spec["data"] = Json::array({{{"name", "points"}, {"values", values}}});
  Json x = {{"name", "x"}, {"type", dated ? "utc" : "linear"}, {"domain", {{"data", "points"}, {"field", "t"}}},
            {"range", "width"}};
  if (!dated) x["zero"] = false;
  spec["scales"] = Json::array(
      {x,
       {{"name", "y"}, {"type", "linear"}, {"domain", {{"data", "points"}, {"fields", Json::array({"p05", "p95", "mean"})}}},
        {"range", "height"}, {"nice", true}, {"zero", false}},
       {{"name", "colour"}, {"type", "ordinal"}, {"domain", domain}, {"range", colours}},
       {{"name", "dash"}, {"type", "ordinal"}, {"domain", domain}, {"range", dashes}}});
  Json x_axis = {{"orient", "bottom"}, {"scale", "x"}, {"title", dated ? "Period end (date)" : "Period end (day of the projection)"},
                 {"labelOverlap", true}, {"tickCount", 6}, {"labelFontSize", 11}, {"titleFontSize", 12}};
  if (dated) {
    x_axis["format"] = "%b %Y";
    x_axis["formatType"] = "utc";
  }
  spec["axes"] = Json::array({x_axis,
                              {{"orient", "left"}, {"scale", "y"}, {"title", "Open caseload (" + unit + ")"},
                               {"format", ",.0f"}, {"grid", true}, {"gridColor", "#dddddd"}, {"labelFontSize", 11},
                               {"titleFontSize", 12}, {"tickCount", 6}}});
  spec["legends"] = Json::array({{{"stroke", "colour"}, {"strokeDash", "dash"}, {"title", "Run"}, {"orient", "bottom"},
                                  {"direction", "vertical"}, {"labelFontSize", 12}, {"titleFontSize", 12},
                                  {"symbolType", "stroke"}, {"symbolStrokeWidth", 3}, {"labelLimit", 600}}});
  const Json defined_band = {{"signal", "isValid(datum.p05) && isValid(datum.p95)"}};
  const Json defined_line = {{"signal", "isValid(datum.mean)"}};
  Json band = {{"type", "area"},
               {"from", {{"data", "series"}}},
               {"encode",
                {{"update",
                  {{"x", {{"scale", "x"}, {"field", "t"}}},
                   {"y", {{"scale", "y"}, {"field", "p05"}}},
                   {"y2", {{"scale", "y"}, {"field", "p95"}}},
                   {"defined", defined_band},
                   {"fill", {{"scale", "colour"}, {"field", "run"}}},
                   {"fillOpacity", {{"value", 0.14}}}}}}}};
  Json mean_line = {{"type", "line"},
                    {"from", {{"data", "series"}}},
                    {"encode",
                     {{"update",
                       {{"x", {{"scale", "x"}, {"field", "t"}}},
                        {"y", {{"scale", "y"}, {"field", "mean"}}},
                        {"defined", defined_line},
                        {"stroke", {{"scale", "colour"}, {"field", "run"}}},
                        {"strokeDash", {{"scale", "dash"}, {"field", "run"}}},
                        {"strokeWidth", {{"value", 2.5}}}}}}}};
  spec["marks"] = Json::array({{{"type", "group"},
                                {"from", {{"facet", {{"name", "series"}, {"data", "points"}, {"groupby", "run"}}}}},
                                {"marks", Json::array({band, mean_line})}}});
  return spec;
}

void write_table(std::ostream& out, const Table& t, bool with_caption = true) {
  out << "<div class=\"table-wrap\"><table id=\"table-" << attr(t.name) << "\">";
  if (with_caption && !t.caption.empty()) out << "<caption>" << html_escape(t.caption) << "</caption>";
  const PageTable page = page_table(t);
  out << "<thead><tr>";
  for (const std::string& heading : page.headings) out << "<th scope=\"col\">" << html_escape(heading) << "</th>";
  out << "</tr></thead><tbody>";
  for (const std::vector<PageCell>& row : page.rows) {
    out << "<tr>";
    for (const PageCell& cell : row) {
      out << (cell.numeric ? "<td class=\"num\">" : "<td>") << html_escape(cell.text) << "</td>";
    }
    out << "</tr>";
  }
  out << "</tbody></table></div>\n";
}

void write_chart(std::ostream& out, const FanChart& chart, std::size_t index, const ReportContent& c) {
  const std::string id = "chart-" + std::to_string(index + 1);
  out << "<figure class=\"fan\" aria-labelledby=\"" << id << "-caption\">\n";
  out << "<script type=\"application/json\" id=\"" << id << "-spec\">" << script_json(fan_spec(chart, c))
      << "</script>\n";
  out << "<div class=\"chart\" id=\"" << id << "\" data-vega-spec=\"" << id << "-spec\" data-series=\""
      << attr(chart.series) << "\" role=\"img\" aria-label=\"Chart of the open caseload of the "
      << attr(chart.label) << " over time, for the base and each scenario; the data table follows.\"></div>\n";
  out << "<figcaption id=\"" << id << "-caption\">Open caseload of the " << html_escape(chart.label) << " ("
      << html_escape(c.count_unit) << ") at the end of each period. Line: mean of " << c.replications
      << " runs. Band: 90% of runs fell inside it (5th to 95th percentile). The base is the black dashed line."
      << "</figcaption>\n";
  out << "<details><summary>Data table for this chart</summary><div class=\"table-wrap\"><table>"
      << "<thead><tr><th scope=\"col\">Run</th><th scope=\"col\">Period end</th><th scope=\"col\">Mean</th>"
      << "<th scope=\"col\">5th percentile</th><th scope=\"col\">95th percentile</th></tr></thead><tbody>";
  const auto count = [&](double v) {
    return std::isfinite(v) ? grouped_whole(v) : (c.disclosure.threshold > 0 ? "<" + std::to_string(c.disclosure.threshold) : "");
  };
  for (const FanLine& line : chart.lines) {
    for (std::size_t p = 0; p < line.period_end_days.size(); ++p) {
      const std::string when = line.period_end_dates[p].empty() ? "day " + fixed_text(line.period_end_days[p], 0)
                                                                : line.period_end_dates[p];
      out << "<tr><td>" << html_escape(line.run) << "</td><td>" << when << "</td><td class=\"num\">"
          << html_escape(count(line.mean[p])) << "</td><td class=\"num\">" << html_escape(count(line.p05[p]))
          << "</td><td class=\"num\">" << html_escape(count(line.p95[p])) << "</td></tr>";
    }
  }
  out << "</tbody></table></div></details>\n</figure>\n";
}

void write_paragraphs(std::ostream& out, const std::vector<std::string>& paragraphs) {
  for (const std::string& p : paragraphs) out << "<p>" << html_escape(p) << "</p>\n";
}

std::string long_or_iso(const std::string& iso) {
  const auto day = models::parse_iso_date(iso);
  return day ? long_date(*day) : iso;
}

}  // namespace

nlohmann::ordered_json fan_chart_spec(const FanChart& chart, const ReportContent& content) {
  return fan_spec(chart, content);
}

std::string inline_svg(const std::string& svg) {
  const std::size_t at = svg.find("<svg");
  if (at == std::string::npos) throw std::invalid_argument("the stage diagram is not SVG (no <svg element)");
  return svg.substr(at);
}

void write_report_html(std::ostream& out, const ReportContent& c, const PageAssets& assets) {
  const std::string diagram = inline_svg(assets.stage_diagram_svg);
  out << "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << kContentSecurityPolicy << "\">\n"
      << "<meta name=\"generator\" content=\"courtflow report\">\n"
      << "<title>" << html_escape(c.title) << "</title>\n<style>" << kStyleHead << kTableCss << kStyleTail
      << "</style>\n</head>\n<body>\n<main>\n";

  // Title and date.
  out << "<header>\n<h1>" << html_escape(c.title) << "</h1>\n<p class=\"meta\">Made on "
      << html_escape(long_or_iso(c.made_on)) << " by courtflow. Base model \u201c" << html_escape(c.base) << "\u201d";
  if (!c.scenarios.empty()) {
    out << " against " << c.scenarios.size() << (c.scenarios.size() == 1 ? " scenario" : " scenarios");
  }
  out << "; " << c.replications << " simulated runs each; projection to " << html_escape(long_or_iso(c.horizon_date))
      << ". Counts are in " << html_escape(c.count_unit) << ".</p>\n</header>\n";

  // Headlines.
  out << "<section id=\"headlines\">\n<h2>Headlines</h2>\n<ol class=\"headlines\">\n";
  for (const Headline& h : c.headlines) {
    out << "<li";
    for (const auto& [key, value] : h.data) out << " data-" << key << "=\"" << attr(value) << "\"";
    out << ">" << html_escape(h.text) << "</li>\n";
  }
  out << "</ol>\n</section>\n";

  // Fan charts.
  out << "<section id=\"caseload\">\n<h2>Open caseload over time</h2>\n";
  for (std::size_t i = 0; i < c.charts.size(); ++i) write_chart(out, c.charts[i], i, c);
  out << "<h3>" << html_escape(c.levels.title) << "</h3>\n";
  write_table(out, c.levels);
  out << "</section>\n";

  // Bottlenecks.
  out << "<section id=\"bottlenecks\">\n<h2>" << html_escape(c.bottlenecks.title) << "</h2>\n";
  if (c.bottlenecks.rows.empty()) {
    out << "<p>No stage is limited by capacity: every stage is modelled as a pure delay.</p>\n";
  } else {
    write_table(out, c.bottlenecks);
  }
  out << "</section>\n";

  // Stage diagram.
  out << "<section id=\"diagram\">\n<h2>How cases flow: the stage diagram</h2>\n<figure>\n"
      << "<div class=\"diagram\" role=\"img\" aria-label=\"Diagram of the stages of the base model and the routes "
         "between them, with the share of cases on each route.\">"
      << diagram << "</div>\n<figcaption>Stages of the base model (boxes: servers, or \u201cdelay\u201d for a stage "
                    "without a capacity limit) and the routes between them, labelled with the share of cases that "
                    "take each route; dashed lines are cases that give up waiting.</figcaption>\n</figure>\n</section>\n";

  // Marginal value of capacity.
  out << "<section id=\"marginal\">\n<h2>" << html_escape(c.marginal.title) << "</h2>\n";
  if (c.marginal.rows.empty()) {
    out << "<p>No stage is limited by capacity, so there is no capacity to price.</p>\n";
  } else {
    write_table(out, c.marginal);
  }
  out << "</section>\n";

  // Levers and assumptions.
  out << "<section id=\"assumptions\">\n<h2>What was assumed</h2>\n";
  if (c.levers.rows.empty()) {
    out << "<p>No scenario was given: the report shows the base alone.</p>\n";
  } else {
    out << "<h3>" << html_escape(c.levers.title) << "</h3>\n";
    write_table(out, c.levers);
  }
  out << "<h3>" << html_escape(c.assumptions.title) << "</h3>\n";
  write_table(out, c.assumptions);
  out << "</section>\n";

  // Method, sources, caveats.
  out << "<section id=\"method\">\n<h2>Method, data and caveats</h2>\n<h3>Method</h3>\n";
  write_paragraphs(out, c.method);
  out << "<h3>Data sources and vintages</h3>\n";
  write_paragraphs(out, c.sources);
  out << "<h3>Caveats</h3>\n<ul>\n";
  for (const std::string& p : c.caveats) out << "<li>" << html_escape(p) << "</li>\n";
  out << "</ul>\n</section>\n</main>\n";

  out << assets.vega_runtime;
  out << "<script>" << kRenderScript << "</script>\n</body>\n</html>\n";
}

}  // namespace courtflow::analysis::report

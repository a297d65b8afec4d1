// report.html for `courtflow calibrate` (calibration_report_html.hpp), from report.json's document.

#include "analysis/eventlog/calibration_report_html.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/html_escape.hpp"
#include "analysis/html_table_style.hpp"
#include "analysis/number_text.hpp"

namespace courtflow::analysis::eventlog {
namespace {

using Json = nlohmann::ordered_json;

constexpr double kTolerance = 0.10;  ///< the validation's bar: simulated within 10% of the log

constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

// The style sheet: kStyleHead, the tables' rules every page shares (kTableCss,
// html_table_style.hpp), then kStyleTail.
constexpr const char* kStyleHead = R"css(
:root { color-scheme: light; --ink: #1b1b1b; --muted: #505a5f; --rule: #b1b4b6; --shade: #f3f2f1; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; border-top: 2px solid var(--ink); padding-top: 0.5rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.25rem; }
.meta, figcaption { color: var(--muted); }
figcaption { font-size: 0.92rem; }
figure { margin: 1rem 0 1.5rem; }
svg.chart { width: 100%; max-width: 46rem; height: auto; display: block; }
)css";

constexpr const char* kStyleTail = R"css(.within { color: #00703c; font-weight: 600; }
.outside { color: #d4351c; font-weight: 600; }
.untested { color: var(--muted); }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure, tr { break-inside: avoid; page-break-inside: avoid; }
  table { font-size: 8.5pt; }
}
)css";

// ---- text -------------------------------------------------------------------------------

std::string esc(const std::string& s) { return html_escape(s); }

/// A JSON value as text: strings as they are (a suppressed count is "<10"), whole numbers with
/// thousands separators, other numbers with `decimals`, null as "-".
std::string text(const Json& v, int decimals = 2) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_integer() || v.is_number_unsigned()) {
    std::string digits = std::to_string(v.get<long long>()), out;
    const std::size_t first = digits[0] == '-' ? 1 : 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > first && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return out;
  }
  if (v.is_number()) return fixed_text(v.get<double>(), decimals);
  return "-";
}
std::string text_at(const Json& j, const char* key, int decimals = 2) {
  return j.contains(key) ? text(j.at(key), decimals) : std::string("-");
}
/// A number from the document (NaN when null, missing or a suppressed count).
double value(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_number()) return NAN;
  return j.at(key).get<double>();
}
std::string percent(double v) {
  if (!std::isfinite(v)) return "-";
  return (v > 0 ? "+" : "") + fixed_text(100 * v, 1) + "%";
}

/// A share or an absolute difference as a percentage, without a sign: "3.2%", "0.0%"; "-"
/// when not known.
std::string share_text(double v) {
  if (!std::isfinite(v)) return "-";
  return fixed_text(100 * v, 1) + "%";
}

/// The DIST of a model file in words: "lognormal (mean 14.2, sd 20.1)", "empirical (500 values)".
std::string dist_text(const Json& d) {
  if (!d.is_object() || !d.contains("dist")) return "-";
  const std::string family = d.at("dist").get<std::string>();
  if (family == "empirical") {
    return "empirical (" + std::to_string(d.contains("values") ? d.at("values").size() : 0) + " values)";
  }
  std::string out = family + " (";
  bool first = true;
  for (const auto& [key, v] : d.items()) {
    if (key == "dist" || !v.is_number()) continue;
    out += (first ? "" : ", ") + key + " " + fixed_text(v.get<double>(), 3);
    first = false;
  }
  return out + ")";
}

/// Within or outside the tolerance, in words and a symbol (not in colour alone).
std::string marker(double relative_difference, bool tested = true) {
  if (!tested) return "<span class=\"untested\">not tested (fewer than 10 events)</span>";
  if (!std::isfinite(relative_difference)) return "<span class=\"untested\">-</span>";
  return std::fabs(relative_difference) <= kTolerance ? "<span class=\"within\">&#10003; within 10%</span>"
                                                      : "<span class=\"outside\">&#10007; outside 10%</span>";
}

// ---- tables -----------------------------------------------------------------------------

struct Cell {
  std::string html;  ///< already escaped
  bool numeric = false;
};
Cell num_cell(const std::string& s) { return {esc(s), true}; }
Cell text_cell(const std::string& s) { return {esc(s), false}; }

void table(std::ostream& out, const std::string& caption, const std::vector<std::string>& headings,
           const std::vector<std::vector<Cell>>& rows) {
  out << "<div class=\"table-wrap\"><table>\n<caption>" << esc(caption) << "</caption>\n<thead><tr>";
  for (const std::string& h : headings) out << "<th scope=\"col\">" << esc(h) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (const std::vector<Cell>& row : rows) {
    out << "<tr>";
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (k == 0) {
        out << "<th scope=\"row\">" << row[k].html << "</th>";
      } else {
        out << (row[k].numeric ? "<td class=\"num\">" : "<td>") << row[k].html << "</td>";
      }
    }
    out << "</tr>\n";
  }
  out << "</tbody></table></div>\n";
}

// ---- charts (inline SVG) ----------------------------------------------------------------

/// Scales [0, top] to [0, width]: top rounded up to 1, 2 or 5 times a power of ten.
double nice_top(double most) {
  if (!(most > 0)) return 1;
  const double p = std::pow(10, std::floor(std::log10(most)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= most) return m * p;
  }
  return 10 * p;
}

struct Bar {
  std::string label;
  std::vector<double> values;  ///< one per series; NaN draws nothing (e.g. a suppressed month)
};

/// Horizontal bars, one group per row and one bar per series, with a labelled axis.
void bar_chart(std::ostream& out, int& charts, const std::string& title, const std::string& description,
               const std::vector<std::string>& series, const std::vector<Bar>& bars, const std::string& unit) {
  static const char* const kColours[] = {"#0072B2", "#D55E00"};
  const int id = ++charts;
  const double label_w = 230, plot_w = 380, width = label_w + plot_w + 70;
  const double bar_h = 11, group_h = bar_h * static_cast<double>(series.size()) + 6;
  const double top_margin = series.size() > 1 ? 26 : 8;
  const double height = top_margin + group_h * static_cast<double>(bars.size()) + 30;
  double most = 0;
  for (const Bar& b : bars) {
    for (double v : b.values) {
      if (std::isfinite(v)) most = std::max(most, v);
    }
  }
  const double top = nice_top(most);
  out << "<figure>\n<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " << width << ' ' << height
      << "\" aria-labelledby=\"chart" << id << "-title chart" << id << "-desc\" xmlns=\"http://www.w3.org/2000/svg\""
      << " font-family=\"system-ui, sans-serif\" font-size=\"11\">\n<title id=\"chart" << id << "-title\">"
      << esc(title) << "</title>\n<desc id=\"chart" << id << "-desc\">" << esc(description) << "</desc>\n";
  if (series.size() > 1) {
    double x = label_w;
    for (std::size_t s = 0; s < series.size(); ++s) {
      out << "<rect x=\"" << x << "\" y=\"6\" width=\"12\" height=\"10\" fill=\"" << kColours[s % 2] << "\"/>"
          << "<text x=\"" << x + 16 << "\" y=\"15\">" << esc(series[s]) << "</text>\n";
      x += 130;
    }
  }
  const double axis_y = top_margin + group_h * static_cast<double>(bars.size());
  for (int t = 0; t <= 4; ++t) {
    const double x = label_w + plot_w * t / 4;
    out << "<line x1=\"" << x << "\" y1=\"" << top_margin << "\" x2=\"" << x << "\" y2=\"" << axis_y
        << "\" stroke=\"#dddddd\"/><text x=\"" << x << "\" y=\"" << axis_y + 14 << "\" text-anchor=\"middle\">"
        << esc(amount_text(top * t / 4)) << "</text>\n";
  }
  out << "<text x=\"" << label_w + plot_w / 2 << "\" y=\"" << axis_y + 27 << "\" text-anchor=\"middle\">" << esc(unit)
      << "</text>\n";
  for (std::size_t b = 0; b < bars.size(); ++b) {
    const double y0 = top_margin + group_h * static_cast<double>(b);
    out << "<text x=\"" << label_w - 6 << "\" y=\"" << y0 + group_h / 2 + 3 << "\" text-anchor=\"end\">"
        << esc(bars[b].label.size() > 36 ? bars[b].label.substr(0, 34) + "..." : bars[b].label) << "</text>\n";
    for (std::size_t s = 0; s < bars[b].values.size(); ++s) {
      const double v = bars[b].values[s];
      if (!std::isfinite(v)) continue;
      const double y = y0 + 3 + bar_h * static_cast<double>(s);
      out << "<rect x=\"" << label_w << "\" y=\"" << y << "\" width=\"" << std::max(0.0, plot_w * v / top)
          << "\" height=\"" << bar_h - 1 << "\" fill=\"" << kColours[s % 2] << "\"><title>" << esc(bars[b].label)
          << (series.size() > 1 ? ", " + series[s] : std::string()) << ": " << esc(amount_text(v)) << "</title></rect>\n";
    }
  }
  out << "</svg>\n<figcaption>" << esc(description) << "</figcaption>\n</figure>\n";
}

/// Fitted against empirical quantiles (a Q-Q plot): on the diagonal, the fit matches.
void quantile_chart(std::ostream& out, int& charts, const std::string& stage, const Json& quantiles) {
  std::vector<std::pair<double, double>> points;
  double most = 0;
  for (const Json& q : quantiles) {
    const double e = value(q, "empirical"), f = value(q, "fitted");
    if (!std::isfinite(e) || !std::isfinite(f)) continue;
    points.emplace_back(e, f);
    most = std::max({most, e, f});
  }
  if (points.empty()) return;
  const int id = ++charts;
  const double top = nice_top(most), size = 220, left = 50, bottom = 30;
  const std::string title = stage + ": fitted against observed quantiles";
  const std::string description =
      "Each point is a quantile of the durations at " + stage +
      ": observed (across) against the fitted distribution (up). Points on the diagonal mean the fit matches.";
  out << "<figure>\n<svg class=\"chart\" style=\"max-width:20rem\" role=\"img\" viewBox=\"0 0 " << left + size + 15
      << ' ' << size + bottom + 15 << "\" aria-labelledby=\"chart" << id << "-title chart" << id
      << "-desc\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui, sans-serif\" font-size=\"10\">\n"
      << "<title id=\"chart" << id << "-title\">" << esc(title) << "</title>\n<desc id=\"chart" << id << "-desc\">"
      << esc(description) << "</desc>\n";
  auto px = [&](double v) { return left + size * v / top; };
  auto py = [&](double v) { return 10 + size - size * v / top; };
  out << "<rect x=\"" << left << "\" y=\"10\" width=\"" << size << "\" height=\"" << size
      << "\" fill=\"none\" stroke=\"#b1b4b6\"/>\n<line x1=\"" << px(0) << "\" y1=\"" << py(0) << "\" x2=\"" << px(top)
      << "\" y2=\"" << py(top) << "\" stroke=\"#505a5f\" stroke-dasharray=\"4 3\"/>\n";
  for (int t = 0; t <= 2; ++t) {
    const std::string tick = esc(amount_text(top * t / 2));
    out << "<text x=\"" << px(top * t / 2) << "\" y=\"" << 10 + size + 13 << "\" text-anchor=\"middle\">" << tick
        << "</text><text x=\"" << left - 4 << "\" y=\"" << py(top * t / 2) + 3 << "\" text-anchor=\"end\">" << tick
        << "</text>\n";
  }
  out << "<text x=\"" << left + size / 2 << "\" y=\"" << size + bottom + 10
      << "\" text-anchor=\"middle\">observed (days)</text>\n<text transform=\"translate(12 " << 10 + size / 2
      << ") rotate(-90)\" text-anchor=\"middle\">fitted (days)</text>\n";
  for (const auto& [e, f] : points) {
    out << "<circle cx=\"" << px(e) << "\" cy=\"" << py(f) << "\" r=\"3.5\" fill=\"#0072B2\"><title>observed "
        << esc(amount_text(e)) << ", fitted " << esc(amount_text(f)) << "</title></circle>\n";
  }
  out << "</svg>\n<figcaption>" << esc(description) << "</figcaption>\n</figure>\n";
}

// ---- sections ---------------------------------------------------------------------------

void data_quality(std::ostream& out, const Json& q) {
  out << "<section id=\"data-quality\">\n<h2>Data quality</h2>\n";
  const Json& d = q.at("dropped");
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"rows read", text_at(q, "rows_read")},
      {"rows kept", text_at(q, "rows_kept")},
      {"dropped: no case id", text_at(d, "missing_case_id")},
      {"dropped: no activity", text_at(d, "missing_activity")},
      {"dropped: unparsable timestamp", text_at(d, "unparsable_timestamp")},
      {"dropped: unparsable start", text_at(d, "unparsable_start")},
      {"dropped: completed before it started", text_at(d, "end_before_start")},
      {"dropped: duplicates", text_at(d, "duplicates")},
      {"dropped: wrong number of fields", text_at(d, "wrong_number_of_fields")},
      {"dropped: events of cases dated far outside the log", text_at(d, "case_far_outside_the_log")},
      {"events out of order in the file (kept, sorted)", text_at(q, "events_out_of_order")},
      {"cases", text_at(q, "cases")},
      {"cases possibly still open at the end of the extract", text_at(q, "cases_possibly_open_at_end")},
      {"timestamps with a time of day", text_at(q, "timestamps_with_time_of_day")},
      {"timestamps with a zone", text_at(q, "timestamps_with_zone")},
      {"activities seen once", std::to_string(q.at("activities_seen_once").size())}};
  std::vector<std::vector<Cell>> cells;
  for (const auto& [what, n] : rows) cells.push_back({text_cell(what), num_cell(n)});
  table(out, "What was read, what was dropped and why. Counts from 1 to 9 are shown as <10.", {"", "count"}, cells);
  if (!q.at("activities_seen_once").empty()) {
    out << "<p>Activities seen once:</p>\n<ul>\n";
    for (const Json& a : q.at("activities_seen_once")) out << "<li>" << esc(a.get<std::string>()) << "</li>\n";
    out << "</ul>\n";
  }
  if (q.contains("examples") && !q.at("examples").empty()) {
    out << "<p>First problems found (line and reason):</p>\n<ul>\n";
    for (const Json& e : q.at("examples")) out << "<li>" << esc(e.get<std::string>()) << "</li>\n";
    out << "</ul>\n";
  }
  out << "</section>\n";
}

std::string capacity_text(const Json& st) {
  std::string s = text(st.at("servers"));
  if (st.contains("capacity")) {
    for (const Json& step : st.at("capacity")) s += "; " + text(step.at("servers")) + " from " + text(step.at("month"));
  }
  return s;
}

void stage_detail(std::ostream& out, int& charts, const Json& st) {
  const std::string id = st.at("id").get<std::string>();
  const Json& fit = st.at("duration");
  out << "<section>\n<h3>" << esc(id) << "</h3>\n<p>Activity \u201c" << esc(st.at("activity").get<std::string>())
      << "\u201d; duration: " << esc(st.at("duration_kind").get<std::string>()) << ". " << esc(text_at(fit, "n"))
      << " durations, mean " << esc(text_at(fit, "mean")) << " days, sd " << esc(text_at(fit, "sd"))
      << " days. Chosen: " << esc(dist_text(fit.at("chosen"))) << ". " << esc(fit.at("reason").get<std::string>())
      << ".</p>\n";
  if (st.contains("wait")) {
    const Json& w = st.at("wait");
    out << "<p>Wait before service: " << esc(text_at(w, "n")) << " observed, mean " << esc(text_at(w, "mean_days"))
        << " days, " << esc(share_text(value(w, "zero_share"))) << " started at once.</p>\n";
  }
  if (st.contains("duration_by_type")) {
    for (const Json& t : st.at("duration_by_type")) {
      out << "<p>Case type " << esc(t.at("case_type").get<std::string>()) << " differs: " << esc(text_at(t, "n"))
          << " durations, mean " << esc(text_at(t, "mean")) << " days, " << esc(dist_text(t.at("chosen"))) << ".</p>\n";
    }
  }
  if (!fit.at("candidates").empty()) {
    std::vector<std::vector<Cell>> rows;
    for (const Json& c : fit.at("candidates")) {
      rows.push_back({text_cell(c.at("family").get<std::string>()), text_cell(dist_text(c.at("dist"))),
                      num_cell(text_at(c, "aic", 1)), num_cell(text_at(c, "ks_distance", 3))});
    }
    table(out, id + ": candidate families by maximum likelihood (lower AIC is better; KS distance against the " +
                   "observed durations, 5% critical value " + text_at(fit, "ks_critical_5pct", 3) + ")",
          {"family", "fitted", "AIC", "KS distance"}, rows);
  }
  if (!fit.at("quantiles").empty()) {
    std::vector<std::vector<Cell>> rows;
    for (const Json& q : fit.at("quantiles")) {
      rows.push_back({num_cell(fixed_text(100 * q.at("p").get<double>(), 0) + "%"), num_cell(text_at(q, "empirical")),
                      num_cell(text_at(q, "fitted"))});
    }
    table(out, id + ": quantiles of the duration (days), observed and fitted", {"quantile", "observed", "fitted"}, rows);
    quantile_chart(out, charts, id, fit.at("quantiles"));
  }
  if (st.contains("resources_per_month")) {
    std::vector<std::vector<Cell>> rows;
    for (const Json& m : st.at("resources_per_month")) rows.push_back({text_cell(text(m.at("month"))), num_cell(text(m.at("resources")))});
    table(out, id + ": distinct resources active in each calendar month", {"month", "resources"}, rows);
  }
  out << "</section>\n";
}

void stages(std::ostream& out, int& charts, const Json& r) {
  out << "<section id=\"stages\">\n<h2>Stages</h2>\n<p>One stage per activity. \u201cDays per case\u201d is where "
         "the time goes: the stage's durations summed over the log, divided by the number of cases.</p>\n";
  std::vector<std::vector<Cell>> rows;
  std::vector<Bar> bars;
  for (const Json& st : r.at("stages")) {
    const Json& fit = st.at("duration");
    std::string aic = "-";  // the chosen family's, among the candidates (none for empirical or fixed)
    for (const Json& c : fit.at("candidates")) {
      if (c.at("family") == fit.at("family")) aic = text_at(c, "aic", 1);
    }
    rows.push_back({text_cell(st.at("id").get<std::string>()), num_cell(text_at(st, "events")),
                    text_cell(capacity_text(st)), text_cell(st.at("capacity_method").get<std::string>()),
                    text_cell(st.at("duration_kind").get<std::string>()), num_cell(text_at(fit, "mean")),
                    num_cell(text_at(st, "days_per_case", 1)), text_cell(dist_text(fit.at("chosen"))),
                    num_cell(aic), num_cell(text_at(fit, "ks_distance", 3))});
    bars.push_back({st.at("id").get<std::string>(), {value(st, "days_per_case")}});
  }
  table(out, "Stages: capacity (servers, or infinite for a delay) and how it was decided, and the duration fit",
        {"stage", "events", "capacity", "how capacity was decided", "duration", "mean days", "days per case",
         "chosen distribution", "AIC", "KS distance"},
        rows);
  std::sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) {
    return (std::isfinite(a.values[0]) ? a.values[0] : 0) > (std::isfinite(b.values[0]) ? b.values[0] : 0);
  });
  bar_chart(out, charts, "Where the time goes: days per case at each stage",
            "Each stage's durations summed over the log and divided by the number of cases, largest first "
            "(the numbers are in the table above).",
            {"days per case"}, bars, "days per case");
  for (const Json& st : r.at("stages")) {
    const Json& n = st.at("duration").at("n");
    if (n.is_number() && n.get<double>() >= 10) stage_detail(out, charts, st);
  }
  out << "</section>\n";
}

void routing(std::ostream& out, const Json& r) {
  out << "<section id=\"routes\">\n<h2>Routing</h2>\n<p>The directly-follows shares: of the events of "
         "each stage, the share followed by each next stage (\u201cexit\u201d: the case's last event).";
  // Only when ends were shared out (a suppressed count is 1-9, so some were): after the
  // fallback, every end an exit, the notes say so instead.
  const Json& reassigned = r.at("exits_reassigned_at_end");
  if (!(reassigned.is_number() && reassigned.get<double>() == 0)) {
    out << " " << esc(text_at(r, "transitions_censored_at_end"))
        << " cases end too close to the end of the extract to be sure that nothing followed: each counts as an exit "
           "by its estimated chance of being one, and the rest (about "
        << esc(text_at(r, "exits_reassigned_at_end"))
        << " cases in all) as transitions still to come, shared over the routes out of its stage. Counts are "
           "rounded to whole cases after that sharing.";
  }
  out << "</p>\n";
  std::vector<std::vector<Cell>> rows;
  for (const Json& rt : r.at("routes")) {
    rows.push_back({text_cell(rt.at("from").get<std::string>()), text_cell(rt.at("to").get<std::string>()),
                    text_cell(rt.contains("case_type") ? rt.at("case_type").get<std::string>() : "all"),
                    num_cell(text_at(rt, "count")), num_cell(text_at(rt, "p", 3))});
  }
  table(out, "Routes fitted from the log", {"from", "to", "case type", "count", "share"}, rows);
  out << "</section>\n";
}

void arrivals(std::ostream& out, int& charts, const Json& r) {
  const Json& a = r.at("arrivals");
  out << "<section id=\"arrivals\">\n<h2>Arrivals</h2>\n<p>" << esc(text_at(a, "cases")) << " cases, "
      << esc(text_at(a, "rate_per_day", 3)) << " a day between the first and last case start. ";
  if (a.contains("constant_rate_test")) {
    const Json& t = a.at("constant_rate_test");
    out << "A constant rate over the calendar months gives chi-square " << esc(text_at(t, "chi_square", 1)) << " on "
        << esc(text_at(t, "degrees_of_freedom")) << " degrees of freedom (p " << esc(text_at(t, "p_value", 4)) << "). ";
  }
  out << "The model uses " << (a.value("schedule_used", false) ? "the monthly rates as a schedule" : "one rate");
  if (a.value("stop_after_last_case_start", false)) out << ", and its arrivals stop after the last case start";
  out << ".</p>\n";
  if (a.contains("monthly") && !a.at("monthly").empty()) {
    std::vector<std::vector<Cell>> rows;
    std::vector<Bar> bars;
    for (const Json& m : a.at("monthly")) {
      rows.push_back({text_cell(text(m.at("month"))), num_cell(text_at(m, "cases")), num_cell(text_at(m, "rate_per_day", 3))});
      bars.push_back({text(m.at("month")), {value(m, "rate_per_day")}});
    }
    table(out, "Case starts per calendar month (a month with fewer than 10 shows <10 and no rate)",
          {"month", "cases", "rate per day"}, rows);
    bar_chart(out, charts, "New cases a day, month by month",
              "The rate of new cases in each calendar month of the log (months with fewer than 10 cases are not "
              "drawn; the numbers are in the table above).",
              {"cases a day"}, bars, "cases a day");
  }
  if (a.contains("streams")) {
    std::vector<std::vector<Cell>> rows;
    for (const Json& s : a.at("streams")) {
      rows.push_back({text_cell(s.at("to").get<std::string>()),
                      text_cell(s.contains("case_type") ? s.at("case_type").get<std::string>() : "all"),
                      num_cell(text_at(s, "cases")), num_cell(text_at(s, "rate_per_day", 3))});
    }
    table(out, "Arrival streams: where cases start, by case type", {"first activity", "case type", "cases", "rate per day"},
          rows);
  }
  if (a.contains("seasonality")) {
    const Json& s = a.at("seasonality");
    out << "<h3>Seasonality</h3>\n";
    if (s.contains("note")) out << "<p>" << esc(text(s.at("note"))) << "</p>\n";
    else if (s.contains("reason")) out << "<p>Not tested: " << esc(text(s.at("reason"))) << ".</p>\n";
    if (s.contains("month_factors")) {
      std::vector<std::vector<Cell>> rows;
      for (const Json& f : s.at("month_factors")) {
        const Json& ci = f.at("ci95");
        rows.push_back({text_cell(text(f.at("month"))), num_cell(text_at(f, "factor", 3)),
                        num_cell(text(ci.at(0), 3) + " to " + text(ci.at(1), 3))});
      }
      table(out, std::string("Month-of-year factors (") + (s.value("used_in_model", false) ? "used" : "not used") +
                     " in the model), with 95% intervals",
            {"month", "factor", "95% interval"}, rows);
    }
  }
  out << "</section>\n";
}

void validation(std::ostream& out, int& charts, const Json& v) {
  out << "<section id=\"validation\">\n<h2>Validation: the fitted model simulated and measured like the log</h2>\n";
  const Json& cases = v.at("cases");
  out << "<p>" << esc(text_at(v, "replications")) << " replications of the fitted model, "
      << esc(text_at(cases, "simulated")) << " simulated cases against " << esc(text_at(cases, "log"))
      << " in the log, measured the same way. Each figure is marked within or outside 10% of the log's.";
  if (v.contains("target_relative_error")) {
    out << " Enough cases were simulated for the simulation's standard error to be about "
        << esc(fixed_text(100 * value(v, "target_relative_error"), 0))
        << "% of the frequency of the rarest activity with at least 10 events, or less, so a difference over 10% is "
           "not simulation noise.";
  }
  out << "</p>\n";
  const Json& d = v.at("case_duration_days");
  std::vector<std::vector<Cell>> rows;
  std::vector<Bar> bars;
  const double mean_rel = value(d.at("mean"), "relative_difference");
  rows.push_back({text_cell("mean"), num_cell(text_at(d.at("mean"), "log")), num_cell(text_at(d.at("mean"), "simulated")),
                  num_cell(percent(mean_rel)), {marker(mean_rel), false}});
  bars.push_back({"mean", {value(d.at("mean"), "log"), value(d.at("mean"), "simulated")}});
  for (const Json& q : d.at("quantiles")) {
    const double lg = value(q, "log"), sim = value(q, "simulated");
    const double rel = lg != 0 ? (sim - lg) / lg : NAN;
    const std::string label = fixed_text(100 * q.at("p").get<double>(), 0) + "th percentile";
    rows.push_back({text_cell(label), num_cell(text_at(q, "log")), num_cell(text_at(q, "simulated")), num_cell(percent(rel)),
                    {marker(rel), false}});
    bars.push_back({label, {lg, sim}});
  }
  table(out, "Case duration (days, first event to last completion): log and simulated", {"", "log", "simulated",
        "difference", "within 10%?"}, rows);
  bar_chart(out, charts, "Case duration, log and simulated",
            "The mean and the 10th to 90th percentiles of case duration in the log and in the simulated cases "
            "(the numbers are in the table above).",
            {"log", "simulated"}, bars, "days");

  rows.clear();
  bars.clear();
  for (const Json& f : v.at("activity_per_case")) {
    const double rel = value(f, "relative_difference");
    // The simulation's standard error as a share of the log's frequency, as the 10% is.
    const double se = value(f, "simulated_standard_error"), log_value = value(f, "log");
    const std::string se_share = std::isfinite(se) && log_value > 0 ? fixed_text(100 * se / log_value, 1) + "%" : "-";
    const bool tested = !f.contains("log_events") || (f.at("log_events").is_number() && f.at("log_events").get<double>() >= 10);
    rows.push_back({text_cell(f.at("activity").get<std::string>()), num_cell(text_at(f, "log_events")),
                    num_cell(text_at(f, "log", 4)), num_cell(text_at(f, "simulated", 4)),
                    num_cell(se_share), num_cell(percent(rel)), {marker(rel, tested), false}});
    bars.push_back({f.at("activity").get<std::string>(), {value(f, "log"), value(f, "simulated")}});
  }
  table(out, "Activity frequency: events per case, log and simulated; the simulation's standard error as a share "
             "of the log's frequency (10% is a real difference when it is over three of them)",
        {"activity", "events in the log", "per case, log", "simulated", "standard error", "difference", "within 10%?"},
        rows);
  bar_chart(out, charts, "Activity frequency per case, log and simulated",
            "Events of each activity per case in the log and in the simulated cases (the numbers are in the table "
            "above).",
            {"log", "simulated"}, bars, "events per case");

  rows.clear();
  for (const Json& rt : v.at("routing")) {
    const double lg = value(rt, "log"), sim = value(rt, "simulated");
    rows.push_back({text_cell(rt.at("from").get<std::string>()), text_cell(rt.at("to").get<std::string>()),
                    num_cell(text_at(rt, "log_count")), num_cell(text_at(rt, "log", 3)), num_cell(text_at(rt, "simulated", 3)),
                    num_cell(std::isfinite(lg) && std::isfinite(sim) ? fixed_text(sim - lg, 3) : "-")});
  }
  table(out, "Routing: share of each activity's events followed by the next, log and simulated",
        {"from", "to", "count in the log", "share, log", "simulated", "difference"}, rows);
  if (v.contains("largest_difference")) {
    const Json& l = v.at("largest_difference");
    out << "<p>Largest differences: mean case duration " << esc(share_text(value(l, "case_duration_mean_relative")))
        << ", activity frequency " << esc(share_text(value(l, "activity_per_case_relative")))
        << " (activities with at least 10 events), routing share " << esc(text_at(l, "routing_share_absolute", 3))
        << ".</p>\n";
  }
  out << "</section>\n";
}

}  // namespace

void write_report_html(std::ostream& out, const Json& r) {
  int charts = 0;  // numbers the charts' title and description ids
  const std::string title = "Calibration report: " + text(r.at("model"));
  out << "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << kContentSecurityPolicy << "\">\n"
      << "<meta name=\"generator\" content=\"courtflow calibrate\">\n<title>" << esc(title) << "</title>\n<style>"
      << kStyleHead << kTableCss << kStyleTail << "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>" << esc(title)
      << "</h1>\n<p class=\"meta\">"
      << "Fitted by courtflow calibrate. The model starts on " << esc(text(r.at("start_date"))) << " (the day of the "
      << "first event) and runs " << esc(text_at(r, "horizon_days", 0)) << " days. Counts of cases or events below 10 "
      << "are shown as &lt;10; no case is named. The same figures are in report.json.</p>\n</header>\n";
  if (r.contains("notes") && !r.at("notes").empty()) {
    out << "<section id=\"notes\">\n<h2>What to know first</h2>\n<ul>\n";
    for (const Json& n : r.at("notes")) out << "<li>" << esc(n.get<std::string>()) << "</li>\n";
    out << "</ul>\n</section>\n";
  }
  data_quality(out, r.at("data_quality"));
  stages(out, charts, r);
  routing(out, r);
  arrivals(out, charts, r);
  if (r.contains("validation")) validation(out, charts, r.at("validation"));
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace courtflow::analysis::eventlog

// The page's form of a report table (page_table.hpp).
#include "analysis/report/page_table.hpp"

#include <utility>
#include <variant>

#include "analysis/report/headlines.hpp"

namespace courtflow::analysis::report {
namespace {

std::string cell_text(const Value& v, const Column& col) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  const double x = std::get<double>(v);
  if (col.decimals == 0) return grouped_whole(x);
  return show_number(x, col.decimals);
}

}  // namespace

PageTable page_table(const Table& t) {
  PageTable page;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const Column& col = t.columns[i];
    if (col.hidden_on_page) continue;
    page.headings.push_back(col.heading + (col.interval_start ? " (95% CI)" : ""));
    if (col.interval_start) i += 2;
  }
  for (const std::vector<Value>& row : t.rows) {
    std::vector<PageCell> cells;
    for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
      const Column& col = t.columns[i];
      if (col.hidden_on_page) continue;
      PageCell cell;
      cell.text = cell_text(row[i], col);
      // A suppressed count ("<10") is a number too.
      cell.numeric = std::holds_alternative<double>(row[i]) || (cell.text.size() > 1 && cell.text[0] == '<');
      if (col.interval_start && i + 2 < row.size()) {
        const std::string lo = cell_text(row[i + 1], col), hi = cell_text(row[i + 2], col);
        if (!lo.empty() && !hi.empty()) cell.text += " (" + lo + " to " + hi + ")";
        cell.numeric = true;
        i += 2;
      }
      cells.push_back(std::move(cell));
    }
    page.rows.push_back(std::move(cells));
  }
  return page;
}

}  // namespace courtflow::analysis::report

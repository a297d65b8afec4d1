#pragma once
// A report table as people see it, on report.html and on `courtflow serve`'s page: the
// machine-only columns dropped, numbers formatted by their column, and an interval's three
// columns (mean, lo, hi) as one cell "mean (lo to hi)". One formatter, so that the two pages
// show the same table the same way; each then writes the cells in its own markup.

#include <string>
#include <vector>

#include "analysis/report/report_content.hpp"

namespace courtflow::analysis::report {

struct PageCell {
  std::string text;      ///< as shown, not escaped
  bool numeric = false;  ///< a number, an interval or a suppressed count ("<10"): aligned right
};

struct PageTable {
  std::vector<std::string> headings;        ///< one per shown column; an interval's ends " (95% CI)"
  std::vector<std::vector<PageCell>> rows;  ///< one cell per heading
};

/// `table` as the pages show it.
PageTable page_table(const Table& table);

}  // namespace courtflow::analysis::report

#pragma once
// The report's tables for planners: tidy CSVs (one file per table, report_NAME.csv) and one
// Excel workbook (report.xlsx, one sheet per table, through libxlsxwriter). Both are written
// from the same ReportContent as the page, so the numbers agree; counts already suppressed
// there stay "<K" here.

#include <filesystem>
#include <ostream>
#include <vector>

#include "analysis/report/report_content.hpp"

namespace courtflow::analysis::report {

/// The tables written as CSV and workbook sheets, in the page's order: headlines, levels,
/// caseload, bottlenecks, marginal, levers, assumptions.
std::vector<Table> report_tables(const ReportContent& content);

/// One table as tidy CSV: a header of column names, one row per row; numbers in the "C"
/// locale without thousands separators, text quoted per RFC 4180, empty where undefined.
void write_table_csv(std::ostream& out, const Table& table);

/// Writes the workbook to `path` (libxlsxwriter writes only to a file). Throws
/// std::runtime_error naming the path if the library reports an error.
void write_report_xlsx(const std::filesystem::path& path, const ReportContent& content);

}  // namespace courtflow::analysis::report

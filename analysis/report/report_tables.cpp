// The report's CSVs and workbook (see report_tables.hpp).
#include "analysis/report/report_tables.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "analysis/timeseries.hpp"

namespace courtflow::analysis::report {
namespace {

Table headlines_table(const ReportContent& c) {
  Table t;
  t.name = "headlines";
  t.title = "Headlines";
  t.caption = "The report's headline sentences, in order.";
  t.columns = {{"number", "Number", 0}, {"kind", "Kind"}, {"sentence", "Sentence"}};
  double n = 0;
  for (const Headline& h : c.headlines) {
    std::string kind;
    for (const auto& [key, value] : h.data) {
      if (key == "kind") kind = value;
    }
    t.rows.push_back({++n, kind, h.text});
  }
  return t;
}

// Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
std::string sheet_name(const std::string& name) {
  std::string s = name.substr(0, 31);
  for (char& ch : s) {
    if (std::string("[]:*?/\\").find(ch) != std::string::npos) ch = '_';
  }
  return s;
}

void check(lxw_error error, const std::filesystem::path& path, const char* what) {
  if (error != LXW_NO_ERROR) {
    throw std::runtime_error(path.string() + ": cannot write the workbook (" + what + ": " +
                             lxw_strerror(error) + ")");
  }
}

}  // namespace

std::vector<Table> report_tables(const ReportContent& c) {
  return {headlines_table(c), c.levels, c.caseload, c.bottlenecks, c.marginal, c.levers, c.assumptions};
}

void write_table_csv(std::ostream& out, const Table& t) {
  for (std::size_t i = 0; i < t.columns.size(); ++i) out << (i ? "," : "") << csv_field(t.columns[i].name);
  out << '\n';
  for (const std::vector<Value>& row : t.rows) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i) out << ',';
      if (i >= row.size()) continue;
      if (const auto* x = std::get_if<double>(&row[i])) out << format_number(*x);
      if (const auto* s = std::get_if<std::string>(&row[i])) out << csv_field(*s);
    }
    out << '\n';
  }
}

void write_report_xlsx(const std::filesystem::path& path, const ReportContent& c) {
  const std::string file = path.string();
  lxw_workbook* book = workbook_new(file.c_str());
  if (book == nullptr) throw std::runtime_error(file + ": cannot create the workbook");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  lxw_format* title = workbook_add_format(book);
  format_set_bold(title);
  format_set_font_size(title, 14);
  lxw_format* whole = workbook_add_format(book);
  format_set_num_format(whole, "#,##0");
  lxw_format* decimal = workbook_add_format(book);
  format_set_num_format(decimal, "#,##0.00");
  lxw_format* wrap = workbook_add_format(book);
  format_set_text_wrap(wrap);

  lxw_doc_properties properties{};
  std::string doc_title = c.title;
  std::string subject = "courtflow scenario report";
  properties.title = doc_title.data();
  properties.subject = subject.data();
  workbook_set_properties(book, &properties);

  for (const Table& t : report_tables(c)) {
    const std::string name = sheet_name(t.name);
    lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
    if (sheet == nullptr) {
      workbook_close(book);
      throw std::runtime_error(file + ": cannot add the sheet " + name);
    }
    worksheet_write_string(sheet, 0, 0, t.title.c_str(), title);
    worksheet_write_string(sheet, 1, 0, t.caption.c_str(), nullptr);
    const lxw_row_t header = 3;
    for (std::size_t col = 0; col < t.columns.size(); ++col) {
      const auto ci = static_cast<lxw_col_t>(col);
      worksheet_write_string(sheet, header, ci, t.columns[col].name.c_str(), bold);
      const bool text = t.columns[col].name == "reason" || t.columns[col].name == "description" ||
                        t.columns[col].name == "sentence" || t.columns[col].name == "value";
      worksheet_set_column(sheet, ci, ci, text ? 60 : 16, text ? wrap : nullptr);
    }
    lxw_row_t r = header + 1;
    for (const std::vector<Value>& row : t.rows) {
      for (std::size_t col = 0; col < row.size() && col < t.columns.size(); ++col) {
        const auto ci = static_cast<lxw_col_t>(col);
        if (const auto* x = std::get_if<double>(&row[col])) {
          worksheet_write_number(sheet, r, ci, *x, t.columns[col].decimals == 0 ? whole : decimal);
        } else if (const auto* s = std::get_if<std::string>(&row[col])) {
          worksheet_write_string(sheet, r, ci, s->c_str(), nullptr);
        }
      }
      ++r;
    }
    worksheet_freeze_panes(sheet, header + 1, 0);
    if (!t.rows.empty()) {
      worksheet_autofilter(sheet, header, 0, r - 1, static_cast<lxw_col_t>(t.columns.size() - 1));
    }
  }
  check(workbook_close(book), path, "closing");
}

}  // namespace courtflow::analysis::report

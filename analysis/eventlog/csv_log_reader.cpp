// The CSV event-log reader (log_reader.hpp): header, column lookup, one row at a time into
// EventLogBuilder.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

#include "analysis/eventlog/log_reader.hpp"
#include "models/utf8.hpp"
#include "models/diagnostic.hpp"

namespace courtflow::analysis::eventlog {
namespace {

[[noreturn]] void fail(const std::string& file, const std::string& where, const std::string& message) {
  throw models::InputError(models::Diagnostic{file, where, message, false});
}

std::optional<std::size_t> column_of(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header.begin());
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

bool ends_with_xes(const std::string& path) {
  if (path.size() < 4) return false;
  std::string tail = path.substr(path.size() - 4);
  std::transform(tail.begin(), tail.end(), tail.begin(), [](unsigned char c) { return std::tolower(c); });
  return tail == ".xes";
}

}  // namespace

EventLog read_csv_log(std::istream& in, const std::string& file, const CsvColumns& columns,
                      std::size_t max_record_bytes) {
  CsvReader reader(in, max_record_bytes);
  std::vector<std::string> header;
  try {
    if (!reader.next(header)) fail(file, "", "the file is empty (expected a header line naming the columns)");
  } catch (const CsvError& e) {
    fail(file, "line " + std::to_string(e.line()), e.what());
  }
  for (std::string& h : header) h = trimmed(h);
  const auto case_col = column_of(header, columns.case_id);
  const auto activity_col = column_of(header, columns.activity);
  const auto time_col = column_of(header, columns.timestamp);
  if (!case_col || !activity_col || !time_col) {
    std::string missing;
    for (const auto& [col, name] : {std::pair{case_col, columns.case_id}, std::pair{activity_col, columns.activity},
                                    std::pair{time_col, columns.timestamp}}) {
      if (!col) missing += (missing.empty() ? "" : ", ") + name;
    }
    std::string seen;
    for (std::size_t i = 0; i < header.size() && i < 8; ++i) seen += (i ? "," : "") + header[i].substr(0, 30);
    // A binary file's "header" is shown as text: anything unprintable becomes '?'.
    for (char& ch : seen) {
      const auto u = static_cast<unsigned char>(ch);
      if (u < 0x20 || u >= 0x7f) ch = '?';
    }
    fail(file, "line 1",
         "no column " + missing + " in the header (got \"" + seen +
             "\"; name the columns with --case-id, --activity, --timestamp)");
  }
  const auto start_col = column_of(header, columns.start);
  const auto type_col = column_of(header, columns.case_type);
  const auto resource_col = column_of(header, columns.resource);
  EventLogBuilder builder(file, start_col.has_value(), type_col.has_value());
  std::vector<std::string> row;
  const std::string none;
  for (;;) {
    try {
      if (!reader.next(row)) break;
    } catch (const CsvError& e) {
      fail(file, "line " + std::to_string(e.line()), e.what());
    }
    const std::string where = "line " + std::to_string(reader.record_line());
    if (row.size() == 1 && row[0].empty()) continue;  // blank line
    // Names from the log end up in the model and the report (JSON): refuse other encodings.
    for (const std::string& field : row) {
      if (models::first_invalid_utf8(field)) fail(file, where, models::kNotUtf8Message);
    }
    if (row.size() != header.size()) {
      builder.drop_wrong_field_count(where, std::to_string(row.size()) + " fields where the header has " +
                                                std::to_string(header.size()));
      continue;
    }
    auto at = [&](const std::optional<std::size_t>& col) -> const std::string& { return col ? row[*col] : none; };
    builder.add(trimmed(row[*case_col]), trimmed(row[*activity_col]), row[*time_col], at(start_col),
                trimmed(at(type_col)), trimmed(at(resource_col)), where);
  }
  if (in.bad()) fail(file, "", "read error");
  EventLog log = builder.finish();
  if (log.events.empty()) {
    std::string why = "no usable rows";
    const DataQuality& q = log.quality;
    if (q.rows_read == 0) why = "no rows after the header";
    if (!q.examples.empty()) why += " (first problem: " + q.examples.front() + ")";
    fail(file, "", why);
  }
  return log;
}

EventLog read_event_log(const std::string& path, const CsvColumns& columns) {
  // A directory opens as a stream on Linux and fails only on the first read, with a raw
  // stream error: say what is wrong before that.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(path, "", "cannot open: it is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "", std::filesystem::exists(path, ec) ? "cannot open the file" : "cannot open: no such file");
  if (ends_with_xes(path)) return read_xes_log(in, path);
  return read_csv_log(in, path, columns);
}

}  // namespace courtflow::analysis::eventlog

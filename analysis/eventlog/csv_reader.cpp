// The streaming CSV reader (csv_reader.hpp): a small state machine over the stream buffer.

#include "analysis/eventlog/csv_reader.hpp"

#include <string>

namespace courtflow::analysis::eventlog {

CsvReader::CsvReader(std::istream& in, std::size_t max_record_bytes) : buf_(in.rdbuf()), max_bytes_(max_record_bytes) {}

bool CsvReader::next(std::vector<std::string>& fields) {
  using traits = std::char_traits<char>;
  const auto eof = traits::eof();
  fields.clear();
  if (!started_) {
    started_ = true;
    // A UTF-8 byte-order mark (EF BB BF) before the first record is skipped.
    if (buf_->sgetc() == 0xEF) {
      buf_->sbumpc();
      if (buf_->sgetc() != 0xBB || (buf_->sbumpc(), buf_->sgetc()) != 0xBF) {
        throw CsvError(1, "starts with a broken byte-order mark (not UTF-8 text?)");
      }
      buf_->sbumpc();
    }
  }
  if (buf_->sgetc() == eof) return false;
  record_line_ = line_;
  std::size_t bytes = 0;
  std::string field;
  bool quoted = false;     // inside a quoted field
  bool was_quoted = false; // this field was quoted and has been closed
  for (;;) {
    const int c = buf_->sbumpc();
    if (c == eof) {
      if (quoted) throw CsvError(record_line_, "a quoted field is not closed before the end of the file");
      fields.push_back(std::move(field));
      return true;
    }
    if (++bytes > max_bytes_) {
      throw CsvError(record_line_, "record longer than " + std::to_string(max_bytes_ / 1024) +
                                       " KiB (not a line-oriented CSV file?)");
    }
    const char ch = static_cast<char>(c);
    if (quoted) {
      if (ch == '"') {
        if (buf_->sgetc() == '"') {
          buf_->sbumpc();
          field += '"';
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        if (ch == '\n') ++line_;
        field += ch;
      }
      continue;
    }
    if (ch == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && buf_->sgetc() == '\n') buf_->sbumpc();
      ++line_;
      fields.push_back(std::move(field));
      return true;
    } else if (was_quoted) {
      throw CsvError(record_line_, "text after a closing quote in field " + std::to_string(fields.size() + 1));
    } else if (ch == '"' && field.empty()) {
      quoted = true;
    } else {
      field += ch;
    }
  }
}

}  // namespace courtflow::analysis::eventlog

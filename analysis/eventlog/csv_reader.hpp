#pragma once
// A streaming CSV record reader (RFC 4180): comma-separated fields, double quotes around
// fields that hold commas, quotes ("" inside) or line breaks, LF or CRLF line ends, a UTF-8
// byte-order mark before the header. It reads one record at a time from a stream, so a log of
// millions of rows needs memory for one row only, and a record longer than a cap is refused
// as soon as the cap is passed (a 2 GB line is never held in memory).

#include <cstddef>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace courtflow::analysis::eventlog {

/// A record the reader cannot accept; `line` is 1-based, the line where the record started.
class CsvError : public std::runtime_error {
 public:
  CsvError(std::size_t line, const std::string& message) : std::runtime_error(message), line_(line) {}
  std::size_t line() const { return line_; }

 private:
  std::size_t line_;
};

class CsvReader {
 public:
  /// Longest record accepted, in bytes.
  static constexpr std::size_t kDefaultMaxRecordBytes = 1 << 20;

  explicit CsvReader(std::istream& in, std::size_t max_record_bytes = kDefaultMaxRecordBytes);

  /// Reads the next record into `fields`; false at the end of the input. A blank line is a
  /// record with one empty field. Throws CsvError for a record over the cap, a quote left
  /// open at the end of the input, or text after a closing quote.
  bool next(std::vector<std::string>& fields);

  /// The line on which the last record returned started (1-based).
  std::size_t record_line() const { return record_line_; }

 private:
  std::streambuf* buf_;
  std::size_t max_bytes_;
  std::size_t line_ = 1;  ///< line of the next character
  std::size_t record_line_ = 0;
  bool started_ = false;
};

}  // namespace courtflow::analysis::eventlog

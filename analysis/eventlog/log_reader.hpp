#pragma once
// Reading event logs: CSV in the contract's shape (PRODUCT.md "Event log") and XES (IEEE
// 1849). Both stream: a row (or XES event) at a time, so memory holds the compact events and
// never the text. Rows that cannot be used are dropped and counted in the data-quality report;
// a file that cannot be read as a log at all (empty, no header, a required column missing, a
// line over the cap, not XML, nothing usable) throws models::InputError naming the file, the
// line and the problem.

#include <cstddef>
#include <istream>
#include <string>

#include "analysis/eventlog/csv_reader.hpp"
#include "analysis/eventlog/event_log.hpp"

namespace courtflow::analysis::eventlog {

/// Column names of a CSV log (overridable from the command line).
struct CsvColumns {
  std::string case_id = "case_id";
  std::string activity = "activity";
  std::string timestamp = "timestamp";
  std::string start = "start";          ///< optional column
  std::string case_type = "case_type";  ///< optional column
  std::string resource = "resource";    ///< optional column
};

EventLog read_csv_log(std::istream& in, const std::string& file, const CsvColumns& columns = {},
                      std::size_t max_record_bytes = CsvReader::kDefaultMaxRecordBytes);

/// XES: each <trace> is a case (its concept:name the case id, an attribute named by
/// `case_type_key` its type), each <event> an activity instance (concept:name, time:timestamp,
/// org:resource, lifecycle:transition). A `start` event is paired with the next `complete` of
/// the same activity in its trace; other transitions are ignored.
EventLog read_xes_log(std::istream& in, const std::string& file, const std::string& case_type_key = "case_type");

/// Reads `path` as XES when its name ends in .xes (any case), else as CSV.
EventLog read_event_log(const std::string& path, const CsvColumns& columns = {});

}  // namespace courtflow::analysis::eventlog

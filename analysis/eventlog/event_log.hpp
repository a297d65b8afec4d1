#pragma once
// A case-level event log in memory, compactly: one 32-byte Event per activity instance, names
// interned. Case ids are kept only to group events into cases (they are never written out:
// outputs built from a log aggregate), in a table of about 20 bytes a case plus the id's own
// bytes while the log is read, and dropped after. Built by EventLogBuilder from CSV or XES
// readers, which also fill the data-quality counts. docs/PERFORMANCE.md ("Reading event logs")
// has the bytes per row measured.

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace courtflow::analysis::eventlog {

inline constexpr double kNoTime = std::numeric_limits<double>::quiet_NaN();

/// At most this many distinct activities (each becomes a stage) and case types in a log.
inline constexpr std::size_t kMaxActivities = 65535;
inline constexpr std::size_t kMaxCaseTypes = 65535;

struct Event {
  std::uint32_t case_index = 0;
  std::uint16_t activity = 0;   ///< index into EventLog::activities
  std::uint16_t case_type = 0;  ///< index into EventLog::case_types
  std::int32_t resource = -1;   ///< index into EventLog::resources, -1 when none
  std::uint32_t order = 0;      ///< position in the input (ties keep file order)
  double start = kNoTime;       ///< days since 1970-01-01; NaN when the log has no start
  double complete = 0;          ///< days since 1970-01-01
};
static_assert(sizeof(Event) == 32, "an event row is 32 bytes (docs/PERFORMANCE.md)");

/// Events appended in fixed-size chunks, then moved into one vector of exactly the right size
/// chunk by chunk: a growing log is never held twice, as a vector and its doubled copy.
class EventChunks {
 public:
  void push_back(const Event& e);
  std::uint64_t size() const { return size_; }
  /// All the events in order; leaves this empty.
  std::vector<Event> take();

 private:
  std::vector<std::vector<Event>> chunks_;
  std::uint64_t size_ = 0;
};

/// Case ids to case indices 0, 1, 2, ... in order of first appearance: an open-addressing
/// table of 32-bit indices (at most half full) over the ids' bytes, stored back to back in
/// 1 MiB blocks. About 20 bytes a case plus the id's length, against about 90 for a
/// std::unordered_map<std::string, std::uint32_t>.
class CaseIdTable {
 public:
  /// The index of `id`, added if new.
  std::uint32_t intern(std::string_view id);
  std::size_t size() const { return keys_.size(); }
  void clear();

 private:
  std::string_view key(std::uint32_t index) const;
  std::size_t slot_of(std::string_view id) const;  ///< where `id` is, or the empty slot it would take
  void grow();

  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t block_used_ = 0, block_size_ = 0;
  std::vector<const char*> keys_;       ///< per index: a 4-byte length, then the bytes
  std::vector<std::uint32_t> slots_;    ///< 0 empty, else index + 1; a power of two long
};

/// What the readers found and dropped. Counts of rows and events; no case is named.
struct DataQuality {
  std::uint64_t rows_read = 0;  ///< data rows (or XES events), header excluded
  std::uint64_t rows_kept = 0;
  std::uint64_t dropped_missing_case_id = 0;
  std::uint64_t dropped_missing_activity = 0;
  std::uint64_t dropped_bad_timestamp = 0;
  std::uint64_t dropped_bad_start = 0;        ///< a start that does not parse
  std::uint64_t dropped_end_before_start = 0;
  std::uint64_t dropped_duplicate = 0;        ///< same case, activity, times and resource
  std::uint64_t dropped_wrong_field_count = 0;
  /// Events of cases with a time far outside the rest of the log (a mistyped year): the whole
  /// case is left out, as its durations would be wrong by decades.
  std::uint64_t dropped_far_outside = 0;
  std::uint64_t cases_dropped_far_outside = 0;
  std::uint64_t events_out_of_order = 0;      ///< earlier than the case's previous row in the file
  std::uint64_t cases = 0;
  std::uint64_t cases_possibly_open = 0;      ///< set by calibration (needs the routing)
  std::uint64_t times_with_zone = 0;
  std::uint64_t times_with_time_of_day = 0;
  std::vector<std::string> activities_seen_once;
  /// Example problems, "line 12: ..." (at most a few per reason; never a case id).
  std::vector<std::string> examples;
};

struct EventLog {
  std::string source;  ///< the file, as named by the caller
  std::vector<std::string> activities;
  std::vector<std::string> case_types;  ///< one entry "" when the log has none
  std::vector<std::string> resources;
  std::vector<Event> events;  ///< sorted by case, then time (start, else completion), then order
  std::uint64_t case_count = 0;
  bool has_start = false;      ///< the log has a start column with at least one value
  bool has_resource = false;   ///< at least one event names a resource
  bool has_case_type = false;  ///< the log has a case_type column
  DataQuality quality;
};

/// Collects rows, checks each one, interns names and counts what it drops; finish() sorts the
/// events into cases and counts duplicates and rows out of order.
class EventLogBuilder {
 public:
  explicit EventLogBuilder(std::string source, bool has_start_column, bool has_case_type_column);

  /// One row. `where` names it for the examples ("line 12"). Empty start/case_type/resource
  /// mean none.
  void add(std::string_view case_id, std::string_view activity, std::string_view timestamp,
           std::string_view start, std::string_view case_type, std::string_view resource, const std::string& where);
  /// A row that was dropped before it could be read (e.g. the wrong number of fields).
  void drop_wrong_field_count(const std::string& where, const std::string& message);

  EventLog finish();

 private:
  std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& map, std::vector<std::string>* names,
                       std::string_view key, std::size_t limit, const char* what, const std::string& where);
  void example(const std::string& where, const std::string& message, std::uint64_t count);
  /// Leaves out the cases with a time years away from the rest; returns the cases left.
  std::uint64_t drop_cases_far_outside_the_log(std::vector<Event>& events);

  EventLog log_;
  EventChunks added_;  ///< the events, in file order, until finish()
  CaseIdTable case_ids_;
  std::unordered_map<std::string, std::uint32_t> activity_ids_, type_ids_, resource_ids_;
  std::vector<double> last_time_of_case_;  ///< for events out of order, by case index
};

}  // namespace courtflow::analysis::eventlog

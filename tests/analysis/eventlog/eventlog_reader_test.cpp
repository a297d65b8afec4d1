// Reading event logs: timestamps, the streaming CSV reader, the data-quality counts, the CSV
// and XES log readers, and the errors for logs that cannot be read.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "analysis/eventlog/csv_reader.hpp"
#include "analysis/eventlog/log_reader.hpp"
#include "analysis/eventlog/timestamp.hpp"
#include "models/diagnostic.hpp"

namespace ev = courtflow::analysis::eventlog;

namespace {

constexpr double kSecond = 1.0 / 86400;

ev::EventLog read_csv(const std::string& text) {
  std::istringstream in(text);
  return ev::read_csv_log(in, "log.csv");
}

std::string csv_error(const std::string& text, std::size_t cap = ev::CsvReader::kDefaultMaxRecordBytes) {
  std::istringstream in(text);
  try {
    ev::read_csv_log(in, "log.csv", {}, cap);
  } catch (const courtflow::models::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Timestamp, DatesAndDateTimesWithAndWithoutZone) {
  // 2006-07-24 is day 13353 since 1970-01-01.
  EXPECT_DOUBLE_EQ(ev::parse_timestamp("2006-07-24")->days, 13353);
  EXPECT_FALSE(ev::parse_timestamp("2006-07-24")->has_time);
  EXPECT_NEAR(ev::parse_timestamp("2006-07-24T12:00:00")->days, 13353.5, 1e-9);
  EXPECT_NEAR(ev::parse_timestamp("2006-07-24 06:00")->days, 13353.25, 1e-9);
  EXPECT_NEAR(ev::parse_timestamp("2006-07-24T12:00:00.500")->days, 13353.5 + 0.5 * kSecond, 1e-9);
  EXPECT_NEAR(ev::parse_timestamp("2006-07-24T12:00:00Z")->days, 13353.5, 1e-9);
  // 12:00 at +02:00 is 10:00 UTC; 12:00 at -0500 is 17:00 UTC.
  EXPECT_NEAR(ev::parse_timestamp("2006-07-24T12:00:00+02:00")->days, 13353 + 10.0 / 24, 1e-9);
  EXPECT_NEAR(ev::parse_timestamp("2006-07-24T12:00-0500")->days, 13353 + 17.0 / 24, 1e-9);
  EXPECT_TRUE(ev::parse_timestamp("2006-07-24T12:00:00+02:00")->has_zone);
  for (const char* bad : {"", "yesterday", "2006-13-01", "2023-02-29", "24/07/2006", "2006-07-24T25:00",
                          "2006-07-24T12", "2006-07-24T12:00:00+2", "2006-07-24x", "2006-07-24T12:00:00Zjunk"}) {
    EXPECT_FALSE(ev::parse_timestamp(bad).has_value()) << bad;
  }
  EXPECT_EQ(ev::format_date_time(13353.5), "2006-07-24T12:00:00");
  EXPECT_EQ(ev::format_date_time(-0.25), "1969-12-31T18:00:00");
}

TEST(CsvReader, QuotesCrlfBomAndEmbeddedLineBreaks) {
  std::istringstream in("\xEF\xBB\xBF" "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,\n");
  ev::CsvReader reader(in);
  std::vector<std::string> row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row, (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(reader.record_line(), 2u);
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row, (std::vector<std::string>{"last", "", ""}));
  EXPECT_EQ(reader.record_line(), 4u);
  EXPECT_FALSE(reader.next(row));
}

TEST(CsvReader, RefusesARecordOverTheCapWithoutReadingItAll) {
  // An endless line: the reader must stop at the cap, not read to the end.
  std::string huge(1 << 16, 'x');
  std::istringstream in("case_id,activity,timestamp\n" + huge);
  ev::CsvReader reader(in, 1024);
  std::vector<std::string> row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_THROW(reader.next(row), ev::CsvError);
  EXPECT_LT(in.tellg(), std::streampos(4096));
}

TEST(CsvLog, ReadsTheContractShapeAndCountsWhatItDrops) {
  const ev::EventLog log = read_csv(
      "case_id,activity,timestamp,start,resource,extra\n"
      "A,intake,2024-01-02T10:00:00,2024-01-02T09:00:00,r1,x\n"
      "A,review,2024-01-03,2024-01-02T12:00:00,r2,x\n"
      "A,review,2024-01-03,2024-01-02T12:00:00,r2,x\n"   // duplicate
      "B,review,2024-01-05,,,\n"
      "B,intake,2024-01-04,,,\n"                        // out of order in the file
      ",intake,2024-01-04,,,\n"                         // no case id
      "C,,2024-01-04,,,\n"                              // no activity
      "C,intake,soon,,,\n"                              // bad timestamp
      "C,intake,2024-01-04,later,,\n"                   // bad start
      "C,intake,2024-01-04,2024-01-05,,\n"              // completed before it started
      "C,intake\n");                                    // wrong number of fields
  const ev::DataQuality& q = log.quality;
  EXPECT_EQ(q.rows_read, 11u);
  EXPECT_EQ(q.rows_kept, 4u);
  EXPECT_EQ(q.dropped_duplicate, 1u);
  EXPECT_EQ(q.dropped_missing_case_id, 1u);
  EXPECT_EQ(q.dropped_missing_activity, 1u);
  EXPECT_EQ(q.dropped_bad_timestamp, 1u);
  EXPECT_EQ(q.dropped_bad_start, 1u);
  EXPECT_EQ(q.dropped_end_before_start, 1u);
  EXPECT_EQ(q.dropped_wrong_field_count, 1u);
  EXPECT_EQ(q.events_out_of_order, 1u);
  EXPECT_EQ(log.case_count, 2u);
  EXPECT_TRUE(log.has_start);
  EXPECT_TRUE(log.has_resource);
  EXPECT_FALSE(log.has_case_type);
  // Sorted within each case by time: B's intake comes before its review.
  ASSERT_EQ(log.events.size(), 4u);
  EXPECT_EQ(log.activities[log.events[2].activity], "intake");
  EXPECT_EQ(log.activities[log.events[3].activity], "review");
  EXPECT_TRUE(std::isnan(log.events[2].start));
  // Examples name lines, never cases.
  for (const std::string& e : q.examples) EXPECT_EQ(e.rfind("line ", 0), 0u) << e;
}

TEST(CsvLog, CasesWithATimestampYearsAwayFromTheRestAreLeftOut) {
  // 30 cases of two events in 2023; case 7 has a mistyped year (1900 for 2023) and case 12 one
  // far in the future (2202): each would stretch the model over centuries. Both cases go, whole.
  std::string text = "case_id,activity,timestamp\n";
  for (int c = 0; c < 30; ++c) {
    const std::string day = (c < 9 ? "0" : "") + std::to_string(c + 1);
    const std::string id = "c" + std::to_string(c);
    text += id + ",intake,2023-01-" + day + "\n";
    text += id + ",hearing," + (c == 7 ? "1900" : c == 12 ? "2202" : "2023") + "-03-" + day + "\n";
  }
  const ev::EventLog log = read_csv(text);
  EXPECT_EQ(log.quality.cases_dropped_far_outside, 2u);
  EXPECT_EQ(log.quality.dropped_far_outside, 4u);
  EXPECT_EQ(log.quality.rows_kept, 56u);
  EXPECT_EQ(log.case_count, 28u);
  EXPECT_EQ(log.quality.cases, 28u);
  double first = INFINITY, last = -INFINITY;
  for (const ev::Event& e : log.events) {
    ASSERT_LT(e.case_index, 28u);
    first = std::min(first, e.complete);
    last = std::max(last, e.complete);
  }
  EXPECT_EQ(ev::format_date_time(first).substr(0, 10), "2023-01-01");
  EXPECT_EQ(ev::format_date_time(last).substr(0, 10), "2023-03-30");
  ASSERT_FALSE(log.quality.examples.empty());
  EXPECT_EQ(log.quality.examples.front().find("1900-03"), std::string::npos) << "a day of one case's life";
  EXPECT_NE(log.quality.examples.front().find("an event dated in 1900, far from the rest of the log (2023-01-02 to 2023-03-28 for 90% of the times)"), std::string::npos) << log.quality.examples.front();

  // A log that genuinely spans years keeps every case.
  std::string spread = "case_id,activity,timestamp\n";
  for (int y = 2000; y < 2030; ++y) spread += "k" + std::to_string(y) + ",intake," + std::to_string(y) + "-06-01\n";
  EXPECT_EQ(read_csv(spread).quality.cases_dropped_far_outside, 0u);
}

TEST(CsvLog, ColumnNamesCanBeOverridden) {
  std::istringstream in("Ref;x,Step,Done\n1,a,2024-01-01\n1,b,2024-01-02\n");
  ev::CsvColumns columns;
  columns.case_id = "Ref;x";
  columns.activity = "Step";
  columns.timestamp = "Done";
  const ev::EventLog log = ev::read_csv_log(in, "log.csv", columns);
  EXPECT_EQ(log.events.size(), 2u);
  EXPECT_FALSE(log.has_start);
}

TEST(CsvLog, LogsThatCannotBeReadSayWhyInOneLine) {
  EXPECT_EQ(csv_error(""), "log.csv: the file is empty (expected a header line naming the columns)");
  EXPECT_EQ(csv_error("case_id,activity,timestamp\n"), "log.csv: no rows after the header");
  EXPECT_NE(csv_error("A1,Create Fine,2006-07-24\n").find("log.csv: line 1: no column case_id, activity, timestamp"),
            std::string::npos);
  EXPECT_NE(csv_error("case,act,time\nA,b,2024-01-01\n").find("no column case_id, activity, timestamp"),
            std::string::npos);
  EXPECT_NE(csv_error("case_id,activity,timestamp\nA,b,garbage\nA,c,12/01/2024\n")
                .find("log.csv: no usable rows (first problem: line 2: timestamp is not an ISO 8601"),
            std::string::npos);
  EXPECT_NE(csv_error("case_id,activity,timestamp\n" + std::string(5000, 'x'), 1024)
                .find("log.csv: line 2: record longer than 1 KiB"),
            std::string::npos);
  EXPECT_NE(csv_error("case_id,activity,timestamp\n\"A,b,2024-01-01\n").find("not closed"), std::string::npos);
}

TEST(XesLog, TracesEventsAndStartCompletePairs) {
  std::istringstream in(R"(<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
  <trace>
    <string key="concept:name" value="case-1"/>
    <string key="case_type" value="bail"/>
    <event>
      <string key="concept:name" value="review"/>
      <string key="lifecycle:transition" value="start"/>
      <date key="time:timestamp" value="2024-01-01T09:00:00.000+00:00"/>
    </event>
    <event>
      <string key="concept:name" value="review"/>
      <string key="lifecycle:transition" value="complete"/>
      <string key="org:resource" value="clerk"/>
      <date key="time:timestamp" value="2024-01-01T15:00:00.000+00:00"/>
    </event>
    <event>
      <string key="concept:name" value="decide"/>
      <date key="time:timestamp" value="2024-01-02T12:00:00.000+00:00"/>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="case-2"/>
    <event>
      <string key="concept:name" value="review"/>
      <date key="time:timestamp" value="not a time"/>
    </event>
  </trace>
</log>)");
  const ev::EventLog log = ev::read_xes_log(in, "log.xes");
  ASSERT_EQ(log.events.size(), 2u);
  EXPECT_EQ(log.quality.rows_read, 3u);
  EXPECT_EQ(log.quality.dropped_bad_timestamp, 1u);
  const ev::Event& review = log.events[0];
  EXPECT_EQ(log.activities[review.activity], "review");
  EXPECT_NEAR(review.complete - review.start, 0.25, 1e-9);
  EXPECT_EQ(log.resources[static_cast<std::size_t>(review.resource)], "clerk");
  EXPECT_EQ(log.case_types[review.case_type], "bail");
  EXPECT_TRUE(std::isnan(log.events[1].start));
}

TEST(XesLog, NotXmlOrNotXesIsAnError) {
  for (const char* text : {"", "<log><trace>", "case_id,activity,timestamp\n", "<html></html>"}) {
    std::istringstream in(text);
    EXPECT_THROW(ev::read_xes_log(in, "log.xes"), courtflow::models::InputError) << text;
  }
}

TEST(CsvLog, ManyEventsOfOneCaseAtOneTimeAreReadInNearLinearTime) {
  // A mislabelled case id column can put a whole log into one case, all on a few dates. The
  // duplicate check must not compare every pair (200,000 rows would be 2e10 comparisons).
  std::string text = "case_id,activity,timestamp\n";
  for (int i = 0; i < 200000; ++i) text += i % 2 ? "same,b,2024-01-01\n" : "same,a,2024-01-01\n";
  const ev::EventLog log = read_csv(text);
  EXPECT_EQ(log.events.size(), 2u);
  EXPECT_EQ(log.quality.dropped_duplicate, 199998u);
  // The first of each is kept, in file order: a before b.
  EXPECT_EQ(log.activities[log.events[0].activity], "a");
}

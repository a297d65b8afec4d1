// EventLogBuilder (event_log.hpp): row checks, interning, sorting into cases, duplicates.

#include "analysis/eventlog/event_log.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <tuple>

#include "analysis/eventlog/timestamp.hpp"
#include "models/dates.hpp"
#include "models/diagnostic.hpp"

namespace courtflow::analysis::eventlog {
namespace {
constexpr std::uint64_t kExamplesPerReason = 3;
constexpr std::size_t kChunkEvents = 1 << 16;        ///< 2 MiB of events
constexpr std::size_t kCaseIdBlockBytes = 1 << 20;
constexpr std::size_t kMinEventsForOutlierCheck = 20;
constexpr double kMinOutlierMarginDays = 365;
}  // namespace

void EventChunks::push_back(const Event& e) {
  if (chunks_.empty() || chunks_.back().size() == kChunkEvents) {
    chunks_.emplace_back();
    chunks_.back().reserve(kChunkEvents);
  }
  chunks_.back().push_back(e);
  ++size_;
}

std::vector<Event> EventChunks::take() {
  std::vector<Event> out;
  out.reserve(size_);
  for (std::vector<Event>& chunk : chunks_) {
    out.insert(out.end(), chunk.begin(), chunk.end());
    std::vector<Event>().swap(chunk);  // freed as it is copied
  }
  std::vector<std::vector<Event>>().swap(chunks_);
  size_ = 0;
  return out;
}

std::string_view CaseIdTable::key(std::uint32_t index) const {
  const char* at = keys_[index];
  std::uint32_t length = 0;
  std::memcpy(&length, at, sizeof length);
  return {at + sizeof length, length};
}

std::size_t CaseIdTable::slot_of(std::string_view id) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = std::hash<std::string_view>{}(id) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == 0 || key(slots_[i] - 1) == id) return i;
  }
}

void CaseIdTable::grow() {
  std::vector<std::uint32_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  for (const std::uint32_t entry : old) {
    if (entry != 0) slots_[slot_of(key(entry - 1))] = entry;
  }
}

std::uint32_t CaseIdTable::intern(std::string_view id) {
  if ((keys_.size() + 1) * 2 > slots_.size()) grow();
  const std::size_t slot = slot_of(id);
  if (slots_[slot] != 0) return slots_[slot] - 1;
  // A record is at most 1 MiB (CsvReader), so an id fits a block of its own at worst.
  const std::size_t need = sizeof(std::uint32_t) + id.size();
  if (blocks_.empty() || block_used_ + need > block_size_) {
    block_size_ = std::max(kCaseIdBlockBytes, need);
    blocks_.push_back(std::make_unique<char[]>(block_size_));
    block_used_ = 0;
  }
  char* at = blocks_.back().get() + block_used_;
  const auto length = static_cast<std::uint32_t>(id.size());
  std::memcpy(at, &length, sizeof length);
  std::memcpy(at + sizeof length, id.data(), id.size());
  block_used_ += need;
  const auto index = static_cast<std::uint32_t>(keys_.size());
  keys_.push_back(at);
  slots_[slot] = index + 1;
  return index;
}

void CaseIdTable::clear() {
  std::vector<std::unique_ptr<char[]>>().swap(blocks_);
  std::vector<const char*>().swap(keys_);
  std::vector<std::uint32_t>().swap(slots_);
  block_used_ = block_size_ = 0;
}

EventLogBuilder::EventLogBuilder(std::string source, bool has_start_column, bool has_case_type_column) {
  log_.source = std::move(source);
  log_.has_start = has_start_column;
  log_.has_case_type = has_case_type_column;
  if (!has_case_type_column) log_.case_types.push_back("");
}

std::uint32_t EventLogBuilder::intern(std::unordered_map<std::string, std::uint32_t>& map,
                                      std::vector<std::string>* names, std::string_view key, std::size_t limit,
                                      const char* what, const std::string& where) {
  if (map.size() >= limit && map.find(std::string(key)) == map.end()) {
    throw models::InputError(models::Diagnostic{
        log_.source, where, "more than " + std::to_string(limit) + " distinct " + what + " (is the column right?)",
        false});
  }
  auto [it, inserted] = map.try_emplace(std::string(key), static_cast<std::uint32_t>(map.size()));
  if (inserted && names != nullptr) names->push_back(it->first);
  return it->second;
}

void EventLogBuilder::example(const std::string& where, const std::string& message, std::uint64_t count) {
  if (count <= kExamplesPerReason) log_.quality.examples.push_back(where + ": " + message);
}

void EventLogBuilder::drop_wrong_field_count(const std::string& where, const std::string& message) {
  DataQuality& q = log_.quality;
  ++q.rows_read;
  example(where, message, ++q.dropped_wrong_field_count);
}

void EventLogBuilder::add(std::string_view case_id, std::string_view activity, std::string_view timestamp,
                          std::string_view start, std::string_view case_type, std::string_view resource,
                          const std::string& where) {
  DataQuality& q = log_.quality;
  ++q.rows_read;
  if (case_id.empty()) return example(where, "no case id", ++q.dropped_missing_case_id);
  if (activity.empty()) return example(where, "no activity", ++q.dropped_missing_activity);
  const std::optional<ParsedTime> complete = parse_timestamp(timestamp);
  if (!complete) {
    return example(where, "timestamp is not an ISO 8601 date or date-time (got \"" +
                              std::string(timestamp.substr(0, 40)) + "\")",
                   ++q.dropped_bad_timestamp);
  }
  std::optional<ParsedTime> begin;
  if (!start.empty()) {
    begin = parse_timestamp(start);
    if (!begin) {
      return example(where, "start is not an ISO 8601 date or date-time (got \"" + std::string(start.substr(0, 40)) +
                                "\")",
                     ++q.dropped_bad_start);
    }
    if (begin->days > complete->days) {
      return example(where, "completed before it started", ++q.dropped_end_before_start);
    }
  }
  if (complete->has_zone) ++q.times_with_zone;
  if (complete->has_time) ++q.times_with_time_of_day;
  if (added_.size() >= std::numeric_limits<std::uint32_t>::max() ||
      case_ids_.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw models::InputError(models::Diagnostic{log_.source, where, "more than 4,294,967,294 events", false});
  }
  Event e;
  e.case_index = case_ids_.intern(case_id);
  e.activity = static_cast<std::uint16_t>(
      intern(activity_ids_, &log_.activities, activity, kMaxActivities, "activities", where));
  e.case_type = log_.has_case_type ? static_cast<std::uint16_t>(intern(type_ids_, &log_.case_types, case_type,
                                                                       kMaxCaseTypes, "case types", where))
                                   : 0;
  if (!resource.empty()) {
    e.resource = static_cast<std::int32_t>(intern(resource_ids_, &log_.resources, resource,
                                                  std::numeric_limits<std::int32_t>::max(), "resources", where));
    log_.has_resource = true;
  }
  e.start = begin ? begin->days : kNoTime;
  e.complete = complete->days;
  e.order = static_cast<std::uint32_t>(added_.size());
  if (e.case_index >= last_time_of_case_.size()) last_time_of_case_.resize(e.case_index + 1, -INFINITY);
  const double at = begin ? begin->days : complete->days;
  if (at < last_time_of_case_[e.case_index]) ++q.events_out_of_order;
  last_time_of_case_[e.case_index] = std::max(last_time_of_case_[e.case_index], at);
  added_.push_back(e);
}

std::uint64_t EventLogBuilder::drop_cases_far_outside_the_log(std::vector<Event>& ev) {
  // A mistyped year (1900 for 2019, 2202 for 2022) stretches the horizon and one step's
  // duration by decades and moves the start date: the fitted model would be silently wrong.
  // What counts as far: more than twice the span of the middle 90% of the times (and at least
  // a year) before or after it. Small logs have no meaningful bulk: left alone.
  if (ev.size() < kMinEventsForOutlierCheck) return case_ids_.size();
  std::vector<double> times;
  times.reserve(ev.size() * 2);
  for (const Event& e : ev) {
    times.push_back(e.complete);
    if (!std::isnan(e.start)) times.push_back(e.start);
  }
  auto quantile = [&](double q) {
    const auto k = static_cast<std::ptrdiff_t>(q * static_cast<double>(times.size() - 1));
    std::nth_element(times.begin(), times.begin() + k, times.end());
    return times[static_cast<std::size_t>(k)];
  };
  const double q05 = quantile(0.05);
  const double q95 = quantile(0.95);
  const double margin = std::max(2 * (q95 - q05), kMinOutlierMarginDays);
  const double lo = q05 - margin;
  const double hi = q95 + margin;
  auto outside = [&](double t) { return !std::isnan(t) && (t < lo || t > hi); };
  std::vector<bool> dropped_case;
  for (const Event& e : ev) {
    if (!outside(e.complete) && !outside(e.start)) continue;
    if (dropped_case.empty()) dropped_case.assign(case_ids_.size(), false);
    if (!dropped_case[e.case_index]) {
      ++log_.quality.cases_dropped_far_outside;
      const double t = outside(e.complete) ? e.complete : e.start;
      // The year only: enough to see the mistake, not a day of one case's life.
      example("timestamp", "an event dated in " +
                               models::format_iso_date(static_cast<std::int64_t>(std::floor(t))).substr(0, 4) +
                               ", far from the rest of the log (" + models::format_iso_date(static_cast<std::int64_t>(q05)) +
                               " to " + models::format_iso_date(static_cast<std::int64_t>(q95)) +
                               " for 90% of the times): its case is left out",
              log_.quality.cases_dropped_far_outside);
    }
    dropped_case[e.case_index] = true;
  }
  if (dropped_case.empty()) return case_ids_.size();
  const auto before = ev.size();
  std::erase_if(ev, [&](const Event& e) { return dropped_case[e.case_index]; });
  log_.quality.dropped_far_outside = before - ev.size();
  // Case indices stay dense (every case has an event), in their first-seen order.
  std::vector<std::uint32_t> new_index(dropped_case.size(), 0);
  std::uint32_t next = 0;
  for (std::size_t k = 0; k < dropped_case.size(); ++k) {
    if (!dropped_case[k]) new_index[k] = next++;
  }
  for (Event& e : ev) e.case_index = new_index[e.case_index];
  return next;
}

EventLog EventLogBuilder::finish() {
  log_.events = added_.take();
  std::vector<Event>& ev = log_.events;
  auto when = [](const Event& e) { return std::isnan(e.start) ? e.complete : e.start; };
  // Duplicates: the same activity of the same case with the same times and resource; the
  // first in the file is kept. Sorting on the whole key puts them side by side (O(n log n)
  // however many events share a case and a time).
  {
    auto start_key = [](const Event& e) { return std::isnan(e.start) ? -INFINITY : e.start; };
    auto key = [&](const Event& e) {
      return std::tuple(e.case_index, e.activity, e.complete, start_key(e), e.resource);
    };
    std::sort(ev.begin(), ev.end(), [&](const Event& a, const Event& b) {
      const auto ka = key(a), kb = key(b);
      return ka != kb ? ka < kb : a.order < b.order;
    });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (kept > 0 && key(ev[kept - 1]) == key(ev[i])) {
        ++log_.quality.dropped_duplicate;
      } else {
        ev[kept++] = ev[i];
      }
    }
    ev.resize(kept);
  }
  const std::uint64_t cases = drop_cases_far_outside_the_log(ev);
  std::sort(ev.begin(), ev.end(), [&](const Event& a, const Event& b) {
    if (a.case_index != b.case_index) return a.case_index < b.case_index;
    if (when(a) != when(b)) return when(a) < when(b);
    if (a.complete != b.complete) return a.complete < b.complete;
    return a.order < b.order;
  });
  // A start column with no value at all is no start column.
  if (log_.has_start) {
    log_.has_start = std::any_of(ev.begin(), ev.end(), [](const Event& e) { return !std::isnan(e.start); });
  }
  log_.case_count = cases;
  log_.quality.cases = log_.case_count;
  log_.quality.rows_kept = ev.size();
  std::vector<std::uint64_t> per_activity(log_.activities.size(), 0);
  for (const Event& e : ev) ++per_activity[e.activity];
  for (std::size_t a = 0; a < per_activity.size(); ++a) {
    if (per_activity[a] == 1) log_.quality.activities_seen_once.push_back(log_.activities[a]);
  }
  case_ids_.clear();
  return std::move(log_);
}

}  // namespace courtflow::analysis::eventlog

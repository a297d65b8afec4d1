// Simulated event logs (simulated_log.hpp).

#include "analysis/eventlog/simulated_log.hpp"

#include <algorithm>

#include "analysis/eventlog/timestamp.hpp"
#include "sim/engine.hpp"

namespace courtflow::analysis::eventlog {
namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

void trace_replication(const PreparedRun& prepared, int replication,
                       const std::function<void(const sim::ServiceRecord&)>& sink) {
  sim::ServiceLog log(prepared.network, prepared.config.horizon, sink);
  sim::Engine engine(prepared.network, prepared.config, prepared.seed, replication);
  engine.set_trace(&log);
  engine.run();
}

void write_simulated_event_log(std::ostream& out, const PreparedRun& prepared, int replication) {
  const double day0 = static_cast<double>(prepared.start_day.value_or(0));
  const bool typed = !prepared.model.case_types.empty();
  out << "case_id,activity,timestamp,start,case_type,resource\n";
  const sim::Network& net = prepared.network;
  trace_replication(prepared, replication, [&](const sim::ServiceRecord& r) {
    const std::string& stage = net.stages[static_cast<std::size_t>(r.stage)].name;
    out << 'c' << r.case_number << ',' << csv_field(stage) << ',' << format_date_time(day0 + r.end) << ','
        << format_date_time(day0 + r.start) << ','
        << (typed ? csv_field(net.case_types[static_cast<std::size_t>(r.case_type)].name) : std::string()) << ',';
    if (r.server >= 0) out << csv_field(stage + "#" + std::to_string(r.server + 1));
    out << '\n';
  });
}

EventLog simulated_event_log(const PreparedRun& prepared, int replications) {
  const sim::Network& net = prepared.network;
  const double day0 = static_cast<double>(prepared.start_day.value_or(0));
  EventLog log;
  log.source = "simulated";
  for (const sim::StageSpec& s : net.stages) log.activities.push_back(s.name);
  for (const sim::CaseTypeSpec& t : net.case_types) log.case_types.push_back(t.name);
  log.has_start = true;
  std::uint64_t offset = 0;
  EventChunks events;
  for (int r = 0; r < replications; ++r) {
    std::uint64_t most = 0;
    trace_replication(prepared, r, [&](const sim::ServiceRecord& rec) {
      Event e;
      e.case_index = static_cast<std::uint32_t>(offset + rec.case_number);
      e.activity = static_cast<std::uint16_t>(rec.stage);
      e.case_type = static_cast<std::uint16_t>(rec.case_type);
      e.start = day0 + rec.start;
      e.complete = day0 + rec.end;
      e.order = static_cast<std::uint32_t>(events.size());
      events.push_back(e);
      most = std::max(most, rec.case_number);
    });
    offset += most;
  }
  // Records come in order of service start, so each case's are in time order already: sorted
  // by case, then that order (in place: a stable sort would take a buffer of half the log).
  log.events = events.take();
  std::sort(log.events.begin(), log.events.end(), [](const Event& a, const Event& b) {
    return a.case_index != b.case_index ? a.case_index < b.case_index : a.order < b.order;
  });
  log.case_count = offset;
  return log;
}

}  // namespace courtflow::analysis::eventlog

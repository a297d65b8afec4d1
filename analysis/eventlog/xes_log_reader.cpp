// The XES event-log reader (log_reader.hpp) on expat, a streaming (SAX) XML parser: the file is
// fed in 64 KiB blocks and each <event> goes to EventLogBuilder as soon as it closes, so memory
// holds one trace's pending start events, never the document.

#include <expat.h>

#include <map>
#include <string>
#include <vector>

#include "analysis/eventlog/log_reader.hpp"
#include "models/diagnostic.hpp"

namespace courtflow::analysis::eventlog {
namespace {

struct XesEvent {
  std::string activity, timestamp, resource, transition;
  std::size_t line = 0;
};

struct XesState {
  explicit XesState(const std::string& file, const std::string& type_key)
      : builder(file, true, true), case_type_key(type_key) {}
  EventLogBuilder builder;
  std::string case_type_key;
  int depth = 0;
  int trace_depth = 0, event_depth = 0;
  bool seen_log = false;
  std::string case_id, case_type;
  XesEvent event;
  std::vector<XesEvent> events;  ///< of the current trace, in document order
  XML_Parser parser = nullptr;
};

const char* attribute(const XML_Char** atts, const char* name) {
  for (int i = 0; atts[i] != nullptr; i += 2) {
    if (std::string(atts[i]) == name) return atts[i + 1];
  }
  return nullptr;
}

void flush_trace(XesState& s) {
  // Pair each start with the next complete of the same activity; lone completes have no start.
  std::map<std::string, std::vector<std::string>> open_starts;
  for (const XesEvent& e : s.events) {
    const std::string where = "line " + std::to_string(e.line);
    if (e.transition == "start") {
      open_starts[e.activity].push_back(e.timestamp);
      continue;
    }
    if (!e.transition.empty() && e.transition != "complete") continue;
    std::string start;
    auto it = open_starts.find(e.activity);
    if (it != open_starts.end() && !it->second.empty()) {
      start = it->second.front();
      it->second.erase(it->second.begin());
    }
    s.builder.add(s.case_id, e.activity, e.timestamp, start, s.case_type, e.resource, where);
  }
  s.events.clear();
}

void XMLCALL on_start(void* user, const XML_Char* name, const XML_Char** atts) {
  auto& s = *static_cast<XesState*>(user);
  const std::string tag = name;
  ++s.depth;
  if (tag == "log") s.seen_log = true;
  if (tag == "trace" && s.trace_depth == 0) {
    s.trace_depth = s.depth;
    s.case_id.clear();
    s.case_type.clear();
    return;
  }
  if (tag == "event" && s.trace_depth > 0 && s.event_depth == 0) {
    s.event_depth = s.depth;
    s.event = XesEvent{};
    s.event.line = XML_GetCurrentLineNumber(s.parser);
    return;
  }
  const char* key = attribute(atts, "key");
  const char* value = attribute(atts, "value");
  if (key == nullptr || value == nullptr) return;
  const std::string k = key;
  if (s.event_depth > 0 && s.depth == s.event_depth + 1) {
    if (k == "concept:name") s.event.activity = value;
    if (k == "time:timestamp") s.event.timestamp = value;
    if (k == "org:resource") s.event.resource = value;
    if (k == "lifecycle:transition") s.event.transition = value;
  } else if (s.trace_depth > 0 && s.event_depth == 0 && s.depth == s.trace_depth + 1) {
    if (k == "concept:name") s.case_id = value;
    if (k == s.case_type_key) s.case_type = value;
  }
}

void XMLCALL on_end(void* user, const XML_Char* /*name*/) {
  auto& s = *static_cast<XesState*>(user);
  if (s.event_depth == s.depth) {
    s.event_depth = 0;
    for (char& c : s.event.transition) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    s.events.push_back(std::move(s.event));
  } else if (s.trace_depth == s.depth) {
    s.trace_depth = 0;
    flush_trace(s);
  }
  --s.depth;
}

[[noreturn]] void fail(const std::string& file, const std::string& where, const std::string& message) {
  throw models::InputError(models::Diagnostic{file, where, message, false});
}

}  // namespace

EventLog read_xes_log(std::istream& in, const std::string& file, const std::string& case_type_key) {
  XesState state(file, case_type_key);
  XML_Parser parser = XML_ParserCreate(nullptr);
  if (parser == nullptr) throw std::bad_alloc();
  struct Free {
    XML_Parser p;
    ~Free() { XML_ParserFree(p); }
  } guard{parser};
  state.parser = parser;
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(parser, on_start, on_end);
  std::vector<char> block(1 << 16);
  bool any = false;
  for (;;) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const std::streamsize got = in.gcount();
    const bool last = got < static_cast<std::streamsize>(block.size());
    any = any || got > 0;
    if (!any && last) fail(file, "", "the file is empty (expected an XES log)");
    if (XML_Parse(parser, block.data(), static_cast<int>(got), last ? 1 : 0) == XML_STATUS_ERROR) {
      fail(file, "line " + std::to_string(XML_GetCurrentLineNumber(parser)),
           std::string("not well-formed XML: ") + XML_ErrorString(XML_GetErrorCode(parser)));
    }
    if (last) break;
  }
  if (!state.seen_log) fail(file, "", "no <log> element: not an XES log");
  EventLog log = state.builder.finish();
  if (log.events.empty()) {
    std::string why = "no usable events";
    if (!log.quality.examples.empty()) why += " (first problem: " + log.quality.examples.front() + ")";
    fail(file, "", why);
  }
  return log;
}

}  // namespace courtflow::analysis::eventlog

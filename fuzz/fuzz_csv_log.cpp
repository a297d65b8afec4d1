// libFuzzer harness for the CSV event-log reader (`courtflow calibrate --events LOG.csv`):
// bytes -> read_csv_log with a small record cap (so long records are reached quickly), then
// the names it kept serialised as the fitted model would write them. Only models::InputError
// may escape.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/eventlog/log_reader.hpp"
#include "models/diagnostic.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace courtflow;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const analysis::eventlog::EventLog log = analysis::eventlog::read_csv_log(in, "fuzz.csv", {}, 4096);
    nlohmann::json names = log.activities;
    for (const std::string& t : log.case_types) names.push_back(t);
    for (const std::string& r : log.resources) names.push_back(r);
    (void)names.dump();
  } catch (const models::InputError&) {
  }
  return 0;
}

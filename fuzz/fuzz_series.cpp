// libFuzzer harness for the aggregate-series reader (`courtflow fit/backtest --series`):
// bytes -> parse_series -> flow-balance check, and the stage names serialised as backtest.json
// would write them. Only models::InputError may escape.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/series/series.hpp"
#include "models/diagnostic.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace courtflow;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const analysis::series::Series series = analysis::series::parse_series(in, "fuzz.csv");
    nlohmann::json names = nlohmann::json::array();
    for (const analysis::series::StageSeries& s : series.stages) {
      names.push_back(s.stage);
      (void)analysis::series::describe_balance(analysis::series::flow_balance(s));
    }
    (void)names.dump();
  } catch (const models::InputError&) {
  }
  return 0;
}

// The England & Wales reference model (models/reference/england_wales.json) over 10 simulated
// years, loaded and prepared exactly as `courtflow run` does it (scenarios::load_model_or_scenario,
// models::validate, analysis::prepare_run: full case resolution, the model's initial caseload,
// monthly/quarterly reporting periods), with the horizon set to 3,650 days:
//   BM_EnglandWales10Years          one replication per iteration, one thread: events per
//                                   CPU-second (Google benchmark's default CPU time)
//   BM_EnglandWales10YearsReps/T    2 replications on T threads (real time), for the parallel
//                                   efficiency of the real model
// The model file is the one in the source tree (COURTFLOW_EW_MODEL), or $COURTFLOW_EW_MODEL.
// Loading and compiling are outside the timed loop; each replication writes its period series,
// as in a real run.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/simulation.hpp"
#include "models/diagnostic.hpp"
#include "models/validate.hpp"
#include "scenarios/load.hpp"
#include "sim/replications.hpp"

namespace {

namespace analysis = courtflow::analysis;
namespace sim = courtflow::sim;

constexpr double kTenYearsDays = 3'650;

std::string model_path() {
  const char* env = std::getenv("COURTFLOW_EW_MODEL");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string(COURTFLOW_EW_MODEL);
}

// The model as `courtflow run` would run it, but for 10 years. Throws if it does not validate.
analysis::PreparedRun prepare_ten_years(const analysis::RunSettings& settings) {
  const std::string path = model_path();
  courtflow::scenarios::LoadedInput input = courtflow::scenarios::load_model_or_scenario(path);
  input.model.horizon_days = kTenYearsDays;
  for (const courtflow::models::Diagnostic& d : courtflow::models::validate(input.model, path)) {
    if (!d.warning) throw std::runtime_error(d.to_string());
  }
  return analysis::prepare_run(input.model, settings, path);
}

void BM_EnglandWales10Years(benchmark::State& state) {
  const analysis::PreparedRun prepared = prepare_ten_years(analysis::RunSettings{});
  std::uint64_t events = 0;
  double cases_at_horizon = 0;
  for (auto _ : state) {
    // Always replication 0, so that every iteration does the same work.
    const sim::ReplicationResult result = sim::run_replication(prepared.network, prepared.config, prepared.seed, 0);
    events += result.events;
    cases_at_horizon = static_cast<double>(result.system.wip_end);
    benchmark::DoNotOptimize(result.system.completed);
  }
  state.counters["events"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["wip_end"] = cases_at_horizon;
}

void BM_EnglandWales10YearsReps(benchmark::State& state) {
  analysis::RunSettings settings;
  settings.replications = 2;
  settings.threads = static_cast<int>(state.range(0));
  const analysis::PreparedRun prepared = prepare_ten_years(settings);
  std::uint64_t events = 0;
  for (auto _ : state) {
    const sim::ReplicationSet set = analysis::run_prepared(prepared, settings);
    events += set.total_events;
    benchmark::DoNotOptimize(set.replications.back().system.completed);
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

// One iteration is several seconds: a fixed count keeps the benchmark's length predictable.
BENCHMARK(BM_EnglandWales10Years)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_EnglandWales10YearsReps)->Arg(1)->Arg(2)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

}  // namespace

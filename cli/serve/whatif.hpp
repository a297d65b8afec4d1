#pragma once
// What `courtflow serve` computes, apart from HTTP: one base model, held for the server's
// lifetime, and what-if runs of it. A request's changes are the scenario contract's changes
// (scenarios/scenario_json), checked by the same parser and validator as a scenario file (a
// bad change is refused with the file validator's one-line message, the file being called
// "request"), applied to the base (scenarios/overlay) and run with the base's seed and
// replications, so that base and what-if pair by common random numbers as in `compare`.
// The answer is the run's summary.json and timeseries, the comparison.json against the
// base, and the report's own content for the page (analysis/report: headlines, the fan charts'
// Vega specs, the bottleneck and levels tables), so that the page shows the report's charts.
// Base runs are cached per (replications, seed). Every method that simulates is called on the
// job queue's worker thread only; parse_run_request and describe may be called from any thread.

#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/bottleneck_report.hpp"
#include "analysis/simulation.hpp"
#include "cli/run_support.hpp"
#include "cli/serve/job_queue.hpp"
#include "models/model.hpp"
#include "scenarios/scenario.hpp"
#include "sim/replications.hpp"

namespace courtflow::cli::serve {

/// The server's limits and run options.
struct WhatIfSettings {
  RunOptionValues run;  ///< threads, --max-events (per replication), --max-cases, --max-memory, --period
  int max_replications = 100;
  /// A request whose estimated events (replications x expected events of one replication) go
  /// over this is refused before it runs (HTTP 400).
  std::uint64_t max_run_events = 300'000'000;
};

/// One checked what-if (or the base, with no changes): ready to run.
struct WhatIfRequest {
  std::string name;                 ///< the scenario's name ("what-if" unless the request names it)
  nlohmann::json changes;           ///< as received (an array)
  scenarios::Scenario scenario;     ///< parsed
  models::Model model;              ///< the base with the changes applied, validated
  int replications = 0;
  std::uint64_t seed = 0;
  std::uint64_t estimated_events = 0;
  std::vector<std::string> warnings;  ///< unknown keys and the like, one line each
};

class WhatIf {
 public:
  /// `base` is the loaded and validated model; `model_file` names it in outputs; `out_dir`
  /// is the only folder written (reports); `vega_runtime` and `diagram_svg` go into report.html.
  WhatIf(std::string model_file, models::Model base, WhatIfSettings settings, std::filesystem::path out_dir,
         std::string vega_runtime, std::string diagram_svg);

  const WhatIfSettings& settings() const { return settings_; }

  /// GET /api/model: the model, its levers, defaults and limits.
  nlohmann::ordered_json describe() const;

  /// Checks a request body ({"changes", "replications", "seed", "name"}); `where` prefixes
  /// field names inside the body for messages ("" for /api/run, "scenarios[1]" for compare).
  /// Throws ApiError (400) or models::InputError (400, the validator's line).
  WhatIfRequest parse_run_request(const nlohmann::json& body, const std::string& where,
                                  std::optional<int> replications, std::optional<std::uint64_t> seed) const;

  /// The replications and seed a body asks for, defaults filled in (throws ApiError 400).
  std::pair<int, std::uint64_t> run_size(const nlohmann::json& body) const;

  /// POST /api/run: runs the what-if (and the base, unless cached) and remembers it as the
  /// current scenario for the report. Returns the JSON body.
  std::string run(const WhatIfRequest& request, Job& job);

  /// POST /api/compare: comparison.json of each request against the base.
  std::string compare(const std::vector<WhatIfRequest>& requests, Job& job);

  /// GET /api/report and /api/report.xlsx: the report of the current scenario (the last
  /// successful run; the base alone before any), made once per scenario and kept in out_dir.
  JobResult report(Job& job, bool xlsx);

 private:
  struct Baseline;
  struct ScenarioRun;
  std::shared_ptr<Baseline> baseline(int replications, std::uint64_t seed, Job& job);
  analysis::RunSettings settings_for(const models::Model& model, int replications, std::uint64_t seed, Job& job) const;
  std::uint64_t estimate_events(const models::Model& model, int replications) const;

  const std::string model_file_;
  const models::Model base_;
  const WhatIfSettings settings_;
  const std::filesystem::path out_dir_;
  const std::string vega_runtime_;
  const std::string diagram_svg_;

  // Worker thread only.
  std::list<std::shared_ptr<Baseline>> baselines_;  ///< most recently used first
  std::shared_ptr<ScenarioRun> current_;            ///< the last successful run
  std::optional<std::uint64_t> report_of_;           ///< which current_ the files in out_dir are of (0: the base alone)
  std::uint64_t runs_made_ = 0;
};

}  // namespace courtflow::cli::serve

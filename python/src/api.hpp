#pragma once
// What the Python module does, in plain C++ (no Python types): each operation mirrors a CLI
// subcommand (cli/commands/*.cpp) with the same defaults and returns the texts the CLI would
// write (summary.json, timeseries.csv, ...), so that numbers match `courtflow` exactly and the
// Python layer only parses them into dicts and DataFrames. module.cpp binds these to Python,
// runs them off the interpreter's lock and maps the errors below to Python exceptions.

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "scenarios/scenario.hpp"

namespace courtflow::python {

/// Bad input: one or more one-line messages, each exactly what the CLI prints after
/// "courtflow: error: " (FILE: WHERE: MESSAGE). Becomes courtflow.InputError.
class InputErrors : public std::runtime_error {
 public:
  explicit InputErrors(std::vector<std::string> lines);
  const std::vector<std::string>& lines() const noexcept { return lines_; }

 private:
  std::vector<std::string> lines_;
};

/// A loaded and validated model (a model file, a scenario chain, a dict, a calibration).
struct ModelHandle {
  models::Model model;
  std::string source;  ///< names the model in messages: the path as given, or "<dict>"
  std::vector<scenarios::Scenario> applied;  ///< scenarios applied, base outwards
  std::vector<std::string> warnings;         ///< one-line warnings (unknown keys, ...)
};

/// A model or scenario file (base resolved, as `courtflow run` loads it), validated.
ModelHandle load_file(const std::string& path);
/// Model or scenario JSON text; a scenario's relative "base" is resolved from `base_dir`.
ModelHandle load_json_text(const std::string& text, const std::string& label, const std::string& base_dir);
/// The model with scenario changes applied (`changes_json`: the scenario file's "changes"
/// array), validated; named `name` (default: the model's name + " (changed)").
ModelHandle with_changes(const ModelHandle& base, const std::string& changes_json, const std::string& name,
                         const std::string& description);
/// The model file (models::to_json), indented by 2 as the CLI writes models.
std::string model_json(const ModelHandle& handle);

/// The run options shared by run, bottlenecks and compare (the CLI's run options).
struct RunOptions {
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string period;  ///< "" = the default; else month, quarter, year or N days
  double over_days = 365;
  std::optional<std::uint64_t> max_events;
  std::optional<std::uint64_t> max_cases;
};

/// Output files by name ("summary.json" -> text), plus warnings to show.
struct Outputs {
  std::map<std::string, std::string> files;
  std::vector<std::string> warnings;
};

/// `courtflow run`: summary.json, timeseries.csv, and groups.csv when the model has groups.
Outputs run(const ModelHandle& model, const RunOptions& options, const std::atomic<bool>* cancel);

/// `courtflow bottlenecks`: bottlenecks.json and bottlenecks.csv. `add` as --add ("1", "10%").
Outputs bottlenecks(const ModelHandle& model, const RunOptions& options, const std::string& add,
                    const std::vector<std::string>& stages, const std::atomic<bool>* cancel);

/// `courtflow compare`: comparison.json, comparison.csv, comparison_timeseries.csv.
Outputs compare(const ModelHandle& base, const std::vector<const ModelHandle*>& scenarios, const RunOptions& options,
                const std::atomic<bool>* cancel);

/// `courtflow calibrate` on an event log given as CSV text (the Python layer writes a
/// DataFrame's columns under the contract's names): the fitted model and report.json.
struct CalibrateInput {
  std::string csv;
  std::string label = "<DataFrame>";
  std::string name = "calibrated";
  std::uint64_t seed = 12345;
  int validation_replications = 0;  ///< 0: automatic, as the CLI; otherwise a cap
};
struct Calibrated {
  ModelHandle model;
  std::string report_json;
};
Calibrated calibrate(const CalibrateInput& input);

/// `courtflow backtest` on an aggregate series given as CSV text: backtest.json and
/// projection.csv.
struct BacktestInput {
  std::string csv;
  std::string label = "<DataFrame>";
  std::string split;
  std::vector<std::string> stages;   ///< MODEL_STAGE=SERIES_STAGE
  std::vector<std::string> exclude;  ///< dates
  int window = 12;
  int periods = 0;
  int replications = 40;
  int draws = 200;
  std::uint64_t seed = 12345;
  int threads = 0;
  bool known_receipts = false;
  bool use_capacity = true;
};
Outputs backtest(const ModelHandle& model, const BacktestInput& input);

}  // namespace courtflow::python

#pragma once
// The model file format (PRODUCT.md "Model file", docs/FORMATS.md): reading JSON into a
// models::Model with a structural check, and writing a Model back out. This file pair is the
// only place that knows the JSON shape of a model. The structural check covers keys, types
// and ranges and stops at the first problem (InputError); cross-references and the shape of
// the stage graph are checked afterwards by models/validate, which reports every problem.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/diagnostic.hpp"
#include "models/model.hpp"

namespace courtflow::models {

/// The model file format version this build reads and writes ("courtflow": 1).
inline constexpr int kModelFormatVersion = 1;

/// Largest accepted values, to turn absurd inputs into clear errors rather than runs that
/// cannot finish.
inline constexpr double kMaxHorizonDays = 1e6;             ///< horizon_days, days
inline constexpr std::int64_t kMaxServers = 10'000'000;    ///< servers at one stage
inline constexpr std::int64_t kMaxInitialCount = 100'000'000;  ///< initial_wip count, cases
/// The widest spread a gamma or lognormal may have, as sd over mean: wider, and their shape
/// parameters underflow (gamma's (mean/sd)^2 becomes 0).
inline constexpr double kMaxSdOverMean = 1000;
inline constexpr int kMaxReplications = 100'000;
inline constexpr int kMaxAbsPriority = 1'000'000;          ///< |case type priority|

/// Checks the structure of a parsed model file and converts it into a Model.
/// `file` names the input in diagnostics. Unknown keys are not errors: each adds a warning
/// (with a nearest-match hint) to `*warnings` when it is given. Throws InputError for the
/// first structural problem: a missing required key, a wrong type, a number out of range, an
/// unknown distribution, a bad format version. Does not check that ids refer to each other
/// correctly: run validate() on the result.
Model parse_model(const nlohmann::json& j, const std::string& file,
                  std::vector<Diagnostic>* warnings = nullptr);

/// Reads a model file and parses it with parse_model. Diagnostics name the file as `path` was
/// given. Throws InputError when the file cannot be read, is empty, is not UTF-8 text, is not
/// valid JSON (reported at `line L, column C`), or fails parse_model.
Model load_model_file(const std::filesystem::path& path,
                      std::vector<Diagnostic>* warnings = nullptr);

/// Parses JSON text already in memory (as load_model_file does after reading the file).
Model parse_model_text(const std::string& text, const std::string& file,
                       std::vector<Diagnostic>* warnings = nullptr);

/// The model as a model file, keys in the documented order, optional keys left out when they
/// hold their default. parse_model(to_json(m)) gives back a model equal to m (for any m that
/// parse_model accepts).
nlohmann::ordered_json to_json(const Model& m);

/// A distribution as a DIST object ({"dist": kind, parameters...}).
nlohmann::ordered_json to_json(const DistDef& d);

}  // namespace courtflow::models

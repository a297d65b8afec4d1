#pragma once
// "Written whole or not at all" for --out DIR: files are written into a sibling staging
// directory DIR.partial-<pid>, which is renamed onto DIR only when every file is complete.
// If anything fails (or the OutputDir is destroyed before commit), the staging directory is
// removed and DIR is left as it was. An existing non-empty DIR is refused unless `force`,
// in which case it is replaced at commit (the old one is moved aside, then deleted). Even
// with force, a directory that holds the working directory, the user's home, an input file
// or is the file-system root is never replaced.

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace courtflow::cli {

class OutputDir {
 public:
  /// Checks that `target` can be written (throws UsageError if it exists and is not a
  /// directory, is a non-empty directory and !force, or cannot be created where it is: see
  /// check_can_create). Creates nothing yet.
  OutputDir(std::filesystem::path target, bool force, std::vector<std::filesystem::path> inputs = {});
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  /// Throws UsageError unless `target` can (still) be written: see the constructor.
  static void check_target(const std::filesystem::path& target, bool force,
                           const std::vector<std::filesystem::path>& inputs = {});

  /// Writes `name` inside the staging directory (created on first use, with missing parent
  /// directories of the target) through `write`; throws ToolError if the file cannot be
  /// opened or a write fails.
  void write_file(const std::string& name, const std::function<void(std::ostream&)>& write);

  /// Moves the staging directory onto the target. Throws UsageError or ToolError; on failure
  /// the target is as it was before.
  void commit();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& staging() const { return staging_; }

 private:
  void ensure_staging();
  void discard() noexcept;

  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool force_ = false;
  std::vector<std::filesystem::path> inputs_;
  bool created_ = false;
  bool committed_ = false;
};

/// Throws UsageError unless the directory `target` (or its staging sibling) could be created:
/// the nearest existing directory on the way to it must be a directory and writable.
/// `option` ("--out"), when given, names the path in the messages.
void check_can_create(const std::filesystem::path& target, std::string_view option = {});

/// Throws UsageError unless a file could be written at `path`: not a directory, and its
/// nearest existing parent directory writable. Commands call it before their work; it is
/// also the first thing write_file_atomically does.
void check_file_target(const std::filesystem::path& path, std::string_view option = {});

/// Writes one file atomically: into `path` + ".partial-<pid>", then renamed onto `path`.
/// Throws ToolError on failure (and leaves no partial file behind).
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace courtflow::cli

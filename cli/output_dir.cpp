// Atomic output directories and files (see output_dir.hpp). std::filesystem::rename is
// rename(2): atomic within a file system, and it replaces an empty directory. The staging
// directory is a sibling of the target so that the rename never crosses file systems.
#include "cli/output_dir.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <utility>

#include "cli/command.hpp"

namespace courtflow::cli {
namespace fs = std::filesystem;

namespace {

fs::path sibling(const fs::path& target, const std::string& tag) {
  fs::path name = target.filename();
  if (name.empty()) name = target.parent_path().filename();  // "out/" -> "out"
  fs::path parent = target.filename().empty() ? target.parent_path().parent_path() : target.parent_path();
  return parent / (name.string() + "." + tag + "-" + std::to_string(::getpid()));
}

// "--out PATH" when the option is named, else "PATH": how messages name the path.
std::string named(const fs::path& path, std::string_view option) {
  return option.empty() ? path.string() : std::string(option) + " " + path.string();
}

fs::path normalised(fs::path target) {
  // "out/" names the directory "out": drop a trailing separator so that siblings work.
  if (target.filename().empty() && target.has_parent_path()) target = target.parent_path();
  return target;
}

// True if `dir` is `path` or one of its ancestors (both made absolute and normal).
bool contains(const fs::path& dir, const fs::path& path) {
  std::error_code ec;
  const fs::path d = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (d.empty() || p.empty()) return false;
  auto di = d.begin();
  auto pi = p.begin();
  for (; di != d.end(); ++di, ++pi) {
    if (di->empty()) continue;  // trailing separator
    if (pi == p.end() || *di != *pi) return false;
  }
  return true;
}

}  // namespace

void check_can_create(const fs::path& target, std::string_view option) {
  // Where the output (or its staging sibling) will be created: the nearest directory that
  // exists on the way to it must be a directory we may write in. Checked before any work, so
  // that a long run does not end in "cannot create" (and no internal staging path is named).
  if (target.empty()) {
    throw UsageError((option.empty() ? "" : std::string(option) + ": ") +
                     "the output path is empty: name a directory or file to write");
  }
  std::error_code ec;
  fs::path dir = fs::absolute(normalised(target), ec).parent_path();
  while (!dir.empty() && !fs::exists(fs::symlink_status(dir, ec)) && dir != dir.parent_path()) dir = dir.parent_path();
  const fs::file_status status = fs::status(dir, ec);
  if (fs::exists(status) && !fs::is_directory(status)) {
    throw UsageError(named(target, option) + ": cannot be created: " + dir.string() + " is not a directory");
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw UsageError(named(target, option) + ": cannot be created: " + dir.string() + ": " +
                     std::generic_category().message(errno));
  }
}

OutputDir::OutputDir(fs::path target, bool force, std::vector<fs::path> inputs)
    : target_(normalised(std::move(target))), force_(force), inputs_(std::move(inputs)) {
  check_target(target_, force_, inputs_);
  staging_ = sibling(target_, "partial");
}

OutputDir::~OutputDir() {
  if (!committed_) discard();
}

void OutputDir::check_target(const fs::path& target, bool force, const std::vector<fs::path>& inputs) {
  check_can_create(target);
  std::error_code ec;
  const fs::file_status status = fs::status(target, ec);
  if (fs::is_symlink(fs::symlink_status(target, ec)) && !fs::exists(status)) {
    throw UsageError(target.string() + ": is a symbolic link to nothing (" + fs::read_symlink(target, ec).string() +
                     "): remove it or name another directory");
  }
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status)) {
    throw UsageError(target.string() + ": exists and is not a directory");
  }
  if (fs::is_empty(target, ec)) return;
  if (!force) {
    throw UsageError(target.string() + ": output directory exists and is not empty (use --force to replace it)");
  }
  // --force deletes the old directory: never one that holds what the user is working in.
  const char* home = std::getenv("HOME");
  const fs::path absolute = fs::weakly_canonical(fs::absolute(target, ec), ec);
  if (absolute == absolute.root_path() || (home != nullptr && *home != '\0' && contains(target, home)) ||
      contains(target, fs::current_path(ec))) {
    throw UsageError(target.string() + ": refusing to replace this directory even with --force (it is the root, "
                                       "your home or holds the working directory); choose a new output directory");
  }
  for (const fs::path& input : inputs) {
    if (contains(target, input)) {
      throw UsageError(target.string() + ": refusing to replace a directory that holds the input " +
                       input.string() + "; choose another output directory");
    }
  }
}

void OutputDir::ensure_staging() {
  if (created_) return;
  std::error_code ec;
  const fs::path parent = staging_.parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) throw UsageError(target_.string() + ": cannot create " + parent.string() + ": " + ec.message());
  fs::remove_all(staging_, ec);  // a leftover from a crashed run with the same pid
  if (!fs::create_directory(staging_, ec) || ec) {
    // Named as the user's --out, not the staging sibling they never asked for.
    throw UsageError(target_.string() + ": cannot create the output directory: " +
                     (ec ? ec.message() : "a staging directory of the same name exists"));
  }
  created_ = true;
}

void OutputDir::write_file(const std::string& name, const std::function<void(std::ostream&)>& write) {
  ensure_staging();
  const fs::path path = staging_ / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw ToolError((target_ / name).string() + ": cannot open for writing");
  write(out);
  out.flush();
  if (!out) throw ToolError((target_ / name).string() + ": write failed (disk full?)");
  out.close();
  if (out.fail()) throw ToolError((target_ / name).string() + ": write failed on close");
}

void OutputDir::commit() {
  ensure_staging();  // a run that wrote nothing still produces an (empty) directory
  check_target(target_, force_, inputs_);
  std::error_code ec;
  fs::path aside;
  if (fs::exists(target_, ec) && !fs::is_empty(target_, ec)) {
    // --force: move the old directory aside first, so that a failed rename can restore it.
    aside = sibling(target_, "old");
    fs::remove_all(aside, ec);
    fs::rename(target_, aside, ec);
    if (ec) throw ToolError(target_.string() + ": cannot replace the existing directory: " + ec.message());
  }
  fs::rename(staging_, target_, ec);
  if (ec) {
    const std::string why = ec.message();
    if (!aside.empty()) {
      std::error_code restore;
      fs::rename(aside, target_, restore);
    }
    throw ToolError(target_.string() + ": cannot move the finished output into place: " + why);
  }
  committed_ = true;
  if (!aside.empty()) fs::remove_all(aside, ec);  // best effort; the new output is in place
}

void OutputDir::discard() noexcept {
  if (!created_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void check_file_target(const fs::path& path, std::string_view option) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw UsageError(named(path, option) + ": is a directory (expected a file name)");
  // A single file is written where it is named: its directory is not created for it.
  const fs::path parent = path.parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    throw UsageError(named(path, option) + ": no directory " + parent.string());
  }
  check_can_create(path, option);
}

void write_file_atomically(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  check_file_target(path);
  const fs::path staging = sibling(path, "partial");
  std::error_code ec;
  {
    std::ofstream out(staging, std::ios::binary | std::ios::trunc);
    if (!out) throw UsageError(path.string() + ": cannot open for writing: " + std::generic_category().message(errno));
    try {
      write(out);
    } catch (...) {  // e.g. a name that JSON cannot hold: no partial file left behind
      out.close();
      fs::remove(staging, ec);
      throw;
    }
    out.flush();
    out.close();
    if (out.fail()) {
      fs::remove(staging, ec);
      throw ToolError(path.string() + ": write failed (disk full?)");
    }
  }
  fs::rename(staging, path, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(staging, ec);
    throw ToolError(path.string() + ": cannot move the finished file into place: " + why);
  }
}

}  // namespace courtflow::cli

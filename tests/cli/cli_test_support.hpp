#pragma once
// Helpers for the CLI tests (and the MPI ones, tests/mpi): run the courtflow executable, or
// another program such as mpirun, with arguments (and optionally a changed environment),
// capturing exit code, stdout and stderr; a scratch directory per test.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace courtflow::cli::testing {

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the program `argv[0]` (a path) with `argv`, stdin from /dev/null, and waits for it;
/// `env` entries replace (or add) environment variables.
Result run_program(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

/// Runs COURTFLOW_EXE with `args`; `env` entries replace (or add) environment variables.
Result run_courtflow(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

/// The lines of `text` (without their '\n').
std::vector<std::string> lines_of(const std::string& text);

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);

/// A test's own scratch directory, removed afterwards.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  std::filesystem::path scratch;
};

/// A file in tests/cli/data.
std::string data(const std::string& name);

}  // namespace courtflow::cli::testing

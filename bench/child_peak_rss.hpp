#pragma once
// Peak memory of a piece of work measured in a fresh process: the work runs in a forked
// child, which sends back a few numbers through a pipe; the parent reads the child's peak
// resident set (getrusage's ru_maxrss via wait4, KiB). A fresh process per measurement means
// no measurement inherits another's high-water mark or allocator caches.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <optional>

namespace courtflow::bench {

template <std::size_t N>
struct ChildRun {
  std::array<std::uint64_t, N> values{};  ///< what the work returned
  long max_rss_kib = 0;
};

/// Runs `work` (returning std::array<std::uint64_t, N>) in a child process; nullopt if the
/// child failed (fork, pipe, a throw in `work`, a non-zero exit).
template <std::size_t N, typename Work>
std::optional<ChildRun<N>> run_in_child(Work work) {
  int pipe_fd[2];
  if (pipe(pipe_fd) != 0) return std::nullopt;
  const pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    close(pipe_fd[0]);
    std::array<std::uint64_t, N> values{};
    try {
      values = work();
    } catch (...) {
      _exit(1);
    }
    if (write(pipe_fd[1], values.data(), sizeof values) != static_cast<ssize_t>(sizeof values)) _exit(1);
    _exit(0);
  }
  close(pipe_fd[1]);
  ChildRun<N> run;
  const bool got = read(pipe_fd[0], run.values.data(), sizeof run.values) == static_cast<ssize_t>(sizeof run.values);
  close(pipe_fd[0]);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || !got) {
    return std::nullopt;
  }
  run.max_rss_kib = usage.ru_maxrss;
  return run;
}

}  // namespace courtflow::bench

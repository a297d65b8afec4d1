#pragma once
// The serve command's job queue: simulations run on one worker thread, never on an HTTP
// request thread, one job at a time (a job's replications still run in parallel), in the order
// they were submitted. The queue is bounded: a job submitted while `capacity` jobs are already
// running or waiting is refused (QueueFull, HTTP 429). A job submitted with `replace` cancels
// every earlier job of the same kind, running (through RunSettings::cancel, which stops the
// engine within 65,536 events) or waiting: the page's Run button uses it, so that the newest
// lever setting wins; without it a job waits for those before it.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace courtflow::cli::serve {

/// What a job hands back to the HTTP thread that waits for it.
struct JobResult {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

/// One piece of work, shared by the queue, the worker and the waiting request thread.
class Job {
 public:
  Job(std::uint64_t id, std::string kind) : id_(id), kind_(std::move(kind)) {}

  std::uint64_t id() const { return id_; }
  const std::string& kind() const { return kind_; }
  /// The flag the simulation looks at (analysis::RunSettings::cancel).
  const std::atomic<bool>* cancel_flag() const { return &cancel_; }
  bool cancelled() const { return cancel_.load(); }
  void cancel() { cancel_.store(true); }

  /// Progress for GET /api/status: a phase ("baseline", "scenario") and replications done.
  void set_phase(const std::string& phase);
  void set_progress(int done, int total);
  std::string phase() const;
  int done() const { return done_.load(); }
  int total() const { return total_.load(); }

  /// Blocks until the worker has finished (or refused) the job.
  JobResult wait();
  void finish(JobResult result);

 private:
  const std::uint64_t id_;
  const std::string kind_;
  std::atomic<bool> cancel_{false};
  std::atomic<int> done_{0};
  std::atomic<int> total_{0};
  mutable std::mutex mutex_;
  std::condition_variable finished_cv_;
  bool finished_ = false;
  std::string phase_;
  JobResult result_;
};

/// Thrown by submit when the queue is full.
class QueueFull : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The work of a job: runs on the worker thread; may throw (see JobQueue::run_one).
using JobWork = std::function<JobResult(Job&)>;

class JobQueue {
 public:
  /// `capacity`: jobs running or waiting at once (>= 1). `after_job` runs on the worker after
  /// every job (the server gives memory back to the system there).
  explicit JobQueue(std::size_t capacity, std::function<void()> after_job = {});
  ~JobQueue();
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  /// Queues `work`; throws QueueFull. With `replace`, earlier jobs of the same kind are
  /// cancelled first (they finish with HTTP 409) and do not count against the capacity.
  std::shared_ptr<Job> submit(const std::string& kind, JobWork work, bool replace);

  /// Cancels the running and waiting jobs (they answer 409) and refuses new ones: the server
  /// is stopping, and its request threads must not wait for long runs.
  void stop();

  struct Status {
    std::shared_ptr<Job> running;  ///< null when idle
    std::size_t waiting = 0;
    std::size_t capacity = 0;
    std::uint64_t finished = 0;  ///< jobs finished since the start, any outcome
  };
  Status status() const;

 private:
  struct Entry {
    std::shared_ptr<Job> job;
    JobWork work;
  };
  void worker_loop();
  static JobResult run_one(Job& job, const JobWork& work);

  const std::size_t capacity_;
  std::function<void()> after_job_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Entry> waiting_;
  std::shared_ptr<Job> running_;
  std::uint64_t next_id_ = 1;
  std::uint64_t finished_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace courtflow::cli::serve

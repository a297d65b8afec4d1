// The serve command's job queue (see job_queue.hpp).
#include "cli/serve/job_queue.hpp"

#include <new>
#include <utility>

#include "cli/command.hpp"
#include "cli/serve/api_error.hpp"
#include "models/diagnostic.hpp"
#include "sim/errors.hpp"

namespace courtflow::cli::serve {

void Job::set_phase(const std::string& phase) {
  std::lock_guard lock(mutex_);
  phase_ = phase;
  done_.store(0);
  total_.store(0);
}

void Job::set_progress(int done, int total) {
  total_.store(total);
  done_.store(done);
}

std::string Job::phase() const {
  std::lock_guard lock(mutex_);
  return phase_;
}

JobResult Job::wait() {
  std::unique_lock lock(mutex_);
  finished_cv_.wait(lock, [this] { return finished_; });
  return result_;
}

void Job::finish(JobResult result) {
  {
    std::lock_guard lock(mutex_);
    result_ = std::move(result);
    finished_ = true;
  }
  finished_cv_.notify_all();
}

JobQueue::JobQueue(std::size_t capacity, std::function<void()> after_job)
    : capacity_(capacity < 1 ? 1 : capacity), after_job_(std::move(after_job)) {
  worker_ = std::thread([this] { worker_loop(); });
}

JobQueue::~JobQueue() {
  stop();
  worker_.join();
}

void JobQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (running_) running_->cancel();
    for (Entry& e : waiting_) e.job->cancel();
  }
  wake_.notify_all();
}

std::shared_ptr<Job> JobQueue::submit(const std::string& kind, JobWork work, bool replace) {
  std::shared_ptr<Job> job;
  {
    std::lock_guard lock(mutex_);
    if (replace) {
      if (running_ && running_->kind() == kind) running_->cancel();
      for (Entry& e : waiting_) {
        if (e.job->kind() == kind) e.job->cancel();
      }
    }
    // Cancelled jobs are on their way out (a waiting one is answered as soon as the worker
    // reaches it, a running one within 65,536 events): they do not hold a place.
    std::size_t live = running_ && !running_->cancelled() ? 1 : 0;
    for (const Entry& e : waiting_) live += e.job->cancelled() ? 0 : 1;
    if (live >= capacity_ || stopping_) {
      throw QueueFull("the server is busy: " + std::to_string(live) + " jobs are running or waiting (at most " +
                      std::to_string(capacity_) + "); try again when one has finished");
    }
    job = std::make_shared<Job>(next_id_++, kind);
    waiting_.push_back(Entry{job, std::move(work)});
  }
  wake_.notify_all();
  return job;
}

JobQueue::Status JobQueue::status() const {
  std::lock_guard lock(mutex_);
  Status s;
  s.running = running_;
  s.waiting = waiting_.size();
  s.capacity = capacity_;
  s.finished = finished_;
  return s;
}

void JobQueue::worker_loop() {
  for (;;) {
    Entry entry;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping, nothing left to answer
      entry = std::move(waiting_.front());
      waiting_.pop_front();
      running_ = entry.job;
    }
    JobResult result = run_one(*entry.job, entry.work);
    entry.work = nullptr;  // free what the work captured before the next job starts
    {
      std::lock_guard lock(mutex_);
      running_.reset();
      ++finished_;
    }
    entry.job->finish(std::move(result));
    entry.job.reset();
    if (after_job_) after_job_();
  }
}

// Every outcome becomes an answer; nothing escapes the worker thread.
JobResult JobQueue::run_one(Job& job, const JobWork& work) {
  const auto error = [](int status, const std::string& message) {
    return JobResult{status, "application/json", error_body(message)};
  };
  const std::string cancelled = "cancelled: a newer " + job.kind() + " replaced this one, or the server is stopping";
  if (job.cancelled()) return error(409, cancelled);
  try {
    return work(job);
  } catch (const ApiError& e) {
    return error(e.status(), e.what());
  } catch (const models::InputError& e) {
    return error(400, e.diagnostic().to_string());
  } catch (const UsageError& e) {
    return error(400, e.what());
  } catch (const sim::Cancelled&) {
    return error(409, cancelled);
  } catch (const sim::BudgetExceeded& e) {
    return error(400, std::string("run stopped: ") + e.what() +
                          "; the changes may make the model unstable (arrivals faster than service), or the "
                          "server's --max-events is too low for this run");
  } catch (const sim::SimError& e) {
    return error(500, std::string("simulation failed: ") + e.what());
  } catch (const ToolError& e) {
    return error(500, e.what());
  } catch (const std::bad_alloc&) {
    return error(503, "out of memory: try fewer replications");
  } catch (const std::exception& e) {
    return error(500, std::string("internal: ") + e.what());
  }
}

}  // namespace courtflow::cli::serve

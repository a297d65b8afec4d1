#pragma once
// One process's part in a distributed run (mpirun -np N courtflow run|sweep|compare ...).
//
// Rank k runs the runs whose number in the job is k modulo N (each seeded by its own number,
// so its results are those a single process would compute), the results meet on rank 0
// (replication_codec: doubles bit for bit), and rank 0 alone reduces, writes the outputs and
// prints. The other ranks print nothing: their standard output is discarded and their
// standard error kept aside, shown only if that rank's failure is the one to report.
//
// Failure without hanging: every gather starts with an exchange of statuses, and a rank that
// fails (anywhere: a bad model, a run over budget) takes part in that same exchange from
// finish() with its exit status. The others then learn of the failure at their next gather,
// stop (PeerFailed) and do not exchange again; so every rank makes the same collective calls
// and none waits for ever. In finish() all agree on one status to exit with: rank 0's if it
// failed, else the lowest failing rank's, which prints its own message (once, not N times).
//
// Not launched by an MPI launcher (the usual case), the session is a single process: no MPI,
// no share, finish() returns its argument.

#include <iosfwd>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/work_share.hpp"
#include "cluster/transport.hpp"

namespace courtflow::cluster {

/// Thrown on a rank that learns, at a gather, that another rank failed: it stops quietly, and
/// finish() reports the other rank's failure.
class PeerFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The status a rank passes to finish() after PeerFailed (it has nothing of its own to report).
inline constexpr int kPeerFailedStatus = -1;

class Session {
 public:
  /// Starts MPI when launched by mpirun/srun (launched_by_mpi_launcher()); otherwise a single
  /// process. On ranks other than 0, captures std::cout (discarded) and std::cerr (kept).
  Session(int& argc, char**& argv);
  /// Over a given transport (null: a single process); for tests. `capture_output` as above.
  Session(std::unique_ptr<Transport> transport, bool capture_output);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// The process's session (the one created last), or null before main created one.
  static Session* current();

  int rank() const { return transport_ ? transport_->rank() : 0; }
  int size() const { return transport_ ? transport_->size() : 1; }
  /// More than one rank: the runs are shared.
  bool distributed() const { return size() > 1; }
  /// This process reduces, writes outputs and prints (rank 0, or the only process).
  bool is_root() const { return rank() == 0; }
  int ranks_on_this_node() const { return transport_ ? transport_->ranks_on_this_node() : 1; }

  /// Set when the process was launched by an MPI launcher but courtflow was built without
  /// MPI: every rank would run the whole job, so none should. One line for rank 0 to print.
  const std::string& startup_error() const { return startup_error_; }

  /// Lets share() hand out the share: main() calls it for the subcommands that distribute their
  /// runs (run, sweep, compare). Others (bottlenecks, report, ...) run whole on rank 0 alone,
  /// and must not try to gather from ranks that are not running them.
  void share_runs() { shares_runs_ = true; }

  /// The share of the runs (null unless distributed and share_runs() was called).
  /// Batches are numbered on from one gather to the next, so that consecutive batches (compare:
  /// the base, then each scenario) are dealt out as one job.
  analysis::WorkShare* share();

  /// Agrees with the other ranks on how the job ends (see above) and returns the status this
  /// process should exit with. On the reporting rank (if not rank 0), prints its captured
  /// standard error. Call once, at the end of main.
  int finish(int status);

 private:
  class RankShare;
  friend class RankShare;

  void capture_output();
  void restore_output();

  std::unique_ptr<Transport> transport_;
  std::unique_ptr<RankShare> share_;
  std::string startup_error_;
  /// Statuses seen at a gather that found a failure: no further exchange then.
  std::vector<int> failed_statuses_;
  bool shares_runs_ = false;
  bool capturing_ = false;
  std::ostringstream captured_err_;
  std::streambuf* cout_buf_ = nullptr;
  std::streambuf* cerr_buf_ = nullptr;
  Session* previous_ = nullptr;
};

}  // namespace courtflow::cluster

// The distributed run's protocol (session.hpp): dealing runs out by number, gathering on rank
// 0 behind a status exchange, and agreeing on the exit status.
#include "cluster/session.hpp"

#include <iostream>
#include <streambuf>
#include <utility>

#include "cluster/replication_codec.hpp"

namespace courtflow::cluster {
namespace {

Session* g_current = nullptr;

// A stream buffer that accepts and drops everything (a rank's standard output).
class NullBuffer final : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

NullBuffer g_null_buffer;

// What a rank sends to the status exchange from a gather; from finish() it sends its status.
constexpr int kGathering = -2;

// A status with a failure of the rank's own to report (not "stopped by another's").
bool is_failure(int status) { return status != 0 && status != kPeerFailedStatus && status != kGathering; }

}  // namespace

// Run i of the batch numbered from `first_` is rank (first_ + i) mod size's.
class Session::RankShare final : public analysis::WorkShare {
 public:
  explicit RankShare(Session& session) : session_(session) {}

  bool is_mine(std::size_t index) const override {
    const Transport& t = *session_.transport_;
    return (first_ + index) % static_cast<std::size_t>(t.size()) == static_cast<std::size_t>(t.rank());
  }

  bool gather(std::vector<sim::ReplicationResult>& batch) override {
    Transport& t = *session_.transport_;
    // 1. Everyone still well? A rank that failed is answering from finish() with its status.
    const std::vector<int> statuses = t.all_statuses(kGathering);
    for (const int status : statuses) {
      if (status != kGathering) {
        session_.failed_statuses_ = statuses;
        throw PeerFailed("another rank failed");
      }
    }
    // 2. This rank's results (rank 0 keeps its own in place), gathered on rank 0.
    std::vector<SlottedResult> mine;
    if (t.rank() != 0) {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (is_mine(i)) mine.emplace_back(i, &batch[i]);
      }
    }
    const std::vector<std::string> messages = t.gather_to_root(encode_results(mine));
    const std::size_t first = first_;
    first_ += batch.size();
    if (t.rank() != 0) return false;

    // 3. Placed by number; every slot must come from its owner, exactly once.
    std::vector<char> filled(batch.size(), 0);
    const auto size = static_cast<std::size_t>(t.size());
    for (std::size_t i = 0; i < batch.size(); ++i) filled[i] = (first + i) % size == 0 ? 1 : 0;
    for (std::size_t from = 1; from < messages.size(); ++from) {
      for (auto& [slot, result] : decode_results(messages[from])) {
        if (slot >= batch.size() || (first + slot) % size != from || filled[slot] != 0) {
          throw CodecError("replication results message from rank " + std::to_string(from) + ": unexpected run " +
                           std::to_string(slot));
        }
        batch[slot] = std::move(result);
        filled[slot] = 1;
      }
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (filled[i] == 0) {
        throw CodecError("replication results: run " + std::to_string(i) + " came from no rank");
      }
    }
    return true;
  }

 private:
  Session& session_;
  std::size_t first_ = 0;  ///< the job's number of this batch's run 0
};

Session::Session(int& argc, char**& argv) : previous_(g_current) {
  g_current = this;
  if (!launched_by_mpi_launcher()) return;
  transport_ = start_mpi(argc, argv);
  if (!transport_) {
    startup_error_ =
        "courtflow: error: started by an MPI launcher (mpirun, srun) but built without MPI "
        "(COURTFLOW_MPI=OFF); run it without the launcher, or rebuild with Open MPI";
    return;
  }
  if (distributed() && !is_root()) capture_output();
}

Session::Session(std::unique_ptr<Transport> transport, bool capture) : transport_(std::move(transport)),
                                                                       previous_(g_current) {
  g_current = this;
  if (capture && distributed() && !is_root()) capture_output();
}

Session::~Session() {
  restore_output();
  share_.reset();
  transport_.reset();  // MPI_Finalize, under MPI
  g_current = previous_;
}

Session* Session::current() { return g_current; }

analysis::WorkShare* Session::share() {
  if (!distributed() || !shares_runs_) return nullptr;
  if (!share_) share_ = std::make_unique<RankShare>(*this);
  return share_.get();
}

void Session::capture_output() {
  cout_buf_ = std::cout.rdbuf(&g_null_buffer);
  cerr_buf_ = std::cerr.rdbuf(captured_err_.rdbuf());
  capturing_ = true;
}

void Session::restore_output() {
  if (!capturing_) return;
  std::cout.rdbuf(cout_buf_);
  std::cerr.rdbuf(cerr_buf_);
  capturing_ = false;
}

int Session::finish(int status) {
  if (!distributed()) {
    restore_output();
    return status == kPeerFailedStatus ? 1 : status;
  }
  // After a gather that found a failure, every rank already knows every status.
  const std::vector<int> statuses =
      failed_statuses_.empty() ? transport_->all_statuses(status) : failed_statuses_;
  restore_output();
  for (std::size_t k = 0; k < statuses.size(); ++k) {
    if (!is_failure(statuses[k])) continue;
    // Rank 0 printed its own failure as it happened; another rank shows what it kept aside.
    if (static_cast<int>(k) == rank() && k != 0) std::cerr << captured_err_.str() << std::flush;
    return statuses[k];
  }
  for (const int s : statuses) {
    if (s != 0) {
      // Some ranks stopped at a gather that another had finished without: the ranks did not
      // take the same steps (they should: the same command on the same inputs).
      if (is_root()) std::cerr << "courtflow: error: internal: the MPI ranks did not take the same steps\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace courtflow::cluster

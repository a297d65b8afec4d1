// The transport over MPI (transport.hpp): the only file that includes <mpi.h>. MPI is started
// with MPI_THREAD_FUNNELED: worker threads (TBB, the sweep's pool) never call MPI, only the
// main thread does. Errors in MPI calls abort the job (MPI_ERRORS_ARE_FATAL, the default), so
// a broken link never leaves ranks waiting.
#include <mpi.h>

#include <climits>
#include <cstdint>
#include <stdexcept>

#include "cluster/transport.hpp"

namespace courtflow::cluster {
namespace {

class MpiTransport final : public Transport {
 public:
  MpiTransport(int& argc, char**& argv) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_dup(MPI_COMM_WORLD, &world_);
    MPI_Comm_rank(world_, &rank_);
    MPI_Comm_size(world_, &size_);
    MPI_Comm node;
    MPI_Comm_split_type(world_, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &node_size_);
    MPI_Comm_free(&node);
  }
  ~MpiTransport() override {
    MPI_Comm_free(&world_);
    MPI_Finalize();
  }
  MpiTransport(const MpiTransport&) = delete;
  MpiTransport& operator=(const MpiTransport&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int ranks_on_this_node() const override { return node_size_; }

  std::vector<int> all_statuses(int status) override {
    std::vector<int> statuses(static_cast<std::size_t>(size_));
    MPI_Allgather(&status, 1, MPI_INT, statuses.data(), 1, MPI_INT, world_);
    return statuses;
  }

  std::vector<std::string> gather_to_root(const std::string& message) override {
    // Every rank learns every length first, so that a message too long for one MPI_Gatherv
    // (counts are ints) is refused by every rank alike rather than leaving some waiting.
    const auto length = static_cast<std::uint64_t>(message.size());
    std::vector<std::uint64_t> lengths(static_cast<std::size_t>(size_));
    MPI_Allgather(&length, 1, MPI_UINT64_T, lengths.data(), 1, MPI_UINT64_T, world_);
    std::uint64_t total = 0;
    for (const std::uint64_t l : lengths) total += l;
    if (total > static_cast<std::uint64_t>(INT_MAX)) {
      throw std::length_error("the replication results of one batch are " + std::to_string(total) +
                              " bytes, more than MPI can gather at once (2 GiB): use a longer --period");
    }
    std::vector<int> counts(lengths.begin(), lengths.end());
    std::vector<int> offsets(counts.size(), 0);
    for (std::size_t k = 1; k < counts.size(); ++k) offsets[k] = offsets[k - 1] + counts[k - 1];
    std::string all(rank_ == 0 ? static_cast<std::size_t>(total) : 0, '\0');
    MPI_Gatherv(message.data(), static_cast<int>(message.size()), MPI_BYTE, all.data(), counts.data(),
                offsets.data(), MPI_BYTE, 0, world_);
    std::vector<std::string> messages;
    if (rank_ != 0) return messages;
    for (std::size_t k = 0; k < counts.size(); ++k) {
      messages.push_back(all.substr(static_cast<std::size_t>(offsets[k]), static_cast<std::size_t>(counts[k])));
    }
    return messages;
  }

 private:
  MPI_Comm world_ = MPI_COMM_NULL;
  int rank_ = 0;
  int size_ = 1;
  int node_size_ = 1;
};

}  // namespace

std::unique_ptr<Transport> start_mpi(int& argc, char**& argv) { return std::make_unique<MpiTransport>(argc, argv); }

}  // namespace courtflow::cluster

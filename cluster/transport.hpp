#pragma once
// The few collective operations a distributed run needs, between the processes (ranks) of one
// job: agreeing on a status, gathering byte messages on rank 0, and how many ranks share this
// machine. MPI provides them (mpi_transport.cpp, the only file that includes <mpi.h>); the
// session's protocol (session.hpp) is written against this interface only. Every rank must
// call the collective operations in the same order.

#include <memory>
#include <string>
#include <vector>

namespace courtflow::cluster {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Ranks running on this machine (this one included), to share its cores among them.
  virtual int ranks_on_this_node() const = 0;
  /// Every rank's `status`, indexed by rank, on every rank.
  virtual std::vector<int> all_statuses(int status) = 0;
  /// Every rank's message, indexed by rank, on rank 0; an empty vector on the others. Throws
  /// std::length_error (on every rank alike) if a message is too long to send in one piece.
  virtual std::vector<std::string> gather_to_root(const std::string& message) = 0;
};

/// Whether this process was started by an MPI launcher (mpirun, mpiexec, or srun with an MPI
/// plugin), read from the environment the launchers set: OMPI_COMM_WORLD_SIZE (Open MPI),
/// PMI_SIZE (PMI-1/2, MPICH, srun --mpi=pmi2) or PMIX_RANK (PMIx, srun --mpi=pmix).
bool launched_by_mpi_launcher();

/// This process's rank as the launcher set it in the environment (0 when not launched).
int launcher_rank();

/// Starts MPI (MPI_Init_thread, threads funnelled: only the main thread calls MPI) and returns
/// the transport over MPI_COMM_WORLD; null when courtflow was built without MPI.
std::unique_ptr<Transport> start_mpi(int& argc, char**& argv);

}  // namespace courtflow::cluster

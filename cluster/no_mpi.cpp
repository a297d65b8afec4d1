// start_mpi() in a build without MPI (COURTFLOW_MPI=OFF): there is no transport, and the
// session reports a launch by mpirun as an error rather than run every rank as a whole job.
#include "cluster/transport.hpp"

namespace courtflow::cluster {

std::unique_ptr<Transport> start_mpi(int&, char**&) { return nullptr; }

}  // namespace courtflow::cluster

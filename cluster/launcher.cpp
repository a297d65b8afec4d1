// Recognising an MPI launcher from the environment (transport.hpp). Plain runs, the tests and
// scripts never see these variables, so they never start MPI.
#include <cstdlib>
#include <string>

#include "cluster/transport.hpp"

namespace courtflow::cluster {
namespace {

const char* env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

bool launched_by_mpi_launcher() {
  return env("OMPI_COMM_WORLD_SIZE") != nullptr || env("PMI_SIZE") != nullptr || env("PMIX_RANK") != nullptr;
}

int launcher_rank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"}) {
    if (const char* value = env(name)) return std::atoi(value);
  }
  return 0;
}

}  // namespace courtflow::cluster

#pragma once
// Sharing a command's simulation runs among processes (MPI ranks: cluster/). The analysis
// functions that simulate many runs (run_prepared, run_sweep) take one through
// RunSettings::share: each process runs only the runs that are its own, then every process's
// results meet on the one process that reduces them and writes the outputs. Each run is still
// seeded by its own number, so the results do not depend on which process ran them, and the
// outputs are byte-identical to a single process's. Without a share (the default, and what
// the Python module and `serve` use) a process runs everything, as always. No MPI here: the
// implementation lives in cluster/.

#include <cstddef>
#include <vector>

#include "sim/run_stats.hpp"

namespace courtflow::analysis {

class WorkShare {
 public:
  virtual ~WorkShare() = default;

  /// Whether run `index` (numbered from 0 within the next batch) is this process's to run.
  virtual bool is_mine(std::size_t index) const = 0;

  /// Completes a batch: `batch` has one slot per run, and the slots of this process's runs are
  /// filled. Every process calls this once per batch, batches in the same order. Returns true
  /// on the process that reduces, with every slot filled in run order; false on the others,
  /// whose slots are then unspecified (they must neither reduce nor write). If another process
  /// failed before completing the batch, throws (after telling the others) rather than wait.
  virtual bool gather(std::vector<sim::ReplicationResult>& batch) = 0;
};

}  // namespace courtflow::analysis

#pragma once
// Paired scenario comparison (`courtflow compare`): base and scenarios run with the same seed
// and replications share random numbers stage by stage (common random numbers), so replication
// r of each pairs; each measure's difference scenario - base is taken per replication and then
// reduced to an Interval. Pure arithmetic on replication results; no I/O.

namespace courtflow::analysis {}  // namespace courtflow::analysis

#pragma once
// Field-by-field comparison of replication results: bit-for-bit on doubles (so NaN compares
// equal to the same NaN and -0.0 differs from 0.0), exact on counts.

#include <string>

#include "sim/run_stats.hpp"

namespace courtflow::sim::testing {

/// An empty string if `a` and `b` are identical in every field; otherwise the first field
/// that differs, with both values.
std::string first_difference(const ReplicationResult& a, const ReplicationResult& b);

}  // namespace courtflow::sim::testing

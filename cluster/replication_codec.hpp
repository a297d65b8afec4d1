#pragma once
// An exact binary form of replication results, for sending them between processes (MPI
// ranks). Every double travels as its 64 bits (NaN payloads and signed zeros included), every
// count as 64 bits, so a result decoded on another process is the same value, and the outputs
// reduced from it are byte-identical to a single process's. Plain bytes in the machine's own
// byte order: a message starts with a magic number, a version and a byte-order probe, and a
// message from a machine of another byte order or format version is refused, not misread.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/run_stats.hpp"

namespace courtflow::cluster {

/// A message that is not a well-formed encoding (truncated, another version or byte order).
class CodecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One result with its slot: where it goes in the batch it belongs to.
using SlottedResult = std::pair<std::size_t, const sim::ReplicationResult*>;

/// Encodes `results` (slot and result each) as one message.
std::string encode_results(const std::vector<SlottedResult>& results);

/// Decodes a message from encode_results: (slot, result) in the order encoded. Throws
/// CodecError if the message is malformed.
std::vector<std::pair<std::size_t, sim::ReplicationResult>> decode_results(const std::string& message);

}  // namespace courtflow::cluster

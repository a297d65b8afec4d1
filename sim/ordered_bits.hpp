#pragma once
// A double's bits as an unsigned integer that orders as the doubles do, for sorting times by
// their bits (counting and radix sorts): negative values have all bits flipped, the others
// the sign bit set, and -0 is taken as +0 since they compare equal. NaN is not a time.

#include <cstdint>
#include <cstring>

namespace courtflow::sim {

inline std::uint64_t ordered_bits(double t) {
  if (t == 0) t = 0.0;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &t, sizeof bits);
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

}  // namespace courtflow::sim

#pragma once
// Reproducible random streams. Every replication draws from its own streams, derived from
// (seed, replication, purpose, index) alone, so results do not depend on which thread ran a
// replication, and two scenarios run with the same seed share their random numbers stage by
// stage (common random numbers). No global state.

#include <algorithm>
#include <cstdint>

namespace courtflow::sim {

/// splitmix64 step: used to expand a few integers into well-mixed generator state.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// xoshiro256++ (Blackman & Vigna): fast, 256-bit state, passes BigCrush. Satisfies
/// UniformRandomBitGenerator so it also works with <random> where needed.
class Rng {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }

  Rng() : Rng(0, 0, 0, 0) {}

  /// A stream identified by four integers; distinct tuples give independent-looking streams.
  Rng(std::uint64_t seed, std::uint64_t replication, std::uint64_t purpose, std::uint64_t index) {
    std::uint64_t sm = seed;
    std::uint64_t mix = splitmix64(sm);
    sm = mix ^ (replication * 0xD1B54A32D192ED03ULL);
    mix = splitmix64(sm);
    sm = mix ^ (purpose * 0x8CB92BA72F3D8DD7ULL);
    mix = splitmix64(sm);
    sm = mix ^ (index * 0xABC98388FB8FAC03ULL);
    for (auto& word : s_) word = splitmix64(sm);
  }

  result_type operator()() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// The smallest and the largest value uniform01() gives.
  static constexpr double kSmallestUniform = 0.5 * 0x1.0p-53;
  static constexpr double kLargestUniform = 0x1.fffffffffffffp-1;  // the double below 1

  /// Uniform on the open interval (0, 1): never exactly 0 or 1, so log() is always safe and a
  /// route of probability 1 is always taken. The top 53 bits k give (k + 0.5) / 2^53, which
  /// for the largest k rounds up to 1 (a tie, to even): that one value of 2^53 is held below 1.
  double uniform01() { return uniform01_of((*this)()); }
  /// The uniform01() value of one output of the generator.
  static double uniform01_of(result_type bits) {
    return std::min((static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53, kLargestUniform);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

/// What a stream is used for; part of the stream key so that, e.g., adding a stage does not
/// shift the arrival streams of the others.
enum class StreamPurpose : std::uint64_t {
  arrivals = 1,
  service = 2,
  routing = 3,
  patience = 4,
  initial_wip = 5,
};

}  // namespace courtflow::sim

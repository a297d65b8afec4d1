#pragma once
// log(U) for U uniform on (0, 1), drawn from one random stream a batch at a time, ahead of
// use. An exponential draw is -mean * log(U), and in the engine's event loop each log() sat
// on the path from one event to the next, where its latency could not overlap with anything
// (about a sixth of a small model's time); a batch of them runs back to back at the
// library's throughput instead. The values and their order are exactly those of drawing one
// at a time, log(rng.uniform01()), so results are unchanged; only the stream's own state runs
// ahead, and nothing else reads it.

#include <array>
#include <cmath>
#include <cstddef>

#include "sim/rng.hpp"

namespace courtflow::sim {

class LogUniforms {
 public:
  LogUniforms() = default;
  /// Draws from a copy of `rng`. The stream is this one's from then on: drawing from `rng`
  /// too would give again the numbers this has already used.
  explicit LogUniforms(const Rng& rng) : rng_(rng) {}

  /// log(u) for the stream's next uniform01() value u.
  double next() {
    if (next_ == kBatch) refill();
    return values_[next_++];
  }

 private:
  static constexpr std::size_t kBatch = 32;
  [[gnu::noinline]] void refill() {
    for (double& value : values_) value = std::log(rng_.uniform01());
    next_ = 0;
  }

  Rng rng_;
  std::array<double, kBatch> values_{};
  std::size_t next_ = kBatch;
};

}  // namespace courtflow::sim

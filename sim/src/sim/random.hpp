// A fast, portable PRNG (xoshiro256** seeded by splitmix64) and the distributions ivsim draws.
// std distributions differ between standard libraries, so a seed would not replay everywhere.
#pragma once

#include "ivsim/time.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace ivsim::sim {

/// One step of splitmix64: a strong 64-bit mix, used to seed and to derive sub-streams.
inline std::uint64_t splitmix64(std::uint64_t &state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// The independent sub-streams of one run seed.
enum class Stream : std::uint64_t { channel = 1, stage = 2, account = 3, faults = 4 };

/// The seed of sub-stream (`stream`, `index`) of `seed`: changing one sub-stream's draws never
/// shifts another's.
inline std::uint64_t sub_seed(std::uint64_t seed, Stream stream, std::uint64_t index = 0) {
  std::uint64_t state = seed;
  std::uint64_t mixed = splitmix64(state) ^ (static_cast<std::uint64_t>(stream) << 56);
  state = mixed ^ (index * 0xD1B54A32D192ED03ULL);
  splitmix64(state);
  return splitmix64(state);
}

/// A seed taken from a text (FNV-1a, 64 bits): the same on every platform, unlike std::hash.
inline std::uint64_t seed_of(std::string_view text) {
  std::uint64_t hash = 0xCBF29CE484222325ULL;
  for (const char c : text)
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
  return hash;
}

/// xoshiro256** with the distributions the world and the fault scheduler need.
class Rng {
public:
  explicit Rng(std::uint64_t seed) {
    for (std::uint64_t &word : state_)
      word = splitmix64(seed);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform in [0, n); n > 0 (Lemire's multiply-shift, bias below 2^-64 * n).
  std::uint64_t below(std::uint64_t n) {
    assert(n > 0 && "below() needs a non-empty range");
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }

  /// Uniform in [lo, hi], inclusive.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    assert(lo <= hi && "between() needs lo <= hi");
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  /// True with probability p (p <= 0 never draws, so a zero knob consumes nothing).
  bool chance(double p) { return p > 0 && (p >= 1 || uniform() < p); }

  /// Exponential with the given mean.
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }

  /// Uniform in [lo, hi] at microsecond resolution.
  Duration duration_between(Duration lo, Duration hi) {
    return Duration{between(lo.count(), hi.count())};
  }

  /// Uniform in [lo, hi] whole seconds.
  Duration seconds_between(std::int64_t lo, std::int64_t hi) {
    return std::chrono::seconds{between(lo, hi)};
  }

  /// Exponential with mean `mean`, rounded to whole seconds.
  Duration exponential_seconds(Duration mean) {
    const double seconds = exponential(std::chrono::duration<double>(mean).count());
    return std::chrono::seconds{static_cast<std::int64_t>(seconds)};
  }

  /// Log-uniform in [lo, hi]: as many draws land in each decade, so a tail reaching hours still
  /// delivers most late events within minutes. lo > 0.
  Duration log_uniform(Duration lo, Duration hi) {
    assert(lo.count() > 0 && lo <= hi && "log_uniform() needs 0 < lo <= hi");
    const double a = std::log(static_cast<double>(lo.count()));
    const double b = std::log(static_cast<double>(hi.count()));
    const auto drawn = static_cast<std::int64_t>(std::exp(a + (b - a) * uniform()));
    return Duration{std::clamp(drawn, lo.count(), hi.count())};
  }

  /// Events of a Poisson process of `per_hour` in [0, span): the number of arrivals.
  std::uint32_t poisson_count(double per_hour, Duration span) {
    const double mean = per_hour * std::chrono::duration<double, std::ratio<3600>>(span).count();
    if (mean <= 0)
      return 0;
    // Knuth's product method for small means, a rounded normal approximation beyond.
    if (mean > 30) {
      const double u1 = 1.0 - uniform();
      const double u2 = uniform();
      const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
      return static_cast<std::uint32_t>(std::max(0.0, std::round(mean + std::sqrt(mean) * normal)));
    }
    const double limit = std::exp(-mean);
    std::uint32_t count = 0;
    for (double product = uniform(); product > limit; product *= uniform())
      ++count;
    return count;
  }

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

} // namespace ivsim::sim

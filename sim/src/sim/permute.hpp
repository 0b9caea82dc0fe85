// Reordering parallel vectors in place by a permutation: the generator sorts a million events and
// their facts this way, where moving them into new vectors would cost as many fresh pages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <tuple>
#include <vector>

namespace ivsim::sim {

/// Asks for the cache lines of `item`, to be written soon.
template <typename T> void prefetch_for_write(const T &item) {
  constexpr std::size_t kCacheLine = 64; // bytes, on every x86-64 and most ARM cores
  const char *bytes = reinterpret_cast<const char *>(&item);
  for (std::size_t offset = 0; offset < sizeof(T); offset += kCacheLine)
    __builtin_prefetch(bytes + offset, 1);
}

/// Moves `from` into `to`, an item already moved from. Constructing in its place copies each
/// member once, where assigning swaps each with an empty one and then releases that: a fifth of
/// the time of permuting a million events.
template <typename T> void relocate(T &from, T &to) {
  std::destroy_at(&to);
  std::construct_at(&to, std::move(from));
}

/// Puts what was at position source[k] of each of `items` at position k, for every k, moving
/// each item once and allocating nothing. `source` must be a permutation of 0..size-1; it is
/// used up (each position it has visited becomes source[k] = k). Each cycle is walked once; the
/// walk's next position is known only from `source`, so a scout runs ahead along the cycle and
/// asks for its items, overlapping what would otherwise be one memory wait after another.
template <typename... Items>
void permute_in_place(std::vector<std::uint32_t> &source, std::vector<Items> &...items) {
  constexpr std::size_t kScoutAhead = 8;
  for (std::uint32_t start = 0; start < source.size(); ++start) {
    if (source[start] == start)
      continue;
    std::tuple<Items...> held{std::move(items[start])...};
    std::uint32_t scout = start;
    for (std::size_t step = 0; step < kScoutAhead; ++step)
      scout = source[scout];
    std::uint32_t k = start;
    while (source[k] != start) {
      (prefetch_for_write(items[scout]), ...);
      scout = source[scout];
      const std::uint32_t from = source[k];
      (relocate(items[from], items[k]), ...);
      source[k] = k;
      k = from;
    }
    std::tie(items[k]...) = std::move(held);
    source[k] = k;
  }
}

} // namespace ivsim::sim

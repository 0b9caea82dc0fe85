// A stable LSD radix sort of (key, index) pairs: the generator and the fault scheduler order a
// million events or deliveries by time, where std::sort's comparisons cost ten times as much.
#pragma once

#include <cstdint>
#include <vector>

namespace ivsim::sim {

/// One item to sort: an unsigned key and the index of what it stands for.
struct KeyedIndex {
  std::uint64_t key = 0;
  std::uint32_t index = 0;
};

/// Sorts `items` by key; items with equal keys keep their order (stable). Runs one pass per
/// at most 13 bits of the keys' spread (max - min), skipping digits every key shares.
void radix_sort(std::vector<KeyedIndex> &items);

} // namespace ivsim::sim

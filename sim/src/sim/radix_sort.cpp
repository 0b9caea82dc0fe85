#include "radix_sort.hpp"

#include "huge_pages.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <utility>

namespace ivsim::sim {

namespace {

// 2^13 counters (32 KiB) stay in cache next to the streams being read and written, and three
// passes cover a day of microseconds (37 bits).
constexpr int kMaxDigitBits = 13;

// Stably scatters `from` into `to` by the digit at `shift`, given the digit's counts.
void scatter(const std::vector<KeyedIndex> &from, std::vector<KeyedIndex> &to, int shift,
             std::uint64_t mask, std::vector<std::uint32_t> &counts) {
  std::uint32_t offset = 0;
  for (std::uint32_t &count : counts)
    offset += std::exchange(count, offset);
  for (const KeyedIndex &item : from)
    to[counts[(item.key >> shift) & mask]++] = item;
}

} // namespace

void radix_sort(std::vector<KeyedIndex> &items) {
  if (items.size() < 2)
    return;
  assert(items.size() <= UINT32_MAX && "radix_sort counts items in 32 bits");
  std::uint64_t low = items.front().key;
  std::uint64_t high = low;
  for (const KeyedIndex &item : items) {
    low = std::min(low, item.key);
    high = std::max(high, item.key);
  }
  const int bits = std::bit_width(high - low);
  if (bits == 0)
    return; // every key is equal: already in order
  const int passes = (bits + kMaxDigitBits - 1) / kMaxDigitBits;
  const int digit_bits = (bits + passes - 1) / passes;
  const std::uint64_t mask = (std::uint64_t{1} << digit_bits) - 1;

  // One read counts every digit; keys become offsets from the lowest, so they need fewer digits.
  std::vector<std::vector<std::uint32_t>> counts(
      static_cast<std::size_t>(passes), std::vector<std::uint32_t>(std::size_t{1} << digit_bits));
  for (KeyedIndex &item : items) {
    item.key -= low;
    for (int pass = 0; pass < passes; ++pass)
      ++counts[static_cast<std::size_t>(pass)][(item.key >> (pass * digit_bits)) & mask];
  }
  std::vector<KeyedIndex> scratch = huge_vector<KeyedIndex>(items.size());
  for (int pass = 0; pass < passes; ++pass) {
    std::vector<std::uint32_t> &digit_counts = counts[static_cast<std::size_t>(pass)];
    // A digit every key shares would only copy the items.
    if (std::ranges::find(digit_counts, static_cast<std::uint32_t>(items.size())) !=
        digit_counts.end())
      continue;
    scatter(items, scratch, pass * digit_bits, mask, digit_counts);
    items.swap(scratch);
  }
  for (KeyedIndex &item : items)
    item.key += low;
}

} // namespace ivsim::sim

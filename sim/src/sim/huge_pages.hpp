// Large buffers backed by transparent huge pages: a million events fill about 400 MB, and
// faulting that in 4 KiB at a time costs as much as building the events.
#pragma once

#include <cstddef>
#include <vector>

namespace ivsim::sim {

/// Asks the kernel to back [data, data + bytes) with transparent huge pages where the system
/// allows it (`madvise` mode, Debian's default). Advice only: a no-op for small buffers, on
/// systems without THP, or if the kernel declines.
void advise_huge_pages(const void *data, std::size_t bytes);

/// `vector.reserve(count)`, then the advice above for the fresh, still untouched buffer.
template <typename T> void reserve_huge(std::vector<T> &vector, std::size_t count) {
  vector.reserve(count);
  advise_huge_pages(vector.data(), vector.capacity() * sizeof(T));
}

/// `std::vector<T>(count)` (value-initialised), its buffer advised as above before it is written.
template <typename T> std::vector<T> huge_vector(std::size_t count) {
  std::vector<T> vector;
  reserve_huge(vector, count);
  vector.resize(count);
  return vector;
}

} // namespace ivsim::sim

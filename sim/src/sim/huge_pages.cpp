#include "huge_pages.hpp"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ivsim::sim {

void advise_huge_pages([[maybe_unused]] const void *data, [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // x86-64 and arm64 (4 KiB base pages) use 2 MiB huge pages. Only whole huge pages inside the
  // buffer are advised, so the advice never reaches memory the buffer does not own.
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t last = (begin + bytes) & ~(kHugePage - 1);
  if (data == nullptr || last <= first)
    return;
  // The result is ignored on purpose: without THP the buffer simply keeps small pages.
  (void)madvise(reinterpret_cast<void *>(first), last - first, MADV_HUGEPAGE);
#endif
}

} // namespace ivsim::sim

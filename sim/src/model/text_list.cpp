// The out-of-line parts of TextList: making and freeing its block, and copy-on-write appends.
#include "ivsim/text_list.hpp"

#include <limits>
#include <new>
#include <stdexcept>
#include <utility>

namespace ivsim {

namespace detail {

TextListBlock *TextListBlock::make(std::span<const Text> items) {
  if (items.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("ivsim::TextList: 4 Gi items or more");
  auto *block = new (::operator new(sizeof(TextListBlock) + items.size() * sizeof(Text)))
      TextListBlock{{1}, static_cast<std::uint32_t>(items.size())};
  // Text's copy cannot throw, so a half-built block never needs unwinding.
  for (std::size_t i = 0; i < items.size(); ++i)
    new (block->items() + i) Text(items[i]);
  return block;
}

void TextListBlock::release(TextListBlock *block) noexcept {
  if (block == nullptr || block->refs.fetch_sub(1, std::memory_order_acq_rel) != 1)
    return;
  for (std::uint32_t i = 0; i < block->size; ++i)
    block->items()[i].~Text();
  ::operator delete(block);
}

} // namespace detail

TextList::TextList(const std::vector<std::string> &items)
    : TextList(std::vector<Text>(items.begin(), items.end())) {}

void TextList::push_back(Text item) {
  std::vector<Text> grown;
  grown.reserve(size() + 1);
  grown.assign(begin(), end());
  grown.push_back(std::move(item));
  *this = TextList(grown);
}

} // namespace ivsim

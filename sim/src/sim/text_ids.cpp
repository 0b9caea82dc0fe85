#include "text_ids.hpp"

#include <cstddef>

namespace ivsim::sim {

namespace {

// Fibonacci hashing of the address: block addresses differ in their low bits only by alignment.
std::size_t slot_of(const void *address, std::size_t mask) {
  const auto bits = reinterpret_cast<std::uintptr_t>(address);
  return static_cast<std::size_t>((bits * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

} // namespace

std::uint32_t TextIds::id(const Text &text) {
  const void *address = text.identity();
  if (address == nullptr) {
    // Every empty text is one; half the events have no stream id, so remember its number
    // instead of hashing "" for each of them.
    if (!empty_id_)
      empty_id_ = id_by_value(text);
    return *empty_id_;
  }
  if (address == last_address_)
    return last_id_;
  last_address_ = address;
  last_id_ = slot_id(text);
  return last_id_;
}

std::uint32_t TextIds::slot_id(const Text &text) {
  const void *address = text.identity();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_of(address, mask);; i = (i + 1) & mask) {
    Slot &slot = slots_[i];
    if (slot.address == address)
      return slot.id;
    if (slot.address == nullptr) {
      const std::uint32_t new_id = id_by_value(text);
      slot = {address, new_id};
      if (++used_ * 2 > slots_.size())
        grow();
      return new_id;
    }
  }
}

std::uint32_t TextIds::id_by_value(const Text &text) {
  const auto [it, inserted] = by_value_.try_emplace(text.view(), next_);
  if (inserted)
    ++next_;
  return it->second;
}

void TextIds::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot &slot : old) {
    if (slot.address == nullptr)
      continue;
    std::size_t i = slot_of(slot.address, mask);
    while (slots_[i].address != nullptr)
      i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

} // namespace ivsim::sim

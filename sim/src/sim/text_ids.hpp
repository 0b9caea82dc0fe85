// Dense numbers for the texts (stream ids, resource ARNs) the fault scheduler groups events by,
// so its steps index vectors instead of hashing strings for each of a million events.
#pragma once

#include "ivsim/text.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace ivsim::sim {

/// Numbers by the address of a Text's characters, in order of first appearance: copies of one
/// Text share a number, found without reading their characters. Asking for the same Text as last
/// time costs one comparison: events in the order a generator made them repeat their entity's.
/// `Policy::number_new(text)` gives the number of a text it has not seen at that address.
template <typename Policy> class AddressIds : private Policy {
public:
  /// The number of `text`.
  std::uint32_t id(const Text &text) {
    const void *address = text.identity();
    if (address == nullptr) {
      // Every empty text is one; half the events have no stream id, so remember its number
      // instead of asking the policy each time.
      if (!empty_id_)
        empty_id_ = this->number_new(text);
      return *empty_id_;
    }
    if (address != last_address_) {
      last_address_ = address;
      last_id_ = slot_id(text);
    }
    return last_id_;
  }
  /// How many distinct numbers have been given.
  std::uint32_t size() const noexcept { return Policy::size(); }

private:
  struct Slot {
    const void *address = nullptr;
    std::uint32_t id = 0;
  };

  // Fibonacci hashing of the address: block addresses differ in their low bits only by alignment.
  static std::size_t slot_of(const void *address, std::size_t mask) {
    const auto bits = reinterpret_cast<std::uintptr_t>(address);
    return static_cast<std::size_t>((bits * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
  }

  std::uint32_t slot_id(const Text &text) {
    const void *address = text.identity();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = slot_of(address, mask);; i = (i + 1) & mask) {
      Slot &slot = slots_[i];
      if (slot.address == address)
        return slot.id;
      if (slot.address == nullptr) {
        const std::uint32_t new_id = this->number_new(text);
        slot = {address, new_id};
        if (++used_ * 2 > slots_.size())
          grow();
        return new_id;
      }
    }
  }

  void grow() {
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

  std::vector<Slot> slots_ = std::vector<Slot>(64); // open addressing, a power of two in size
  std::size_t used_ = 0;
  std::optional<std::uint32_t> empty_id_; // the number of "", once it has one
  const void *last_address_ = nullptr;    // the last non-empty text asked for, and its number
  std::uint32_t last_id_ = 0;
};

/// A new address is a new text, and a new number: for texts made once and shared by copy.
class ByAddress {
protected:
  std::uint32_t number_new(const Text &) { return next_++; }
  std::uint32_t size() const noexcept { return next_; }

private:
  std::uint32_t next_ = 0;
};

/// A new address may hold a text already seen at another: it gets that text's number.
class ByValue {
protected:
  std::uint32_t number_new(const Text &text) {
    const auto [it, inserted] = by_value_.try_emplace(text.view(), next_);
    if (inserted)
      ++next_;
    return it->second;
  }
  std::uint32_t size() const noexcept { return next_; }

private:
  // Open addressing: with std::unordered_map's node per text (about 100k distinct stream ids,
  // each an allocation and a cache miss), a million events' schedule took 3-12 % longer.
  boost::unordered_flat_map<std::string_view, std::uint32_t, std::hash<std::string_view>> by_value_;
  std::uint32_t next_ = 0;
};

/// Numbers distinct texts: equal texts stored apart (parsed events) share a number. Every numbered
/// text must outlive this object (it keeps their addresses and views).
using TextIds = AddressIds<ByValue>;

/// Numbers texts by where they live: equal texts stored apart get different numbers. Only for
/// texts each made once and shared by copy, as the world generator makes every id and ARN (the
/// law Faults.GenerateSchedulesItsTimelineAsScheduleDeliveriesDoes checks that this numbers them
/// as TextIds does); hashing their characters was a twentieth of generating a world.
using SharedTextIds = AddressIds<ByAddress>;

} // namespace ivsim::sim

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

/// Numbers distinct texts 0, 1, 2, ... in order of first appearance. Copies of one Text (the
/// generator shares each id) are recognised by address, without reading their characters;
/// equal texts stored apart (parsed events) still get one number. Every numbered text must
/// outlive this object (it keeps their addresses and views). Asking for the same Text as last
/// time costs one comparison: events in the order a generator made them repeat their entity's.
class TextIds {
public:
  /// The number of `text`, given the next free one if it is new.
  std::uint32_t id(const Text &text);
  /// How many distinct texts have been numbered.
  std::uint32_t size() const noexcept { return next_; }

private:
  struct Slot {
    const void *address = nullptr;
    std::uint32_t id = 0;
  };

  std::uint32_t slot_id(const Text &text); // a non-empty text, by address then by value
  std::uint32_t id_by_value(const Text &text);
  void grow();

  std::vector<Slot> slots_ = std::vector<Slot>(64); // open addressing, a power of two in size
  std::size_t used_ = 0;
  // Open addressing: with std::unordered_map's node per text (about 100k distinct stream ids,
  // each an allocation and a cache miss), a million events' schedule took 3-12 % longer.
  boost::unordered_flat_map<std::string_view, std::uint32_t, std::hash<std::string_view>> by_value_;
  std::optional<std::uint32_t> empty_id_; // the number of "", once it has one
  const void *last_address_ = nullptr;    // the last non-empty text asked for, and its number
  std::uint32_t last_id_ = 0;
  std::uint32_t next_ = 0;
};

} // namespace ivsim::sim

// Immutable, shared lists of Text for event fields such as `resources` (one ARN shared by all the
// events of a channel).
#pragma once

#include "ivsim/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace ivsim {

namespace detail {

/// The one heap block of a non-empty TextList: its reference count and length, followed directly
/// by the items, so reading an item follows one pointer.
struct TextListBlock {
  std::atomic<std::uint32_t> refs;
  std::uint32_t size;

  const Text *items() const noexcept { return reinterpret_cast<const Text *>(this + 1); }
  Text *items() noexcept { return reinterpret_cast<Text *>(this + 1); }

  /// A block holding copies of `items`, referenced once.
  static TextListBlock *make(std::span<const Text> items);
  /// Drops one reference; the last one destroys the items and frees the block.
  static void release(TextListBlock *block) noexcept;
};

} // namespace detail

/// A list of Text shared by every copy: 8 bytes, copied with one atomic increment, null when
/// empty. Reads like a `std::span<const Text>`; `push_back` and `clear` copy on write.
class TextList {
public:
  using value_type = Text;
  using const_iterator = const Text *;
  using iterator = const_iterator;

  /// The empty list.
  TextList() noexcept = default;
  /// Copies `items`; an empty span allocates nothing.
  explicit TextList(std::span<const Text> items)
      : ref_(items.empty() ? nullptr : detail::TextListBlock::make(items)) {}
  /// Copies `items`.
  TextList(const std::vector<Text> &items) : TextList(std::span<const Text>(items)) {}
  /// The listed items, e.g. `{arn}`.
  TextList(std::initializer_list<Text> items)
      : TextList(std::span<const Text>(items.begin(), items.size())) {}
  /// Copies `items`.
  TextList(const std::vector<std::string> &items);

  /// Whether the list has no items.
  bool empty() const noexcept { return ref_.get() == nullptr; }
  /// The number of items.
  std::size_t size() const noexcept { return empty() ? 0 : ref_.get()->size; }
  /// The item at `index`, which must be below size().
  const Text &operator[](std::size_t index) const noexcept { return ref_.get()->items()[index]; }
  /// The first item; the list must not be empty.
  const Text &front() const noexcept { return (*this)[0]; }
  /// The last item; the list must not be empty.
  const Text &back() const noexcept { return (*this)[size() - 1]; }
  const_iterator begin() const noexcept { return empty() ? nullptr : ref_.get()->items(); }
  const_iterator end() const noexcept { return begin() + size(); }

  /// Appends `item` to this list only; other copies keep the old items.
  void push_back(Text item);
  /// Empties this list only.
  void clear() noexcept { TextList().swap(*this); }
  void swap(TextList &other) noexcept { ref_.swap(other.ref_); }

  friend bool operator==(const TextList &a, const TextList &b) noexcept {
    return a.ref_.get() == b.ref_.get() || std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

  friend std::ostream &operator<<(std::ostream &out, const TextList &list) {
    out << '[';
    for (std::size_t i = 0; i < list.size(); ++i)
      out << (i == 0 ? "" : ", ") << '"' << list[i] << '"';
    return out << ']';
  }

private:
  detail::CountedRef<detail::TextListBlock> ref_;
};

/// Writes the list as a JSON array of strings.
inline void to_json(nlohmann::json &json, const TextList &list) {
  json = nlohmann::json::array();
  for (const Text &item : list)
    json.push_back(item.view());
}
/// Writes the list as a JSON array of strings.
inline void to_json(nlohmann::ordered_json &json, const TextList &list) {
  json = nlohmann::ordered_json::array();
  for (const Text &item : list)
    json.push_back(item.view());
}

} // namespace ivsim

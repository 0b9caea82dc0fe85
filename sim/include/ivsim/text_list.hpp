// Immutable, shared lists of Text for event fields such as `resources` (one ARN shared by all the
// events of a channel).
#pragma once

#include "ivsim/text.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <ostream>
#include <string>
#include <vector>

namespace ivsim {

/// A list of Text shared by every copy: 8 bytes, copied with one atomic increment, null when
/// empty. Reads like a `const std::vector<Text>`; `push_back` and `clear` copy on write.
class TextList {
public:
  using value_type = Text;
  using const_iterator = const Text *;
  using iterator = const_iterator;

  /// The empty list.
  TextList() noexcept = default;
  /// Takes over `items`; an empty vector allocates nothing.
  TextList(std::vector<Text> items) : ref_(items.empty() ? Ref() : Ref(std::move(items))) {}
  /// The listed items, e.g. `{arn}`.
  TextList(std::initializer_list<Text> items);
  /// Copies `items`.
  TextList(const std::vector<std::string> &items);

  /// Whether the list has no items.
  bool empty() const noexcept { return ref_.get() == nullptr; }
  /// The number of items.
  std::size_t size() const noexcept { return items().size(); }
  /// The item at `index`, which must be below size().
  const Text &operator[](std::size_t index) const noexcept { return items()[index]; }
  /// The first item; the list must not be empty.
  const Text &front() const noexcept { return items().front(); }
  /// The last item; the list must not be empty.
  const Text &back() const noexcept { return items().back(); }
  const_iterator begin() const noexcept { return items().data(); }
  const_iterator end() const noexcept { return items().data() + items().size(); }
  /// The items as a vector that lives as long as any copy of this list.
  const std::vector<Text> &items() const noexcept {
    const std::vector<Text> *items = ref_.get();
    return items == nullptr ? kEmpty : *items;
  }

  /// Appends `item` to this list only; other copies keep the old items.
  void push_back(Text item);
  /// Empties this list only.
  void clear() noexcept { ref_ = Ref(); }

  friend bool operator==(const TextList &a, const TextList &b) noexcept {
    return a.ref_.get() == b.ref_.get() || a.items() == b.items();
  }

  friend std::ostream &operator<<(std::ostream &out, const TextList &list) {
    out << '[';
    for (std::size_t i = 0; i < list.size(); ++i)
      out << (i == 0 ? "" : ", ") << '"' << list[i] << '"';
    return out << ']';
  }

private:
  using Ref = detail::SharedRef<std::vector<Text>>;

  static constinit const std::vector<Text> kEmpty;

  Ref ref_;
};

inline constinit const std::vector<Text> TextList::kEmpty{};

/// Writes the list as a JSON array of strings.
inline void to_json(nlohmann::json &json, const TextList &list) {
  json = nlohmann::json::array();
  for (const Text &item : list)
    json.push_back(item.str());
}
/// Writes the list as a JSON array of strings.
inline void to_json(nlohmann::ordered_json &json, const TextList &list) {
  json = nlohmann::ordered_json::array();
  for (const Text &item : list)
    json.push_back(item.str());
}

} // namespace ivsim

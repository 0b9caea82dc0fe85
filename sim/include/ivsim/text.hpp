// Immutable, shared strings for event fields: a million events share a few thousand ARNs and ids.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <new>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ivsim {

namespace detail {

/// An owning pointer to an immutable heap block that begins with its reference count (`refs`),
/// shared by every copy: a copy is one atomic increment, and `Block::release(block)` frees the
/// block when the last copy goes. Null stands for the empty value.
template <typename Block> class CountedRef {
public:
  CountedRef() noexcept = default;
  /// Takes over `block`, made with one reference (or null).
  explicit CountedRef(Block *block) noexcept : block_(block) {}
  CountedRef(const CountedRef &other) noexcept : block_(other.block_) {
    if (block_ != nullptr)
      block_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  CountedRef(CountedRef &&other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  CountedRef &operator=(const CountedRef &other) noexcept {
    CountedRef(other).swap(*this);
    return *this;
  }
  CountedRef &operator=(CountedRef &&other) noexcept {
    CountedRef(std::move(other)).swap(*this);
    return *this;
  }
  ~CountedRef() { Block::release(block_); }

  const Block *get() const noexcept { return block_; }
  void swap(CountedRef &other) noexcept { std::swap(block_, other.block_); }

private:
  Block *block_ = nullptr;
};

/// The one heap block of a non-empty Text: its reference count and length, followed directly by
/// the characters and a NUL. One allocation per text, and reading the characters follows one
/// pointer: a million events' ids and ARNs are read far more often than they are made.
struct TextBlock {
  std::atomic<std::uint32_t> refs;
  std::uint32_t size;

  const char *chars() const noexcept { return reinterpret_cast<const char *>(this + 1); }
  char *chars() noexcept { return reinterpret_cast<char *>(this + 1); }

  /// A block holding a copy of `text`, referenced once.
  static TextBlock *make(std::string_view text);
  /// Drops one reference; the last one frees the block.
  static void release(TextBlock *block) noexcept {
    if (block != nullptr && block->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
      ::operator delete(block);
  }
};

inline TextBlock *TextBlock::make(std::string_view text) {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("ivsim::Text: a text of 4 GiB or more");
  auto *block = new (::operator new(sizeof(TextBlock) + text.size() + 1))
      TextBlock{{1}, static_cast<std::uint32_t>(text.size())};
  std::memcpy(block->chars(), text.data(), text.size());
  block->chars()[text.size()] = '\0';
  return block;
}

} // namespace detail

class Text;

/// Anything that reads as a string_view (std::string, string literals, views), but not Text.
template <typename S>
concept StringLike =
    std::convertible_to<const S &, std::string_view> && !std::same_as<std::remove_cvref_t<S>, Text>;

/// An immutable string shared by every copy: 8 bytes, copied with one atomic increment, null (no
/// allocation) when empty. Reads like a `std::string_view` that owns its characters and converts
/// to one implicitly; it also converts to a std::string, a copy.
class Text {
public:
  /// The empty text.
  Text() noexcept = default;
  /// Copies `text`; an empty text allocates nothing.
  Text(std::string_view text) : ref_(text.empty() ? nullptr : detail::TextBlock::make(text)) {}
  /// Copies `text`.
  Text(const std::string &text) : Text(std::string_view(text)) {}
  /// Copies the NUL-terminated `text`.
  Text(const char *text) : Text(std::string_view(text)) {}

  /// Whether the text has no characters.
  bool empty() const noexcept { return ref_.get() == nullptr; }
  /// The number of bytes.
  std::size_t size() const noexcept { return empty() ? 0 : ref_.get()->size; }
  /// The text as a view that lives as long as any copy of this Text.
  std::string_view view() const noexcept {
    const detail::TextBlock *block = ref_.get();
    return block == nullptr ? std::string_view() : std::string_view(block->chars(), block->size);
  }
  /// A std::string copy of the text.
  std::string str() const { return std::string(view()); }
  /// NUL-terminated characters that live as long as any copy of this Text.
  const char *c_str() const noexcept { return empty() ? "" : ref_.get()->chars(); }

  /// The byte at `index`, which must be below size().
  char operator[](std::size_t index) const noexcept { return ref_.get()->chars()[index]; }
  /// Whether the text begins with `prefix`.
  bool starts_with(std::string_view prefix) const noexcept { return view().starts_with(prefix); }
  /// Whether the text ends with `suffix`.
  bool ends_with(std::string_view suffix) const noexcept { return view().ends_with(suffix); }
  /// The position of `needle` at or after `from`, or std::string::npos.
  std::size_t find(std::string_view needle, std::size_t from = 0) const noexcept {
    return view().find(needle, from);
  }
  /// A copy of at most `count` bytes from `from`, which must be at most size().
  std::string substr(std::size_t from, std::size_t count = std::string::npos) const {
    return std::string(view().substr(from, count));
  }

  /// Where the shared characters live (nullptr when empty): equal for copies of one Text, so hot
  /// paths can recognise a shared id without hashing it. Equal texts built apart differ here.
  const void *identity() const noexcept { return ref_.get(); }

  /// Makes this copy empty; other copies keep the text.
  void clear() noexcept { Text().swap(*this); }
  void swap(Text &other) noexcept { ref_.swap(other.ref_); }

  operator std::string_view() const noexcept { return view(); }
  /// A std::string copy, for APIs that take one (std::map<std::string, ...> keys, say): it
  /// allocates, so code on a hot path reads `view()` instead.
  operator std::string() const { return str(); }

  friend bool operator==(const Text &a, const Text &b) noexcept {
    return a.identity() == b.identity() || a.view() == b.view();
  }
  template <StringLike S> friend bool operator==(const Text &a, const S &b) {
    return a.view() == std::string_view(b);
  }
  friend std::strong_ordering operator<=>(const Text &a, const Text &b) noexcept {
    return a.view() <=> b.view();
  }
  template <StringLike S> friend std::strong_ordering operator<=>(const Text &a, const S &b) {
    return a.view() <=> std::string_view(b);
  }

  friend std::string operator+(const Text &a, const Text &b) { return concat(a.view(), b.view()); }
  template <StringLike S> friend std::string operator+(const Text &a, const S &b) {
    return concat(a.view(), std::string_view(b));
  }
  template <StringLike S> friend std::string operator+(const S &a, const Text &b) {
    return concat(std::string_view(a), b.view());
  }

  friend std::ostream &operator<<(std::ostream &out, const Text &text) {
    return out << text.view();
  }

private:
  static std::string concat(std::string_view a, std::string_view b) {
    std::string joined;
    joined.reserve(a.size() + b.size());
    return joined.append(a).append(b);
  }

  detail::CountedRef<detail::TextBlock> ref_;
};

/// Writes the text as a JSON string, so `json["key"] = text` works.
inline void to_json(nlohmann::json &json, const Text &text) { json = text.view(); }
/// Writes the text as a JSON string, so `json["key"] = text` works.
inline void to_json(nlohmann::ordered_json &json, const Text &text) { json = text.view(); }

} // namespace ivsim

/// Hashes like the equal std::string_view, so Text keys mix with views.
template <> struct std::hash<ivsim::Text> {
  std::size_t operator()(const ivsim::Text &text) const noexcept {
    return std::hash<std::string_view>{}(text.view());
  }
};

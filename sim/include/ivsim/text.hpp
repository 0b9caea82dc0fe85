// Immutable, shared strings for event fields: a million events share a few thousand ARNs and ids.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

// clang 14 cannot constant-evaluate libstdc++ 12's std::string default constructor (it rejects
// the write to the small-buffer union), so only GCC checks that Text::kEmpty is
// constant-initialised (the fuzz targets and clang-tidy are the clang builds; see docs/fuzzing.md).
#if defined(__clang__) && __clang_major__ < 15
#define IVSIM_CONSTINIT_STRING
#else
#define IVSIM_CONSTINIT_STRING constinit
#endif

namespace ivsim {

namespace detail {

/// A counted reference to one immutable value on the heap; null stands for the empty value.
/// Copies share the value (one atomic increment), so copying an Event costs no allocation.
template <typename T> class SharedRef {
public:
  SharedRef() noexcept = default;
  explicit SharedRef(T value) : block_(new Block(std::move(value))) {}
  SharedRef(const SharedRef &other) noexcept : block_(other.block_) { retain(); }
  SharedRef(SharedRef &&other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  SharedRef &operator=(const SharedRef &other) noexcept {
    SharedRef(other).swap(*this);
    return *this;
  }
  SharedRef &operator=(SharedRef &&other) noexcept {
    SharedRef(std::move(other)).swap(*this);
    return *this;
  }
  ~SharedRef() { release(); }

  /// The shared value, or nullptr for the empty one.
  const T *get() const noexcept { return block_ == nullptr ? nullptr : &block_->value; }
  void swap(SharedRef &other) noexcept { std::swap(block_, other.block_); }

private:
  struct Block {
    explicit Block(T v) : value(std::move(v)) {}
    std::atomic<std::uint32_t> refs{1};
    const T value;
  };

  void retain() const noexcept {
    if (block_ != nullptr)
      block_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void release() noexcept {
    if (block_ != nullptr && block_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
      delete block_;
  }

  Block *block_ = nullptr;
};

} // namespace detail

class Text;

/// Anything that reads as a string_view (std::string, string literals, views), but not Text.
template <typename S>
concept StringLike =
    std::convertible_to<const S &, std::string_view> && !std::same_as<std::remove_cvref_t<S>, Text>;

/// An immutable string shared by every copy: 8 bytes, copied with one atomic increment, null (no
/// allocation) when empty. Reads like a `const std::string` and converts to one implicitly.
class Text {
public:
  /// The empty text.
  Text() noexcept = default;
  /// Takes over `text`; an empty string allocates nothing.
  Text(std::string text) : ref_(text.empty() ? Ref() : Ref(std::move(text))) {}
  /// Copies `text`.
  Text(std::string_view text) : Text(std::string(text)) {}
  /// Copies the NUL-terminated `text`.
  Text(const char *text) : Text(std::string_view(text)) {}

  /// Whether the text has no characters.
  bool empty() const noexcept { return ref_.get() == nullptr; }
  /// The number of bytes.
  std::size_t size() const noexcept { return str().size(); }
  /// The text as a std::string that lives as long as any copy of this Text.
  const std::string &str() const noexcept {
    const std::string *text = ref_.get();
    return text == nullptr ? kEmpty : *text;
  }
  /// The text as a view that lives as long as any copy of this Text.
  std::string_view view() const noexcept { return str(); }
  /// NUL-terminated characters.
  const char *c_str() const noexcept { return str().c_str(); }

  /// The byte at `index`, which must be below size().
  char operator[](std::size_t index) const noexcept { return str()[index]; }
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
    return str().substr(from, count);
  }

  /// Where the shared characters live (nullptr when empty): equal for copies of one Text, so hot
  /// paths can recognise a shared id without hashing it. Equal texts built apart differ here.
  const void *identity() const noexcept { return ref_.get(); }

  /// Makes this copy empty; other copies keep the text.
  void clear() noexcept { ref_ = Ref(); }

  operator const std::string &() const noexcept { return str(); }
  operator std::string_view() const noexcept { return view(); }

  friend bool operator==(const Text &a, const Text &b) noexcept {
    return a.ref_.get() == b.ref_.get() || a.view() == b.view();
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
  using Ref = detail::SharedRef<std::string>;

  static std::string concat(std::string_view a, std::string_view b) {
    std::string joined;
    joined.reserve(a.size() + b.size());
    return joined.append(a).append(b);
  }

  static IVSIM_CONSTINIT_STRING const std::string kEmpty;

  Ref ref_;
};

inline IVSIM_CONSTINIT_STRING const std::string Text::kEmpty{};

/// Writes the text as a JSON string, so `json["key"] = text` works.
inline void to_json(nlohmann::json &json, const Text &text) { json = text.str(); }
/// Writes the text as a JSON string, so `json["key"] = text` works.
inline void to_json(nlohmann::ordered_json &json, const Text &text) { json = text.str(); }

} // namespace ivsim

/// Hashes like the equal std::string_view, so Text keys mix with views.
template <> struct std::hash<ivsim::Text> {
  std::size_t operator()(const ivsim::Text &text) const noexcept {
    return std::hash<std::string_view>{}(text.view());
  }
};

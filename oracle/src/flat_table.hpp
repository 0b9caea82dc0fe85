// A hash table of entities for reduce: keys are views into the events, values sit in one dense
// vector, so a million events cost no allocation per entity and no string copies.
#pragma once

#include "ivsim/text.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace ivsim::oracle::detail {

/// Hash of a key made of one view: eight bytes at a time, multiply and rotate (as FxHash), then
/// murmur3's finaliser so the low bits (the slot) and the high bits (the tag) both mix well. About
/// three times cheaper than std::hash on 30- to 60-byte ids and ARNs, which dominate reduce.
inline std::size_t hash_key(std::string_view key) {
  constexpr std::uint64_t kMultiplier = 0x517cc1b727220a95ULL;
  std::uint64_t hash = key.size() * 0x9e3779b97f4a7c15ULL;
  const char *at = key.data();
  std::size_t left = key.size();
  for (; left >= 8; at += 8, left -= 8) {
    std::uint64_t word;
    std::memcpy(&word, at, 8);
    hash = (std::rotl(hash, 5) ^ word) * kMultiplier;
  }
  if (left > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, left);
    hash = (std::rotl(hash, 5) ^ word) * kMultiplier;
  }
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ULL;
  return hash ^ (hash >> 33);
}

/// Equal texts; the same address (a string the generator shared among events) is decided
/// without reading the characters.
inline bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         (a.data() == b.data() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

/// Equality of keys made of one view.
inline bool key_equal(std::string_view a, std::string_view b) { return same_text(a, b); }

/// Mixes `hash` of one more part into `seed` (boost::hash_combine's 64-bit constant).
inline std::size_t hash_mix(std::size_t seed, std::size_t hash) {
  return seed ^ (hash + 0x9e3779b97f4a7c15ULL + (seed << 12) + (seed >> 4));
}

/// Entities numbered in order of first appearance, found by `Key` (a view, or a few views and a
/// parent's number; `hash_key(Key)` and `key_equal(Key, Key)` must be defined). Open addressing
/// with linear probing over 8-byte slots that keep part of the hash, so a lookup usually touches
/// one slot and compares key text only when the hashes match.
template <typename Key, typename Value> class FlatTable {
public:
  /// Makes room for `count` entities without rehashing.
  void reserve(std::size_t count) {
    keys_.reserve(count);
    values_.reserve(count);
    if (count * 2 > slots_.size())
      rehash(count * 2);
  }

  /// The entity of `key`, created (value-initialised) on first use.
  Value &operator[](const Key &key) { return values_[number(key)]; }

  /// The number of `key`'s entity, created on first use.
  std::uint32_t number(const Key &key) { return number(key, hash_key(key)); }

  /// As above, with `hash_key(key)` computed already (see prefetch).
  std::uint32_t number(const Key &key, std::size_t hash) {
    if ((keys_.size() + 1) * 2 > slots_.size())
      rehash(slots_.empty() ? 64 : slots_.size() * 2);
    const std::uint32_t tag = static_cast<std::uint32_t>(hash >> 32);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
      Slot &slot = slots_[at];
      if (slot.number_plus_one == 0) {
        slot = {tag, static_cast<std::uint32_t>(keys_.size() + 1)};
        keys_.push_back(key);
        values_.emplace_back();
        return slot.number_plus_one - 1;
      }
      if (slot.tag == tag && key_equal(keys_[slot.number_plus_one - 1], key))
        return slot.number_plus_one - 1;
    }
  }

  /// Starts loading the slot where a key of this hash is looked up first. A table of a million
  /// ids is far larger than the caches: hashing a few keys ahead and prefetching their slots
  /// overlaps the misses instead of waiting for each in turn.
  void prefetch(std::size_t hash) const {
    if (!slots_.empty())
      __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }

  /// The number of `key`'s entity, or kAbsent.
  std::uint32_t find(const Key &key) const {
    if (slots_.empty())
      return kAbsent;
    const std::size_t hash = hash_key(key);
    const std::uint32_t tag = static_cast<std::uint32_t>(hash >> 32);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
      const Slot &slot = slots_[at];
      if (slot.number_plus_one == 0)
        return kAbsent;
      if (slot.tag == tag && key_equal(keys_[slot.number_plus_one - 1], key))
        return slot.number_plus_one - 1;
    }
  }

  /// How many entities there are; they are numbered from 0.
  std::size_t size() const { return keys_.size(); }
  const Key &key(std::uint32_t number) const { return keys_[number]; }
  const Value &value(std::uint32_t number) const { return values_[number]; }
  Value &value(std::uint32_t number) { return values_[number]; }

  static constexpr std::uint32_t kAbsent = ~std::uint32_t{0};

private:
  struct Slot {
    std::uint32_t tag = 0;             ///< the hash's high half
    std::uint32_t number_plus_one = 0; ///< 0: empty
  };

  void rehash(std::size_t at_least) {
    std::size_t size = 64;
    while (size < at_least)
      size *= 2;
    std::vector<Slot> slots(size);
    const std::size_t mask = size - 1;
    for (std::uint32_t number = 0; number < keys_.size(); ++number) {
      const std::size_t hash = hash_key(keys_[number]);
      std::size_t at = hash & mask;
      while (slots[at].number_plus_one != 0)
        at = (at + 1) & mask;
      slots[at] = {static_cast<std::uint32_t>(hash >> 32), number + 1};
    }
    slots_ = std::move(slots);
  }

  std::vector<Slot> slots_;
  std::vector<Key> keys_;
  std::vector<Value> values_;
};

/// A FlatTable that also remembers the numbers of recently used keys by the addresses of the texts
/// they are made of (`Parts` words: each text's `identity()`, a parent's number). Two texts at one
/// address are one text, since Text is immutable and the events outlive the reduction, so a key
/// seen at the same addresses needs neither hashing nor the table's scattered slots and keys; the
/// generator shares each entity's strings among its events, so most lookups stop here. Texts that
/// share no address (events parsed from JSON) miss and take the table's way, by value.
template <typename Key, typename Value, std::size_t Parts>
class MemoTable : public FlatTable<Key, Value> {
public:
  using Identities = std::array<std::uintptr_t, Parts>;

  /// The number of `key`'s entity, created on first use; `identities` are where its parts live.
  std::uint32_t remembered_number(const Key &key, const Identities &identities) {
    if (memo_.size() < kMaxEntries && this->size() * 2 >= memo_.size())
      grow_memo();
    Entry &entry = memo_[slot(identities)];
    if (entry.number_plus_one != 0 && entry.identities == identities)
      return entry.number_plus_one - 1;
    const std::uint32_t number = FlatTable<Key, Value>::number(key);
    entry = {identities, number + 1};
    return number;
  }

private:
  // Direct-mapped, a few thousand entries at most: enough for the entities a plan has open at
  // once, small enough to stay in the L2 cache. It grows with the table from a few lines, so the
  // many small reductions (alternatives, tests) do not clear what they never use.
  static constexpr std::size_t kMaxEntries = 4096;
  struct Entry {
    Identities identities{};
    std::uint32_t number_plus_one = 0; ///< 0: empty
  };

  void grow_memo() {
    memo_.assign(std::min(kMaxEntries, std::max<std::size_t>(16, memo_.size() * 4)), Entry{});
  }

  std::size_t slot(const Identities &identities) const {
    std::uint64_t mixed = 0;
    for (const std::uintptr_t part : identities)
      mixed = (std::rotl(mixed, 21) ^ part) * 0x9e3779b97f4a7c15ULL;
    return static_cast<std::size_t>(mixed >> 40) & (memo_.size() - 1);
  }

  std::vector<Entry> memo_;
};

/// Where `text`'s characters live, as a part of a MemoTable key.
inline std::uintptr_t identity_of(const Text &text) {
  return reinterpret_cast<std::uintptr_t>(text.identity());
}

} // namespace ivsim::oracle::detail

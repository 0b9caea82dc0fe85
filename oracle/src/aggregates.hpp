// Order-independent summaries of the events of each entity: applying events in any order, with
// any repeats, gives the same summary (every update is a set union or a maximum). Entities live
// in flat tables keyed by views into the events (which outlive the reduction), so reducing a
// million events allocates per table, not per entity or per string.
#pragma once

#include "flat_table.hpp"
#include "ivsim/event.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace ivsim::oracle::detail {

/// The distinct values some events carried, sorted by `Less`; the first `N` are kept inline
/// (most entities see one name, one channel, one start time).
template <typename T, std::size_t N = 1, typename Less = std::less<T>> class ValueSet {
public:
  void add(const T &value) {
    const auto it = std::lower_bound(values_.begin(), values_.end(), value, Less{});
    if (it == values_.end() || Less{}(value, *it))
      values_.insert(it, value);
  }
  bool empty() const { return values_.empty(); }
  std::span<const T> values() const { return {values_.data(), values_.size()}; }

private:
  boost::container::small_vector<T, N> values_;
};

/// Orders event strings by their text.
struct TextLess {
  bool operator()(const Text *a, const Text *b) const { return a->view() < b->view(); }
};

/// Distinct texts of the events, by address of the event's field (events outlive the reduction).
template <std::size_t N = 1> class TextSet {
public:
  void add(const Text *text) {
    // The generator shares one string per entity among its events: the same characters at the
    // same address are the same text, without comparing them.
    for (const Text *known : set_.values())
      if (same_text(known->view(), text->view()))
        return;
    set_.add(text);
  }
  bool empty() const { return set_.empty(); }
  std::span<const Text *const> values() const { return set_.values(); }

private:
  ValueSet<const Text *, N, TextLess> set_;
};

/// An S3 location named by an event: the bucket and the key prefix.
struct S3Location {
  const Text *bucket = nullptr;
  const Text *prefix = nullptr;
};
struct S3LocationLess {
  bool operator()(const S3Location &a, const S3Location &b) const {
    return std::pair(a.bucket->view(), a.prefix->view()) <
           std::pair(b.bucket->view(), b.prefix->view());
  }
};

/// Per event name: the values of a field those events carried (times, durations), as sorted
/// (name, value) pairs. An entity sees a handful of names, usually one value each.
template <typename T, std::size_t N = 4> class ByName {
public:
  using Entry = std::pair<EventName, T>;
  void add(EventName name, const T &value) {
    const Entry entry{name, value};
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), entry);
    if (it == entries_.end() || *it != entry)
      entries_.insert(it, entry);
  }
  /// The entries of `name`, sorted by value.
  std::span<const Entry> of(EventName name) const {
    const auto by_name = [](const Entry &entry, EventName n) { return entry.first < n; };
    const auto first = std::lower_bound(entries_.begin(), entries_.end(), name, by_name);
    auto last = first;
    while (last != entries_.end() && last->first == name)
      ++last;
    return {first, last};
  }

private:
  boost::container::small_vector<Entry, N> entries_;
};

/// Rule 4, last-writer-wins by event time, kept as the values of the events that can be last in
/// some order consistent with their times: the events of the latest second stated in whole
/// seconds, and the latest of those stated more precisely (rule 1 orders two events only when
/// they differ at the coarser of their resolutions).
class LastWriter {
public:
  void add(EventTime time, bool value) {
    const Instant second = std::chrono::floor<std::chrono::seconds>(time.at);
    const std::uint8_t bit = value ? 2 : 1;
    if (!any_ || second > second_) {
      any_ = true;
      second_ = second;
      coarse_ = fine_ = 0;
    } else if (second < second_) {
      return;
    }
    if (time.resolution == Resolution::seconds) {
      coarse_ |= bit;
    } else if (fine_ == 0 || time.at > fine_at_) {
      fine_at_ = time.at;
      fine_ = bit;
    } else if (time.at == fine_at_) {
      fine_ |= bit;
    }
  }
  bool empty() const { return !any_; }
  /// True when some consistent order ends with an event of this value.
  bool can_end_with(bool value) const { return ((coarse_ | fine_) & (value ? 2 : 1)) != 0; }

private:
  bool any_ = false;
  Instant second_{};
  std::uint8_t coarse_ = 0;
  Instant fine_at_{};
  std::uint8_t fine_ = 0;
};

/// Which events of a kind an entity saw, one bit per event name.
class Seen {
public:
  void add(EventName name) { bits_ |= std::uint64_t{1} << static_cast<unsigned>(name); }
  bool has(EventName name) const {
    return (bits_ & (std::uint64_t{1} << static_cast<unsigned>(name))) != 0;
  }
  bool empty() const { return bits_ == 0; }

private:
  std::uint64_t bits_ = 0;
};

/// The events behind each entity (indexes into Expected::events). Appending records (list, event)
/// in one vector, nothing per entity; `group()` then gathers each list's events next to each
/// other in one counting sort. (Linked lists in an arena cost a dependent cache miss per event
/// when read, which was a third of emitting a million events.)
class EvidenceLists {
public:
  struct List {
    std::uint32_t id = kNone; ///< numbered on the first append
    std::uint32_t size = 0;
  };

  void reserve(std::size_t links) { links_.reserve(links); }
  /// Appends `event` to `list`; events are applied in increasing index, so lists stay sorted.
  void append(List &list, std::uint32_t event) {
    if (list.id == kNone)
      list.id = lists_++;
    links_.push_back({list.id, event});
    ++list.size;
  }

  /// Every list's events, each list contiguous and in append order.
  class Grouped {
  public:
    /// The events of `list`, in order.
    std::span<const std::uint32_t> of(const List &list) const {
      if (list.id == kNone)
        return {};
      return {events_.data() + begin_[list.id], list.size};
    }

  private:
    friend class EvidenceLists;
    std::vector<std::uint32_t> begin_;  ///< by list id
    std::vector<std::uint32_t> events_; ///< grouped by list id
  };

  /// Groups the links by list, once every event is applied.
  Grouped group() const {
    Grouped out;
    out.begin_.assign(lists_ + 1, 0);
    for (const Link &link : links_)
      ++out.begin_[link.list + 1];
    for (std::uint32_t id = 0; id < lists_; ++id)
      out.begin_[id + 1] += out.begin_[id];
    // `next` starts as each list's beginning and ends as its end: one pass, stable.
    std::vector<std::uint32_t> next(out.begin_.begin(), out.begin_.end() - 1);
    out.events_.resize(links_.size());
    for (const Link &link : links_)
      out.events_[next[link.list]++] = link.event;
    return out;
  }

private:
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};
  struct Link {
    std::uint32_t list;
    std::uint32_t event;
  };
  std::vector<Link> links_;
  std::uint32_t lists_ = 0;
};

/// An entity's key as a Text of its first event, so the expected document shares the event's
/// string instead of copying it (the tables are keyed by views).
class Keyed {
public:
  void note_key(const Text &key) {
    if (key_ == nullptr)
      key_ = &key;
  }
  const Text &key() const {
    assert(key_ != nullptr && "apply notes the key of every entity it creates");
    return *key_;
  }

private:
  const Text *key_ = nullptr;
};

/// What every entity keeps: which events it saw, the latest second of its lifecycle events (for
/// choosing a channel's current stream), and the events behind it.
struct EntityAggregate : Keyed {
  Seen seen;
  bool has_lifecycle = false;
  Instant latest{};
  EvidenceLists::List evidence;

  void saw_lifecycle(EventName name, Instant at) {
    seen.add(name);
    const Instant second = std::chrono::floor<std::chrono::seconds>(at);
    latest = has_lifecycle ? std::max(latest, second) : second;
    has_lifecycle = true;
  }
};

struct StreamAggregate : EntityAggregate {
  TextSet<> channel;
  ByName<Instant> times;
  LastWriter healthy; ///< true: Starvation End
};

struct ChannelAggregate : Keyed {
  bool exists = false;
  TextSet<> name;
};

struct RecordingAggregate : EntityAggregate {
  TextSet<> channel;
  TextSet<> reason;
  TextSet<4> stream_ids;
  ValueSet<S3Location, 1, S3LocationLess> s3_prefix;
  ByName<Instant> times;
  ByName<std::int64_t, 1> durations;
};

/// A participant, keyed by (stage ARN, session id, participant id).
struct ParticipantKey {
  std::string_view stage;
  std::string_view session;
  std::string_view participant;
  friend auto operator<=>(const ParticipantKey &, const ParticipantKey &) = default;
};
inline bool key_equal(const ParticipantKey &a, const ParticipantKey &b) {
  return same_text(a.participant, b.participant) && same_text(a.session, b.session) &&
         same_text(a.stage, b.stage);
}
inline std::size_t hash_key(const ParticipantKey &key) {
  return hash_mix(hash_mix(hash_key(key.stage), hash_key(key.session)), hash_key(key.participant));
}

/// An entity nested in another (a participant's recording, a composition's destination), keyed
/// by the parent's number and its own id.
struct ChildKey {
  std::uint32_t parent = 0;
  std::string_view id;
  friend auto operator<=>(const ChildKey &, const ChildKey &) = default;
};
inline bool key_equal(const ChildKey &a, const ChildKey &b) {
  return a.parent == b.parent && same_text(a.id, b.id);
}
inline std::size_t hash_key(const ChildKey &key) { return hash_mix(key.parent, hash_key(key.id)); }

struct ParticipantRecordingAggregate : EntityAggregate {
  ValueSet<S3Location, 1, S3LocationLess> s3_prefix;
  ByName<std::int64_t, 1> durations;
};

struct ParticipantAggregate {
  Keyed stage;
  Keyed session;
  Keyed participant;
  bool exists = false;
  TextSet<> user_id;
  LastWriter publishing;
  EvidenceLists::List evidence;
};

struct DestinationAggregate : EntityAggregate {
  LastWriter active; ///< true: Destination Start, false: Destination Reconnecting
  TextSet<> reason;
};

struct CompositionAggregate : EntityAggregate {
  TextSet<> stage;
  TextSet<> reason;
};

/// Every entity's summary after a set of events.
struct Aggregates {
  MemoTable<std::string_view, ChannelAggregate, 1> channels;
  MemoTable<std::string_view, StreamAggregate, 1> streams;
  MemoTable<std::string_view, RecordingAggregate, 1> recordings;
  MemoTable<ParticipantKey, ParticipantAggregate, 3> participants;
  MemoTable<ChildKey, ParticipantRecordingAggregate, 2> participant_recordings; ///< by participant
  MemoTable<std::string_view, CompositionAggregate, 1> compositions;
  MemoTable<ChildKey, DestinationAggregate, 2> destinations; ///< by composition
  EvidenceLists evidence;

  /// Sizes the tables for about `events` events, so they do not rehash while growing.
  void reserve(std::size_t events) {
    // A broadcast is about ten events for one stream and one recording session.
    streams.reserve(events / 8);
    recordings.reserve(events / 8);
    channels.reserve(events / 64);
    evidence.reserve(events + events / 4);
  }
  /// Applies one acknowledged event; `index` is its place in Expected::events (the evidence).
  void apply(const Event &event, std::uint32_t index);
};

/// The part of the document an event can change: a channel, stage or composition (by ARN).
/// Events of different roots never affect each other's fields.
struct Root {
  enum class Kind : std::uint8_t { none, channel, stage, composition };
  Kind kind = Kind::none; ///< none: the event carries no state
  std::string_view arn;
};
inline bool key_equal(const Root &a, const Root &b) {
  return a.kind == b.kind && same_text(a.arn, b.arn);
}
inline std::size_t hash_key(const Root &root) {
  return hash_mix(static_cast<std::size_t>(root.kind), hash_key(root.arn));
}

/// The root of `event`.
Root root_of(const Event &event);

} // namespace ivsim::oracle::detail

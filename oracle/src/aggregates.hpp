// Order-independent summaries of the events of each entity: applying events in any order, with
// any repeats, gives the same summary (every update is a set union or a maximum).
#pragma once

#include "ivsim/event.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ivsim::oracle::detail {

/// The distinct values some events carried, sorted.
template <typename T> class ValueSet {
public:
  void add(const T &value) {
    const auto it = std::lower_bound(values_.begin(), values_.end(), value);
    if (it == values_.end() || *it != value)
      values_.insert(it, value);
  }
  void add_all(const ValueSet &other) {
    for (const T &value : other.values_)
      add(value);
  }
  bool empty() const { return values_.empty(); }
  const std::vector<T> &values() const { return values_; }

private:
  std::vector<T> values_;
};

/// Rule 4, last-writer-wins by event time, kept as the values of the events that can be last in
/// some order consistent with their times: the events of the latest second stated in whole
/// seconds, and the latest of those stated more precisely (rule 1 orders two events only when
/// they differ at the coarser of their resolutions).
class LastWriter {
public:
  void add(EventTime time, bool value) {
    const Instant second = floor_to_second(time.at);
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

/// Per event name: the values of a field those events carried (times, durations). Sparse: an
/// entity sees a handful of the event names, and a dense array per entity made the aggregates of
/// a million events hundreds of megabytes (page faults dominated reduce).
template <typename T> class ByName {
public:
  ValueSet<T> &operator[](EventName name) {
    for (auto &[seen, set] : sets_)
      if (seen == name)
        return set;
    return sets_.emplace_back(name, ValueSet<T>{}).second;
  }
  const ValueSet<T> &operator[](EventName name) const {
    static const ValueSet<T> kNone;
    for (const auto &[seen, set] : sets_)
      if (seen == name)
        return set;
    return kNone;
  }

private:
  std::vector<std::pair<EventName, ValueSet<T>>> sets_;
};

/// What every entity keeps: which events it saw, the latest second of its lifecycle events (for
/// choosing a channel's current stream), and the events behind it.
struct EntityAggregate {
  Seen seen;
  bool has_lifecycle = false;
  Instant latest{};
  std::vector<std::uint32_t> evidence;

  void saw_lifecycle(EventName name, Instant at) {
    seen.add(name);
    latest = has_lifecycle ? std::max(latest, floor_to_second(at)) : floor_to_second(at);
    has_lifecycle = true;
  }
};

struct StreamAggregate : EntityAggregate {
  ValueSet<std::string> channel;
  ByName<Instant> times;
  LastWriter healthy; ///< true: Starvation End
};

struct ChannelAggregate {
  bool exists = false;
  ValueSet<std::string> name;
};

struct RecordingAggregate : EntityAggregate {
  ValueSet<std::string> channel;
  ValueSet<std::string> reason;
  ValueSet<std::string> stream_ids;
  ValueSet<std::string> s3_prefix;
  ByName<Instant> times;
  ByName<std::int64_t> durations;
};

struct ParticipantRecordingAggregate : EntityAggregate {
  ValueSet<std::string> s3_prefix;
  ByName<std::int64_t> durations;
};

struct ParticipantAggregate {
  bool exists = false;
  ValueSet<std::string> user_id;
  LastWriter publishing;
  std::unordered_map<std::string, ParticipantRecordingAggregate> recordings;
  std::vector<std::uint32_t> evidence;
};

struct StageAggregate {
  /// session id -> participant id -> participant
  std::unordered_map<std::string, std::unordered_map<std::string, ParticipantAggregate>> sessions;
};

struct DestinationAggregate : EntityAggregate {
  LastWriter active; ///< true: Destination Start, false: Destination Reconnecting
  ValueSet<std::string> reason;
};

struct CompositionAggregate : EntityAggregate {
  ValueSet<std::string> stage;
  ValueSet<std::string> reason;
  std::unordered_map<std::string, DestinationAggregate> destinations;
};

/// Every entity's summary after a set of events.
struct Aggregates {
  std::unordered_map<std::string, ChannelAggregate> channels;
  std::unordered_map<std::string, StreamAggregate> streams;
  std::unordered_map<std::string, RecordingAggregate> recordings;
  std::unordered_map<std::string, StageAggregate> stages;
  std::unordered_map<std::string, CompositionAggregate> compositions;

  /// Sizes the tables for about `events` events, so they do not rehash while growing.
  void reserve(std::size_t events) {
    // A broadcast is about ten events for one stream and one recording session.
    streams.reserve(events / 8);
    recordings.reserve(events / 8);
    channels.reserve(events / 64);
  }
  /// Applies one acknowledged event; `index` is its place in Expected::events (the evidence).
  void apply(const Event &event, std::uint32_t index);
};

/// The part of the document an event can change (a channel, stage or composition, by ARN), or ""
/// for events that carry no state. Events of different roots never affect each other's fields.
std::string root_of(const Event &event);

} // namespace ivsim::oracle::detail

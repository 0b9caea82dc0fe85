// Reading a SUT's canonical document, strictly typed and with located errors.
#include "ivsim/edit_distance.hpp"
#include "ivsim/error.hpp"
#include "ivsim/oracle/state_document.hpp"

#include "ivsim/json_location.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>

namespace ivsim::oracle {

namespace {

// Epoch milliseconds within years 0000-9999: the document is written back as RFC 3339, and a
// larger count would overflow the microsecond clock.
bool is_writable_millis(const Json &value) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  constexpr auto kEarliest = duration_cast<milliseconds>(kEarliestInstant.time_since_epoch());
  constexpr auto kLatest = duration_cast<milliseconds>(kLatestInstant.time_since_epoch());
  if (value.is_number_unsigned())
    return value.get<std::uint64_t>() <= static_cast<std::uint64_t>(kLatest.count());
  const std::int64_t millis = value.get<std::int64_t>();
  return millis >= kEarliest.count() && millis <= kLatest.count();
}

std::string found(const Json &value) {
  if (value.is_string())
    return "\"" + value.get<std::string>() + "\"";
  if (value.is_number() || value.is_boolean())
    return value.dump();
  return std::string(value.type_name() == std::string_view("object") ? "an object"
                     : value.is_array()                              ? "an array"
                                                                     : value.type_name());
}

[[noreturn]] void fail(const std::string &pointer, std::string_view expected, const Json &value) {
  throw InputError((pointer.empty() ? "/" : pointer) + ": expected " + std::string(expected) +
                   ", got " + found(value));
}

// A key folded for comparison: lower case, without '_' and '-', so "isLive", "is_live" and
// "IsLive" are one spelling and "streamId" is "stream_id".
std::string folded(std::string_view key) {
  std::string out;
  for (const char c : key)
    if (c != '_' && c != '-')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The name among `names` that `key` most likely misspells ("isLive" -> "live", "status" ->
// "state"), or empty when none is close: at most two edits, and fewer than the shorter has
// letters, so "id" suggests nothing.
std::string_view nearest(std::string_view key, const std::vector<std::string_view> &names) {
  const std::string wanted = folded(key);
  std::string_view best;
  std::size_t best_distance = 3;
  for (const std::string_view name : names) {
    const std::string candidate = folded(name);
    const std::size_t distance = edit_distance(wanted, candidate);
    if (distance < best_distance && distance < std::min(wanted.size(), candidate.size())) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

// The notes of one reading: at most one per pattern, in document order.
class Notes {
public:
  void add(std::string pointer, std::string pattern, std::string message) {
    if (patterns_.insert(pattern).second)
      notes_.push_back({std::move(pointer), std::move(pattern), std::move(message)});
  }
  std::vector<DocumentNote> take() { return std::move(notes_); }

private:
  std::set<std::string> patterns_;
  std::vector<DocumentNote> notes_;
};

// One JSON object of the document, read field by field; null and absent both leave a field empty.
// The keys it is asked for are the contract's names at this place: `note_unknown_keys` notes the
// others.
class Reader {
public:
  Reader(const Json &object, std::string pointer, std::string pattern, Notes &notes)
      : object_(object), pointer_(std::move(pointer)), pattern_(std::move(pattern)), notes_(notes) {
    if (!object_.is_object())
      fail(pointer_, "an object", object_);
  }

  const Json *find(const char *key) const {
    names_.emplace_back(key);
    const auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }
  std::string at(const char *key) const { return pointer_ + "/" + key; }

  void read(const char *key, std::optional<std::string> &out) const {
    if (const Json *value = find(key)) {
      if (!value->is_string())
        fail(at(key), "a string or null", *value);
      out = value->get<std::string>();
    }
  }
  void read(const char *key, std::optional<bool> &out) const {
    if (const Json *value = find(key)) {
      if (!value->is_boolean())
        fail(at(key), "true, false or null", *value);
      out = value->get<bool>();
    }
  }
  void read(const char *key, std::optional<std::int64_t> &out) const {
    if (const Json *value = find(key)) {
      if (!value->is_number_integer())
        fail(at(key), "an integer or null", *value);
      out = value->get<std::int64_t>();
    }
  }
  void read(const char *key, std::optional<std::vector<std::string>> &out) const {
    const Json *value = find(key);
    if (value == nullptr)
      return;
    if (!value->is_array())
      fail(at(key), "an array of strings or null", *value);
    out.emplace();
    for (std::size_t i = 0; i < value->size(); ++i) {
      if (!(*value)[i].is_string())
        fail(at(key) + "/" + std::to_string(i), "a string", (*value)[i]);
      out->push_back((*value)[i].get<std::string>());
    }
  }
  // The contract's time forms: RFC 3339 in any offset, with or without fractions, or epoch
  // milliseconds (what `Date.now()` and many databases give).
  void read_time(const char *key, std::optional<Instant> &out) const {
    const Json *value = find(key);
    if (value == nullptr)
      return;
    if (value->is_number_integer() && is_writable_millis(*value)) {
      out = Instant{std::chrono::milliseconds{value->get<std::int64_t>()}};
      note_early_millis(key, *value, *out);
      return;
    }
    if (value->is_string())
      if (const auto parsed = parse_rfc3339(value->get_ref<const std::string &>())) {
        out = parsed->at;
        return;
      }
    fail(at(key), "an RFC 3339 time like \"2024-03-13T22:09:58Z\" or epoch milliseconds", *value);
  }

  // Epoch milliseconds before 2000 are no IVS time (IVS began in 2020): most likely epoch seconds
  // (`1710360000` for 2024), which read as a day of January 1970. The check then shows only that
  // instant, so the note quotes the number as written.
  void note_early_millis(const char *key, const Json &value, Instant read) const {
    constexpr Instant kYear2000{std::chrono::seconds{946684800}};
    if (read >= kYear2000)
      return;
    const std::string written = value.dump();
    std::string message = written + " is read as epoch milliseconds, " + format_rfc3339(read);
    if (read >= Instant{} &&
        value.get<std::int64_t>() <= kLatestInstant.time_since_epoch() / std::chrono::seconds{1})
      message += "; if it is epoch seconds, write " + written + "000 or \"" +
                 format_rfc3339(Instant{std::chrono::seconds{value.get<std::int64_t>()}}) + "\"";
    notes_.add(at(key), pattern_ + "/" + key, std::move(message));
  }

  // Calls `read_entry(key, reader)` for each entry of the object under `key`, whose keys are
  // identifiers of the kind `placeholder` names ("<arn>") in the notes' patterns.
  template <typename ReadEntry>
  void each(const char *key, const char *placeholder, ReadEntry read_entry) const {
    const Json *value = find(key);
    if (value == nullptr)
      return;
    if (!value->is_object())
      fail(at(key), "an object keyed by identifier", *value);
    for (const auto &[entry_key, entry] : value->items()) {
      Reader reader(entry, at(key) + "/" + escape_pointer_token(entry_key),
                    pattern_ + "/" + key + "/" + placeholder, notes_);
      read_entry(entry_key, reader);
      reader.note_unknown_keys();
    }
  }

  // Notes each key that was not asked for: the contract does not name it, so it is ignored, but a
  // newcomer's "isLive" or a document wrapped in {"data": ...} is more likely than a SUT that
  // keeps more (docs/state-contract.md, "Reading a SUT's document").
  void note_unknown_keys() const {
    for (const auto &[key, value] : object_.items()) {
      if (std::find(names_.begin(), names_.end(), key) != names_.end())
        continue;
      const std::string token = "/" + escape_pointer_token(key);
      notes_.add(pointer_ + token, pattern_ + token, unknown_key_message(key, value));
    }
  }

private:
  std::string unknown_key_message(const std::string &key, const Json &value) const {
    const std::string_view suggestion = nearest(key, names_);
    const bool top_level = pointer_.empty();
    std::string message = top_level
                              ? "not a collection of the contract (" + comma_separated(names_) + ")"
                              : "not a field of the contract";
    if (!suggestion.empty())
      return message + " (did you mean " + std::string(suggestion) + "?)";
    if (!top_level)
      return message + " (expected one of " + comma_separated(names_) + ")";
    std::vector<std::string_view> held;
    if (value.is_object())
      for (const std::string_view name : names_)
        if (value.contains(std::string(name)))
          held.push_back(name);
    if (!held.empty())
      message += "; it holds " + comma_separated(held) +
                 ": the collections belong at the top level of the document, not inside \"" + key +
                 "\"";
    return message;
  }

  const Json &object_;
  std::string pointer_;
  std::string pattern_; ///< pointer_ with identifiers as placeholders: "/channels/<arn>"
  Notes &notes_;
  mutable std::vector<std::string_view> names_; ///< the keys asked for, all string literals
};

ChannelState read_channel(const Reader &in) {
  ChannelState channel;
  in.read("name", channel.name);
  in.read("live", channel.live);
  in.read("stream_id", channel.stream_id);
  in.read("recording", channel.recording);
  return channel;
}

StreamState read_stream(const Reader &in) {
  StreamState stream;
  in.read("channel", stream.channel);
  in.read("state", stream.state);
  in.read_time("started_at", stream.started_at);
  in.read_time("ended_at", stream.ended_at);
  in.read("healthy", stream.healthy);
  return stream;
}

RecordingState read_recording(const Reader &in) {
  RecordingState recording;
  in.read("channel", recording.channel);
  in.read("state", recording.state);
  in.read("reason", recording.reason);
  in.read("stream_ids", recording.stream_ids);
  in.read_time("started_at", recording.started_at);
  in.read_time("ended_at", recording.ended_at);
  in.read("duration_ms", recording.duration_ms);
  in.read("s3_prefix", recording.s3_prefix);
  in.read("playlist", recording.playlist);
  return recording;
}

ParticipantState read_participant(const Reader &in) {
  ParticipantState participant;
  in.read("user_id", participant.user_id);
  in.read("publishing", participant.publishing);
  in.each("recordings", "<recording_s3_key_prefix>",
          [&](const std::string &key, const Reader &entry) {
            ParticipantRecordingState &recording = participant.recordings[key];
            entry.read("state", recording.state);
            entry.read("duration_ms", recording.duration_ms);
            entry.read("s3_prefix", recording.s3_prefix);
          });
  return participant;
}

StageState read_stage(const Reader &in) {
  StageState stage;
  in.each("sessions", "<session_id>", [&](const std::string &key, const Reader &session) {
    StageSessionState &out = stage.sessions[key];
    session.each("participants", "<participant_id>",
                 [&](const std::string &id, const Reader &entry) {
                   out.participants[id] = read_participant(entry);
                 });
  });
  return stage;
}

CompositionState read_composition(const Reader &in) {
  CompositionState composition;
  in.read("stage", composition.stage);
  in.read("state", composition.state);
  in.read("reason", composition.reason);
  in.each("destinations", "<id>", [&](const std::string &key, const Reader &entry) {
    DestinationState &destination = composition.destinations[key];
    entry.read("state", destination.state);
    entry.read("reason", destination.reason);
  });
  return composition;
}

// Reads every entry of one top-level collection with `read_entity`.
template <typename Map, typename ReadEntity>
void read_collection(const Reader &document, const char *key, const char *placeholder, Map &out,
                     ReadEntity read_entity) {
  document.each(key, placeholder,
                [&](const std::string &id, const Reader &entry) { out[id] = read_entity(entry); });
}

} // namespace

ReadDocument read_state_document(const Json &json) {
  Notes notes;
  const Reader document(json, "", "", notes);
  ReadDocument out;
  read_collection(document, "channels", "<arn>", out.document.channels, read_channel);
  read_collection(document, "streams", "<stream_id>", out.document.streams, read_stream);
  read_collection(document, "recordings", "<recording_session_id>", out.document.recordings,
                  read_recording);
  read_collection(document, "stages", "<arn>", out.document.stages, read_stage);
  read_collection(document, "compositions", "<arn>", out.document.compositions, read_composition);
  document.note_unknown_keys();
  out.notes = notes.take();
  return out;
}

StateDocument parse_state_document(const Json &json) { return read_state_document(json).document; }

StateDocument parse_state_document(std::string_view text) {
  if (const auto too_deep = excessive_nesting_at(text))
    throw InputError("byte " + std::to_string(*too_deep + 1) + ": " + excessive_nesting_message());
  Json json;
  try {
    json = Json::parse(text);
  } catch (const Json::parse_error &error) {
    throw InputError("byte " + std::to_string(error.byte) + ": invalid JSON: " + error.what());
  } catch (const Json::out_of_range &) {
    // A number beyond a double ("1e400"): nlohmann's out_of_range, not a parse error (found by
    // fuzz/state_document).
    throw InputError("invalid JSON: a number too large to represent");
  }
  return parse_state_document(json);
}

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (const char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

} // namespace ivsim::oracle

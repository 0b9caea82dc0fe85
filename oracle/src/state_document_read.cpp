// Reading a SUT's canonical document, strictly typed and with located errors.
#include "ivsim/error.hpp"
#include "ivsim/oracle/state_document.hpp"

#include "ivsim/json_location.hpp"

#include <chrono>

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

// One JSON object of the document, read field by field; null and absent both leave a field empty.
class Reader {
public:
  Reader(const Json &object, std::string pointer) : object_(object), pointer_(std::move(pointer)) {
    if (!object_.is_object())
      fail(pointer_, "an object", object_);
  }

  const Json *find(const char *key) const {
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
      return;
    }
    if (value->is_string())
      if (const auto parsed = parse_rfc3339(value->get_ref<const std::string &>())) {
        out = parsed->at;
        return;
      }
    fail(at(key), "an RFC 3339 time like \"2024-03-13T22:09:58Z\" or epoch milliseconds", *value);
  }

  // Calls `read_entry(key, value, pointer)` for each entry of the object under `key`.
  template <typename ReadEntry> void each(const char *key, ReadEntry read_entry) const {
    const Json *value = find(key);
    if (value == nullptr)
      return;
    if (!value->is_object())
      fail(at(key), "an object keyed by identifier", *value);
    for (const auto &[entry_key, entry] : value->items())
      read_entry(entry_key, entry, at(key) + "/" + escape_pointer_token(entry_key));
  }

private:
  const Json &object_;
  std::string pointer_;
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
  in.each("recordings", [&](const std::string &key, const Json &value, const std::string &at) {
    const Reader entry(value, at);
    ParticipantRecordingState &recording = participant.recordings[key];
    entry.read("state", recording.state);
    entry.read("duration_ms", recording.duration_ms);
    entry.read("s3_prefix", recording.s3_prefix);
  });
  return participant;
}

StageState read_stage(const Reader &in) {
  StageState stage;
  in.each("sessions", [&](const std::string &key, const Json &value, const std::string &at) {
    const Reader session(value, at);
    StageSessionState &out = stage.sessions[key];
    session.each("participants",
                 [&](const std::string &id, const Json &entry, const std::string &where) {
                   out.participants[id] = read_participant(Reader(entry, where));
                 });
  });
  return stage;
}

CompositionState read_composition(const Reader &in) {
  CompositionState composition;
  in.read("stage", composition.stage);
  in.read("state", composition.state);
  in.read("reason", composition.reason);
  in.each("destinations", [&](const std::string &key, const Json &value, const std::string &at) {
    const Reader entry(value, at);
    DestinationState &destination = composition.destinations[key];
    entry.read("state", destination.state);
    entry.read("reason", destination.reason);
  });
  return composition;
}

// Reads every entry of one top-level collection with `read_entity`.
template <typename Map, typename ReadEntity>
void read_collection(const Reader &document, const char *key, Map &out, ReadEntity read_entity) {
  document.each(key, [&](const std::string &id, const Json &value, const std::string &at) {
    out[id] = read_entity(Reader(value, at));
  });
}

} // namespace

StateDocument parse_state_document(const Json &json) {
  const Reader document(json, "");
  StateDocument out;
  read_collection(document, "channels", out.channels, read_channel);
  read_collection(document, "streams", out.streams, read_stream);
  read_collection(document, "recordings", out.recordings, read_recording);
  read_collection(document, "stages", out.stages, read_stage);
  read_collection(document, "compositions", out.compositions, read_composition);
  return out;
}

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

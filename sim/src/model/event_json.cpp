// Parsing and serialising EventBridge event JSON (see docs/events.md for the field catalogue).
#include "event_fields.hpp"

#include "ivsim/error.hpp"
#include "ivsim/event.hpp"
#include "ivsim/json_location.hpp"

#include <utility>

namespace ivsim {

namespace {

using Json = nlohmann::ordered_json;

// Whether `name` is one of the names `detail_type` documents; a known name under the wrong
// detail type is treated like an unknown one.
bool belongs_to(DetailType detail_type, EventName name) {
  const auto in = [name](EventName first, EventName last) { return name >= first && name <= last; };
  switch (detail_type) {
  case DetailType::stream_state_change:
    return in(EventName::session_created, EventName::stream_takeover_failure);
  case DetailType::stream_health_change:
    return in(EventName::starvation_start, EventName::starvation_end);
  case DetailType::recording_state_change:
  case DetailType::participant_recording_state_change:
    return in(EventName::recording_start, EventName::recording_end_failure);
  case DetailType::stage_update:
    return in(EventName::participant_published, EventName::token_exchanged);
  case DetailType::composition_state_change:
    return in(EventName::session_start, EventName::destination_reconnecting);
  case DetailType::ad_break_state_change:
    return name == EventName::ad_break_inserted;
  case DetailType::limit_breach:
  case DetailType::cloudtrail_api_call:
  case DetailType::unknown:
    return false;
  }
  return false;
}

const char *json_type_name(const Json &value) {
  if (value.is_number_integer())
    return "an integer";
  if (value.is_number_float())
    return "a fractional number";
  switch (value.type()) {
  case Json::value_t::null:
    return "null";
  case Json::value_t::object:
    return "an object";
  case Json::value_t::array:
    return "an array";
  case Json::value_t::string:
    return "a string";
  case Json::value_t::boolean:
    return "a boolean";
  default:
    return "a value";
  }
}

[[noreturn]] void fail(const std::string &pointer, std::string_view expected, const Json &found) {
  throw InputError(pointer + ": expected " + std::string(expected) + ", got " +
                   json_type_name(found) +
                   (found.is_string() ? " \"" + found.get<std::string>() + "\"" : ""));
}

[[noreturn]] void fail_missing(const std::string &pointer, std::string_view expected) {
  throw InputError(pointer + ": expected " + std::string(expected) + ", but it is missing");
}

// Typed reads from one JSON object, each naming its JSON pointer when the type is wrong.
class ObjectReader {
public:
  ObjectReader(const Json &object, std::string pointer)
      : object_(object), pointer_(std::move(pointer)) {
    if (!object_.is_object())
      fail(pointer_.empty() ? "/" : pointer_, "an object", object_);
  }

  const Json *find(const char *key) const {
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }
  std::string pointer_to(const char *key) const { return pointer_ + "/" + key; }

  void read(const char *key, Text &out, bool required = false) const {
    const Json *value = find(key);
    if (value == nullptr) {
      if (required)
        fail_missing(pointer_to(key), "a string");
      return;
    }
    if (!value->is_string())
      fail(pointer_to(key), "a string", *value);
    out = value->get<std::string>();
  }

  void read(const char *key, std::optional<std::int64_t> &out) const {
    const Json *value = find(key);
    if (value == nullptr || value->is_null())
      return;
    if (!value->is_number_integer())
      fail(pointer_to(key), "an integer", *value);
    out = value->get<std::int64_t>();
  }

  void read(const char *key, std::optional<bool> &out) const {
    const Json *value = find(key);
    if (value == nullptr)
      return;
    if (!value->is_boolean())
      fail(pointer_to(key), "true or false", *value);
    out = value->get<bool>();
  }

  void read(const char *key, TextList &out, bool required = false) const {
    const Json *value = find(key);
    if (value == nullptr) {
      if (required)
        fail_missing(pointer_to(key), "an array of strings");
      return;
    }
    if (!value->is_array())
      fail(pointer_to(key), "an array of strings", *value);
    std::vector<Text> items;
    items.reserve(value->size());
    for (std::size_t i = 0; i < value->size(); ++i) {
      const Json &item = (*value)[i];
      if (!item.is_string())
        fail(pointer_to(key) + "/" + std::to_string(i), "a string", item);
      items.emplace_back(item.get<std::string>());
    }
    out = TextList(std::move(items));
  }

  void read(const char *key, std::optional<EventTime> &out) const {
    const Json *value = find(key);
    if (value == nullptr)
      return;
    out = read_time(key, *value);
  }

  EventTime read_time(const char *key, const Json &value) const {
    if (!value.is_string())
      fail(pointer_to(key), "an RFC 3339 time like \"2024-03-13T22:09:58Z\"", value);
    auto parsed = parse_rfc3339(value.get_ref<const std::string &>());
    if (!parsed)
      fail(pointer_to(key), "an RFC 3339 time like \"2024-03-13T22:09:58Z\"", value);
    return *parsed;
  }

private:
  const Json &object_;
  std::string pointer_;
};

void read_detail(const ObjectReader &detail, Detail &out) {
  detail.read("channel_name", out.channel_name);
  detail.read("stream_id", out.stream_id);
  detail.read("code", out.code);
  detail.read("reason", out.reason);
  detail.read("recording_status_reason", out.recording_status_reason);
  detail.read("recording_s3_bucket_name", out.recording_s3_bucket_name);
  detail.read("recording_s3_key_prefix", out.recording_s3_key_prefix);
  detail.read("recording_duration_ms", out.recording_duration_ms);
  detail.read("recording_session_id", out.recording_session_id);
  detail.read("recording_session_stream_ids", out.recording_session_stream_ids);
  detail.read("session_id", out.session_id);
  detail.read("participant_id", out.participant_id);
  detail.read("user_id", out.user_id);
  detail.read("error_code", out.error_code);
  detail.read("event_time", out.event_time);
  detail.read("event_time_precise", out.event_time_precise);
  detail.read("replica", out.replica);
  detail.read("source_stage_arn", out.source_stage_arn);
  detail.read("source_session_id", out.source_session_id);
  detail.read("destination_stage_arn", out.destination_stage_arn);
  detail.read("destination_session_id", out.destination_session_id);
  detail.read("stage_arn", out.stage_arn);
  detail.read("id", out.destination_id);
  detail.read("limit_name", out.limit_name);
  detail.read("limit_unit", out.limit_unit);
  detail.read("limit_value", out.limit_value);
  detail.read("exceeded_by", out.exceeded_by);
  detail.read("ad_break_id", out.ad_break_id);
  detail.read("duration_seconds", out.duration_seconds);
  detail.read("target_start_time", out.target_start_time);
}

// The fields the oracle keys state on, and the attributes IVS always sends (possibly as ""):
// required for the known names that carry state. An attribute's key must be there because the
// typed model reads an absent key as "", which is a value (a channel without a name), while the
// contract makes a field no event carried null.
void require_identity_fields(const Event &event, const ObjectReader &detail) {
  Text ignored;
  const auto require = [&](const char *key) { detail.read(key, ignored, /*required=*/true); };
  switch (event.detail_type) {
  case DetailType::stream_state_change:
  case DetailType::stream_health_change:
    require("channel_name");
    require("stream_id");
    break;
  case DetailType::recording_state_change:
    require("channel_name");
    require("recording_session_id");
    break;
  case DetailType::stage_update:
    require("session_id");
    require("participant_id");
    require("user_id");
    break;
  case DetailType::participant_recording_state_change:
    require("session_id");
    require("participant_id");
    break;
  case DetailType::composition_state_change:
    if (event.name >= EventName::destination_start)
      require("id");
    break;
  default:
    return;
  }
  if (event.resources.empty())
    throw InputError("/resources: expected the " + std::string(to_string(event.detail_type)) +
                     " resource ARN, got an empty array");
}

} // namespace

Event parse_event(const Json &document) {
  const ObjectReader envelope(document, "");
  Event event;
  envelope.read("id", event.id, /*required=*/true);
  envelope.read("detail-type", event.detail_type_text, /*required=*/true);
  event.detail_type = detail_type_from_string(event.detail_type_text);
  if (event.detail_type != DetailType::unknown)
    event.detail_type_text.clear(); // kept only where the enum cannot say it
  envelope.read("source", event.source);
  envelope.read("account", event.account);
  envelope.read("region", event.region);
  const Json *time = envelope.find("time");
  if (time == nullptr)
    fail_missing("/time", "an RFC 3339 time");
  event.time = floor_to_second(envelope.read_time("time", *time).at);
  envelope.read("resources", event.resources, /*required=*/true);

  const Json *detail_json = envelope.find("detail");
  if (detail_json == nullptr)
    fail_missing("/detail", "an object");
  const ObjectReader detail(*detail_json, "/detail");
  const char *name_key =
      event.detail_type == DetailType::recording_state_change ? "recording_status" : "event_name";
  const bool has_name = event.detail_type != DetailType::limit_breach &&
                        event.detail_type != DetailType::cloudtrail_api_call &&
                        event.detail_type != DetailType::unknown;
  if (has_name) {
    detail.read(name_key, event.name_text, /*required=*/true);
    event.name = event_name_from_string(event.name_text);
    if (!belongs_to(event.detail_type, event.name))
      event.name = EventName::unknown;
    if (event.name != EventName::unknown)
      event.name_text.clear();
  }
  if (event.detail_type != DetailType::cloudtrail_api_call &&
      event.detail_type != DetailType::unknown) {
    read_detail(detail, event.detail);
    if (event.name != EventName::unknown)
      require_identity_fields(event, detail);
  }
  event.original = std::make_shared<const Json>(document);
  return event;
}

Event parse_event(std::string_view text) {
  if (const auto too_deep = excessive_nesting_at(text))
    throw InputError("byte " + std::to_string(*too_deep + 1) + ": " + excessive_nesting_message());
  Json document;
  try {
    document = Json::parse(text);
  } catch (const Json::parse_error &error) {
    throw InputError("byte " + std::to_string(error.byte) + ": invalid JSON: " + error.what());
  } catch (const Json::out_of_range &) {
    // A number beyond a double ("1e400"): nlohmann's out_of_range, not a parse error.
    throw InputError("invalid JSON: a number too large to represent");
  }
  return parse_event(document);
}

namespace {

// Builds the ordered_json document of the typed fields (see event_fields.hpp for the order).
class JsonBuilder {
public:
  void put_string(const char *key, std::string_view value) { top()[key] = value; }
  void put_integer(const char *key, std::int64_t value) { top()[key] = value; }
  void put_bool(const char *key, bool value) { top()[key] = value; }
  void put_time(const char *key, const EventTime &value) {
    top()[key] = format_rfc3339(value.at, value.resolution);
  }
  void put_strings(const char *key, const TextList &values) { top()[key] = values; }
  // Only the last key of an object is ever opened, so the parent's storage stays put.
  void open(const char *key) { nested_ = &(root_[key] = Json::object()); }
  void close() { nested_ = nullptr; }

  Json take() { return std::move(root_); }

private:
  Json &top() { return nested_ == nullptr ? root_ : *nested_; }

  Json root_ = Json::object();
  Json *nested_ = nullptr;
};

} // namespace

Json to_json(const Event &event) {
  if (event.original)
    return *event.original;
  JsonBuilder builder;
  detail::write_fields(event, builder);
  return builder.take();
}

Event Event::with_fields_as_truth() const {
  Event copy = *this;
  copy.original.reset();
  return copy;
}

bool operator==(const Event &a, const Event &b) {
  const bool same_original =
      (a.original == nullptr && b.original == nullptr) ||
      (a.original != nullptr && b.original != nullptr && *a.original == *b.original);
  return same_original && a.id == b.id && a.detail_type == b.detail_type &&
         a.detail_type_text == b.detail_type_text && a.source == b.source &&
         a.account == b.account && a.region == b.region && a.time == b.time &&
         a.resources == b.resources && a.name == b.name && a.name_text == b.name_text &&
         a.detail == b.detail;
}

std::string describe(const Event &event) {
  std::string text =
      event.name == EventName::none || event.name == EventName::unknown
          ? (event.name_text.empty() ? event.detail_type_text : event.name_text).str()
          : std::string(to_string(event.name));
  if (text.empty())
    text = std::string(to_string(event.detail_type));
  const Detail &d = event.detail;
  const Text &subject = !d.stream_id.empty()              ? d.stream_id
                        : !d.recording_session_id.empty() ? d.recording_session_id
                        : !d.participant_id.empty()       ? d.participant_id
                        : !d.destination_id.empty()       ? d.destination_id
                                                          : event.resource();
  // Appended piecewise: `" " + string` trips GCC 12's false -Wrestrict at -O3.
  if (!subject.empty()) {
    text += ' ';
    text += subject;
  }
  const EventTime time = event.effective_time();
  text += ' ';
  text += format_rfc3339(time.at, time.resolution);
  return text;
}

std::ostream &operator<<(std::ostream &out, const Event &event) {
  return out << describe(event) << " (" << event.id << ")";
}

} // namespace ivsim

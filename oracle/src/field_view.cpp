// Typed field access and comparison for check: the same answers as comparing JSON forms, without
// writing the SUT's whole document as JSON first.
#include "field_view.hpp"

#include <algorithm>
#include <functional>
#include <type_traits>

namespace ivsim::oracle::detail {

namespace {

template <typename T> FieldView view(const std::optional<T> &value) {
  if (!value)
    return std::monostate{};
  if constexpr (std::is_same_v<T, std::string>)
    return std::string_view(*value);
  else if constexpr (std::is_same_v<T, std::vector<std::string>>)
    return &*value;
  else
    return *value;
}

// One expected value against the actual field; types differ only when one side is null.
bool same(const FieldValue &expected, const FieldView &actual) {
  if (expected.index() != actual.index())
    return false;
  return std::visit(
      [&](const auto &want) {
        using T = std::decay_t<decltype(want)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return true;
        else if constexpr (std::is_same_v<T, Text>)
          return want == std::get<std::string_view>(actual);
        else if constexpr (std::is_same_v<T, TextList>) {
          const std::vector<std::string> &list =
              *std::get<const std::vector<std::string> *>(actual);
          return std::equal(want.begin(), want.end(), list.begin(), list.end());
        } else
          return want == std::get<T>(actual);
      },
      expected);
}

} // namespace

FieldView field_of(const ChannelState &channel, std::string_view name) {
  if (name == "name")
    return view(channel.name);
  if (name == "live")
    return view(channel.live);
  if (name == "stream_id")
    return view(channel.stream_id);
  if (name == "recording")
    return view(channel.recording);
  return std::monostate{};
}

FieldView field_of(const StreamState &stream, std::string_view name) {
  if (name == "channel")
    return view(stream.channel);
  if (name == "state")
    return view(stream.state);
  if (name == "started_at")
    return view(stream.started_at);
  if (name == "ended_at")
    return view(stream.ended_at);
  if (name == "healthy")
    return view(stream.healthy);
  return std::monostate{};
}

FieldView field_of(const RecordingState &recording, std::string_view name) {
  if (name == "channel")
    return view(recording.channel);
  if (name == "state")
    return view(recording.state);
  if (name == "reason")
    return view(recording.reason);
  if (name == "stream_ids")
    return view(recording.stream_ids);
  if (name == "started_at")
    return view(recording.started_at);
  if (name == "ended_at")
    return view(recording.ended_at);
  if (name == "duration_ms")
    return view(recording.duration_ms);
  if (name == "s3_prefix")
    return view(recording.s3_prefix);
  if (name == "playlist")
    return view(recording.playlist);
  return std::monostate{};
}

FieldView field_of(const ParticipantRecordingState &recording, std::string_view name) {
  if (name == "state")
    return view(recording.state);
  if (name == "duration_ms")
    return view(recording.duration_ms);
  if (name == "s3_prefix")
    return view(recording.s3_prefix);
  return std::monostate{};
}

FieldView field_of(const ParticipantState &participant, std::string_view name) {
  if (name == "user_id")
    return view(participant.user_id);
  if (name == "publishing")
    return view(participant.publishing);
  return std::monostate{};
}

FieldView field_of(const DestinationState &destination, std::string_view name) {
  if (name == "state")
    return view(destination.state);
  if (name == "reason")
    return view(destination.reason);
  return std::monostate{};
}

FieldView field_of(const CompositionState &composition, std::string_view name) {
  if (name == "stage")
    return view(composition.stage);
  if (name == "state")
    return view(composition.state);
  if (name == "reason")
    return view(composition.reason);
  return std::monostate{};
}

FieldView field_of(const StageSessionState &, std::string_view) { return std::monostate{}; }
FieldView field_of(const StageState &, std::string_view) { return std::monostate{}; }

bool accepts(const Expectation &expectation, const FieldView &actual) {
  if (expectation.is_open())
    return true;
  // Lists mean sets (`stream_ids` is "every stream of the session"): order and repeats are not
  // held against a SUT. A list already sorted and distinct is compared as it is.
  std::vector<std::string> normal;
  FieldView compared = actual;
  if (const auto *list = std::get_if<const std::vector<std::string> *>(&actual);
      list != nullptr && expectation.type == FieldType::text_list &&
      std::adjacent_find((*list)->begin(), (*list)->end(), std::greater_equal<>()) !=
          (*list)->end()) {
    normal = **list;
    std::sort(normal.begin(), normal.end());
    normal.erase(std::unique(normal.begin(), normal.end()), normal.end());
    compared = &normal;
  }
  return std::any_of(expectation.one_of.begin(), expectation.one_of.end(),
                     [&](const FieldValue &value) { return same(value, compared); });
}

Json to_json(const FieldView &actual) {
  return std::visit(
      [](const auto &value) -> Json {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return nullptr;
        else if constexpr (std::is_same_v<T, std::string_view>)
          return std::string(value);
        else if constexpr (std::is_same_v<T, const std::vector<std::string> *>)
          return Json(*value);
        else
          return oracle::to_json(FieldValue(value));
      },
      actual);
}

} // namespace ivsim::oracle::detail

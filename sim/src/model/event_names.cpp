#include "ivsim/event.hpp"

#include <array>
#include <utility>

namespace ivsim {

namespace {

constexpr std::array<std::pair<DetailType, std::string_view>, 9> kDetailTypeTexts{{
    {DetailType::stream_state_change, "IVS Stream State Change"},
    {DetailType::stream_health_change, "IVS Stream Health Change"},
    {DetailType::limit_breach, "IVS Limit Breach"},
    {DetailType::recording_state_change, "IVS Recording State Change"},
    {DetailType::stage_update, "IVS Stage Update"},
    {DetailType::participant_recording_state_change, "IVS Participant Recording State Change"},
    {DetailType::composition_state_change, "IVS Composition State Change"},
    {DetailType::ad_break_state_change, "IVS Ad Break State Change"},
    {DetailType::cloudtrail_api_call, "AWS API Call via CloudTrail"},
}};

constexpr std::array<std::pair<EventName, std::string_view>, 27> kEventNameTexts{{
    {EventName::session_created, "Session Created"},
    {EventName::stream_start, "Stream Start"},
    {EventName::stream_end, "Stream End"},
    {EventName::session_ended, "Session Ended"},
    {EventName::stream_failure, "Stream Failure"},
    {EventName::stream_takeover, "Stream Takeover"},
    {EventName::stream_takeover_failure, "Stream Takeover Failure"},
    {EventName::starvation_start, "Starvation Start"},
    {EventName::starvation_end, "Starvation End"},
    {EventName::recording_start, "Recording Start"},
    {EventName::recording_end, "Recording End"},
    {EventName::recording_start_failure, "Recording Start Failure"},
    {EventName::recording_end_failure, "Recording End Failure"},
    {EventName::participant_published, "Participant Published"},
    {EventName::participant_unpublished, "Participant Unpublished"},
    {EventName::participant_publish_error, "Participant Publish Error"},
    {EventName::participant_replication_start, "Participant Replication Start"},
    {EventName::participant_replication_end, "Participant Replication End"},
    {EventName::token_exchanged, "Token Exchanged"},
    {EventName::session_start, "Session Start"},
    {EventName::session_end, "Session End"},
    {EventName::session_failure, "Session Failure"},
    {EventName::destination_start, "Destination Start"},
    {EventName::destination_end, "Destination End"},
    {EventName::destination_failure, "Destination Failure"},
    {EventName::destination_reconnecting, "Destination Reconnecting"},
    {EventName::ad_break_inserted, "Ad Break Inserted"},
}};

} // namespace

std::string_view to_string(DetailType detail_type) {
  for (const auto &[value, text] : kDetailTypeTexts)
    if (value == detail_type)
      return text;
  return "";
}

std::string_view to_string(EventName name) {
  for (const auto &[value, text] : kEventNameTexts)
    if (value == name)
      return text;
  return "";
}

DetailType detail_type_from_string(std::string_view text) {
  for (const auto &[value, known] : kDetailTypeTexts)
    if (known == text)
      return value;
  return DetailType::unknown;
}

EventName event_name_from_string(std::string_view text) {
  for (const auto &[value, known] : kEventNameTexts)
    if (known == text)
      return value;
  return EventName::unknown;
}

} // namespace ivsim

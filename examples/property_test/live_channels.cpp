// The example reducer: each step says which IVS fact it handles (docs/state-contract.md).
#include "live_channels.hpp"

#include <algorithm>
#include <optional>

namespace live_channels {

namespace {

// Stream State Change lifecycle: Session Created < Stream Start < Stream End / Session Ended,
// with Stream Failure above them all (it replaces Stream Start when capacity is exceeded).
std::optional<int> rank_of(ivsim::EventName name) {
  using ivsim::EventName;
  switch (name) {
  case EventName::session_created:
    return 0;
  case EventName::stream_start:
    return 1;
  case EventName::stream_end:
  case EventName::session_ended:
    return 2;
  case EventName::stream_failure:
    return 3;
  default:
    return std::nullopt; // takeovers carry no state
  }
}

const char *state_of(int rank) {
  static const char *const kStates[] = {"created", "live", "ended", "failed"};
  return kStates[rank];
}

} // namespace

void LiveChannels::apply(const ivsim::Event &event) {
  // A recording event names its channel too: the channel exists, live unknown.
  if (event.detail_type == ivsim::DetailType::recording_state_change)
    channels_.insert(event.resource().str());
  if (event.detail_type != ivsim::DetailType::stream_state_change)
    return;
  const std::optional<int> rank = rank_of(event.name);
  if (!rank)
    return;
  Stream &stream = streams_[event.detail.stream_id.str()];
  stream.channel = event.resource().str();
  channels_.insert(stream.channel);
  // EventBridge does not keep order, and a copy may come hours late: keep the furthest state
  // and the latest event second rather than whatever arrived last.
  stream.rank = mode_ == Mode::by_rank ? std::max(stream.rank, *rank) : *rank;
  stream.latest = std::max(stream.latest, ivsim::floor_to_second(event.effective_time().at));
}

ivsim::oracle::StateDocument LiveChannels::document() const {
  ivsim::oracle::StateDocument document;
  std::map<std::string, const Stream *> current; // per channel
  for (const auto &[id, stream] : streams_) {
    document.streams[id].state = state_of(stream.rank);
    const Stream *&best = current[stream.channel];
    // The current stream has the latest event; IVS times are whole seconds, and in a tie the
    // stream that has not ended is the newer one (a channel streams one stream at a time).
    const auto newer = [](const Stream &a, const Stream &b) {
      return a.latest != b.latest ? a.latest > b.latest : a.rank < 2 && b.rank >= 2;
    };
    if (best == nullptr || newer(stream, *best))
      best = &stream;
  }
  for (const std::string &channel : channels_) {
    const auto found = current.find(channel);
    if (found != current.end())
      document.channels[channel].live = found->second->rank == 1;
    else
      document.channels[channel].live = std::nullopt; // known only from recordings
  }
  return document;
}

} // namespace live_channels

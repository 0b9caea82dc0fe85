// Explicit reorders: swaps of close neighbours, and cross-stream lateness (an event of stream N
// delivered after stream N+1 of the same channel started; it broke every public handler we
// examined).
#include "fault_steps.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace ivsim::sim {

namespace {

using namespace std::chrono_literals;

bool is_channel_lifecycle(const EventFacts &event) {
  return (event.detail_type == DetailType::stream_state_change ||
          event.detail_type == DetailType::recording_state_change) &&
         event.has_stream_id;
}

// The lifecycle events of each stream, streams grouped by channel, all in order of appearance.
struct ChannelStreams {
  std::vector<std::vector<std::vector<std::uint32_t>>> channels;
};

ChannelStreams streams_by_channel(const TimelineFacts &facts) {
  constexpr std::size_t kNone = SIZE_MAX;
  ChannelStreams result;
  std::vector<std::size_t> channel_index(facts.resources, kNone);
  std::vector<std::pair<std::size_t, std::size_t>> stream_index(facts.streams, {kNone, kNone});
  for (std::uint32_t i = 0; i < facts.size(); ++i) {
    if (!is_channel_lifecycle(facts[i]))
      continue;
    auto &stream = stream_index[facts[i].stream];
    if (stream.first == kNone) {
      std::size_t &channel = channel_index[facts[i].resource];
      if (channel == kNone) {
        channel = result.channels.size();
        result.channels.emplace_back();
      }
      auto &streams = result.channels[channel];
      stream = {channel, streams.size()};
      streams.emplace_back();
    }
    result.channels[stream.first][stream.second].push_back(i);
  }
  return result;
}

// When stream N+1 becomes visible: its Stream Start's delivery, else its first delivered event.
std::optional<Instant> visible_at(const TimelineFacts &facts, const std::vector<Delivery> &first,
                                  const std::vector<std::uint32_t> &stream) {
  std::optional<Instant> at;
  for (const std::uint32_t i : stream) {
    if (first[i].dropped)
      continue;
    if (facts[i].name == EventName::stream_start)
      return first[i].deliver_at;
    if (!at)
      at = first[i].deliver_at;
  }
  return at;
}

} // namespace

void swap_neighbours(const TimelineFacts &facts, const FaultOptions &options, Rng &rng,
                     std::vector<Delivery> &first) {
  if (options.swap_probability <= 0)
    return;
  std::vector<std::uint32_t> previous(facts.resources, kNoEvent); // resource -> on-time event
  for (std::uint32_t i = 0; i < facts.size(); ++i) {
    if (!on_time(first[i]))
      continue;
    std::uint32_t &latest = previous[facts[i].resource];
    const std::uint32_t j = std::exchange(latest, i);
    if (j == kNoEvent)
      continue;
    const bool close = facts[i].at - facts[j].at <= options.swap_window;
    if (!close || !rng.chance(options.swap_probability))
      continue;
    // The earlier event goes out just after the later one.
    first[j].deliver_at = std::max(first[i].deliver_at, first[j].deliver_at) + 1ms;
    first[j].faults.add(Fault::swap);
    first[i].faults.add(Fault::swap);
    latest = kNoEvent;
  }
}

void hold_back_across_streams(const TimelineFacts &facts, const FaultOptions &options, Rng &rng,
                              std::vector<Delivery> &first) {
  if (options.cross_stream_probability <= 0)
    return;
  for (const auto &streams : streams_by_channel(facts).channels) {
    // Last pair first: stream N+1's deliveries are final (its own events may have been held
    // back behind N+2) before stream N's event is placed after them.
    for (std::size_t n = streams.size() - 1; n-- > 0;) {
      if (!rng.chance(options.cross_stream_probability))
        continue;
      const std::optional<Instant> next_visible = visible_at(facts, first, streams[n + 1]);
      std::vector<std::uint32_t> victims;
      for (const std::uint32_t i : streams[n])
        if (!first[i].dropped && first[i].group == kNoGroup)
          victims.push_back(i);
      if (!next_visible || victims.empty())
        continue;
      Delivery &victim = first[victims[rng.below(victims.size())]];
      if (victim.deliver_at > *next_visible)
        continue;
      victim.deliver_at = *next_visible + rng.duration_between(1ms, 5s);
      victim.faults.add(Fault::cross_stream);
    }
  }
}

} // namespace ivsim::sim

// Explicit reorders: swaps of close neighbours, and cross-stream lateness (an event of stream N
// delivered after stream N+1 of the same channel started; it broke every public handler we
// examined).
#include "fault_steps.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <utility>

namespace ivsim::sim {

namespace {

using namespace std::chrono_literals;

bool is_channel_lifecycle(const EventFacts &event) {
  return (event.detail_type == DetailType::stream_state_change ||
          event.detail_type == DetailType::recording_state_change) &&
         event.has_stream_id;
}

// The lifecycle events of each stream, streams grouped by channel, all in order of appearance,
// in three flat arrays: a hundred thousand streams as vectors of their own were as many
// allocations, and made the step the scheduler's slowest.
struct ChannelStreams {
  // The lifecycle events, grouped by stream: stream k's are [stream_starts[k], stream_starts[k+1]).
  std::vector<std::uint32_t> events;
  std::vector<std::uint32_t> stream_starts;
  // Streams ranked by channel: channel c's are [channel_starts[c], channel_starts[c + 1]).
  std::vector<std::uint32_t> channel_starts;

  std::size_t channels() const { return channel_starts.size() - 1; }
  std::span<const std::uint32_t> stream(std::size_t k) const {
    return std::span(events).subspan(stream_starts[k], stream_starts[k + 1] - stream_starts[k]);
  }
};

// Turns counts into the start of each part, plus the end: {2, 0, 3} -> {0, 2, 2, 5}.
std::vector<std::uint32_t> starts_of(const std::vector<std::uint32_t> &counts) {
  std::vector<std::uint32_t> starts(counts.size() + 1, 0);
  for (std::size_t i = 0; i < counts.size(); ++i)
    starts[i + 1] = starts[i] + counts[i];
  return starts;
}

ChannelStreams streams_by_channel(const TimelineFacts &facts) {
  // Channels and streams numbered in order of appearance; each stream's channel and size.
  std::vector<std::uint32_t> channel_of_resource(facts.resources, kNoEvent);
  std::vector<std::uint32_t> rank_of_stream(facts.streams, kNoEvent); // appearance, then rank
  std::vector<std::uint32_t> stream_channel, stream_size, channel_size;
  for (std::uint32_t i = 0; i < facts.size(); ++i) {
    if (!is_channel_lifecycle(facts[i]))
      continue;
    std::uint32_t &stream = rank_of_stream[facts[i].stream];
    if (stream == kNoEvent) {
      std::uint32_t &channel = channel_of_resource[facts[i].resource];
      if (channel == kNoEvent) {
        channel = static_cast<std::uint32_t>(channel_size.size());
        channel_size.push_back(0);
      }
      stream = static_cast<std::uint32_t>(stream_channel.size());
      stream_channel.push_back(channel);
      stream_size.push_back(0);
      ++channel_size[channel];
    }
    ++stream_size[stream];
  }
  // Streams ranked by channel, in order of appearance within each.
  ChannelStreams result;
  result.channel_starts = starts_of(channel_size);
  std::vector<std::uint32_t> next_rank(result.channel_starts.begin(),
                                       result.channel_starts.end() - 1);
  std::vector<std::uint32_t> ranked_size(stream_size.size());
  std::vector<std::uint32_t> rank(stream_size.size());
  for (std::uint32_t k = 0; k < stream_size.size(); ++k) {
    rank[k] = next_rank[stream_channel[k]]++;
    ranked_size[rank[k]] = stream_size[k];
  }
  result.stream_starts = starts_of(ranked_size);
  std::vector<std::uint32_t> next_slot(result.stream_starts.begin(),
                                       result.stream_starts.end() - 1);
  result.events.resize(result.stream_starts.back());
  for (std::uint32_t i = 0; i < facts.size(); ++i)
    if (is_channel_lifecycle(facts[i]))
      result.events[next_slot[rank[rank_of_stream[facts[i].stream]]]++] = i;
  return result;
}

// When stream N+1 becomes visible: its Stream Start's delivery, else its first delivered event.
std::optional<Instant> visible_at(const TimelineFacts &facts, const std::vector<Delivery> &first,
                                  std::span<const std::uint32_t> stream) {
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
  const ChannelStreams streams = streams_by_channel(facts);
  for (std::size_t channel = 0; channel < streams.channels(); ++channel) {
    const std::size_t begin = streams.channel_starts[channel];
    // Last pair first: stream N+1's deliveries are final (its own events may have been held
    // back behind N+2) before stream N's event is placed after them.
    for (std::size_t n = streams.channel_starts[channel + 1] - 1; n-- > begin;) {
      if (!rng.chance(options.cross_stream_probability))
        continue;
      const std::optional<Instant> next_visible = visible_at(facts, first, streams.stream(n + 1));
      std::vector<std::uint32_t> victims;
      for (const std::uint32_t i : streams.stream(n))
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

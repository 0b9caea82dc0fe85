// Concurrent groups: same-second start or end events of one broadcast go out at once, the way
// two Lambda invocations race in production.
#include "fault_steps.hpp"

#include <algorithm>

namespace ivsim::sim {

namespace {

enum class Phase { none, start, end };

Phase phase_of(const EventFacts &event) {
  if (event.detail_type == DetailType::stream_state_change) {
    if (event.name == EventName::session_created || event.name == EventName::stream_start)
      return Phase::start;
    if (event.name == EventName::session_ended || event.name == EventName::stream_end)
      return Phase::end;
  }
  if (event.detail_type == DetailType::recording_state_change &&
      event.name == EventName::recording_start)
    return Phase::start;
  return Phase::none;
}

// Members are linked through Candidates::next in event order, so a candidate allocates nothing.
struct Candidate {
  Instant second{};
  Phase phase = Phase::none;
  std::uint32_t first = kNoEvent;
  std::uint32_t last = kNoEvent;
  std::uint32_t size = 0;
};

struct Candidates {
  std::vector<Candidate> found;
  std::vector<std::uint32_t> next; // per event: the next member of its candidate
};

// Same-second, same-phase, on-time events of one stream, in event order.
Candidates candidates(const TimelineFacts &facts, const std::vector<Delivery> &first) {
  Candidates result;
  result.next.assign(facts.size(), kNoEvent);
  std::vector<std::uint32_t> open(facts.streams, kNoEvent); // stream -> its latest candidate
  for (std::uint32_t i = 0; i < facts.size(); ++i) {
    const Phase phase = phase_of(facts[i]);
    if (phase == Phase::none || !on_time(first[i]))
      continue;
    const Instant second = floor_to_second(facts[i].at);
    std::uint32_t &latest = open[facts[i].stream];
    if (latest != kNoEvent && result.found[latest].second == second &&
        result.found[latest].phase == phase) {
      Candidate &candidate = result.found[latest];
      result.next[candidate.last] = i;
      candidate.last = i;
      ++candidate.size;
      continue;
    }
    latest = static_cast<std::uint32_t>(result.found.size());
    result.found.push_back({second, phase, i, i, 1});
  }
  return result;
}

} // namespace

void form_groups(const TimelineFacts &facts, const FaultOptions &options, Rng &rng,
                 std::vector<Delivery> &first, std::vector<std::uint32_t> &anchors) {
  if (options.group_probability <= 0)
    return;
  const Candidates all = candidates(facts, first);
  std::uint32_t next_group = kNoGroup;
  for (const Candidate &candidate : all.found) {
    if (candidate.size < 2 || !rng.chance(options.group_probability))
      continue;
    ++next_group;
    Instant at{};
    for (std::uint32_t member = candidate.first; member != kNoEvent; member = all.next[member])
      at = std::max(at, facts[member].at);
    if (options.latency_max > Duration::zero())
      at += rng.duration_between(Duration::zero(), options.latency_max);
    for (std::uint32_t member = candidate.first; member != kNoEvent; member = all.next[member]) {
      first[member].deliver_at = at;
      first[member].group = next_group;
      first[member].faults.add(Fault::group);
      anchors[member] = candidate.first;
    }
  }
}

} // namespace ivsim::sim

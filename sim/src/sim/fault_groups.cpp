// Concurrent groups: same-second start or end events of one broadcast go out at once, the way
// two Lambda invocations race in production.
#include "fault_steps.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace ivsim::sim {

namespace {

enum class Phase { none, start, end };

Phase phase_of(const Event &event) {
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

struct Candidate {
  Instant second{};
  Phase phase = Phase::none;
  std::vector<std::uint32_t> members;
};

bool on_time(const Delivery &delivery) { return !delivery.dropped && delivery.faults.empty(); }

// Same-second, same-phase, on-time events of one stream, in event order.
std::vector<Candidate> candidates(const std::vector<Event> &events,
                                  const std::vector<Delivery> &first) {
  std::vector<Candidate> found;
  std::unordered_map<std::string_view, std::size_t> open; // stream id -> candidate
  for (std::uint32_t i = 0; i < events.size(); ++i) {
    const Phase phase = phase_of(events[i]);
    if (phase == Phase::none || !on_time(first[i]))
      continue;
    const Instant second = floor_to_second(events[i].effective_time().at);
    const auto it = open.find(events[i].detail.stream_id);
    if (it != open.end() && found[it->second].second == second &&
        found[it->second].phase == phase) {
      found[it->second].members.push_back(i);
      continue;
    }
    open[events[i].detail.stream_id] = found.size();
    found.push_back({second, phase, {i}});
  }
  return found;
}

} // namespace

void form_groups(const std::vector<Event> &events, const FaultOptions &options, Rng &rng,
                 std::vector<Delivery> &first, std::vector<std::uint32_t> &anchors) {
  if (options.group_probability <= 0)
    return;
  std::uint32_t next_group = kNoGroup;
  for (const Candidate &candidate : candidates(events, first)) {
    if (candidate.members.size() < 2 || !rng.chance(options.group_probability))
      continue;
    ++next_group;
    Instant at{};
    for (const std::uint32_t member : candidate.members)
      at = std::max(at, events[member].effective_time().at);
    if (options.latency_max > Duration::zero())
      at += rng.duration_between(Duration::zero(), options.latency_max);
    for (const std::uint32_t member : candidate.members) {
      first[member].deliver_at = at;
      first[member].group = next_group;
      first[member].faults.add(Fault::group);
      anchors[member] = candidate.members.front();
    }
  }
}

} // namespace ivsim::sim

// Delivery times of first copies (drop, ordinary latency, late tail) and of duplicates.
#include "fault_steps.hpp"
#include "huge_pages.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace ivsim::sim {

namespace {

using namespace std::chrono_literals;

constexpr std::size_t kDetailTypes = static_cast<std::size_t>(DetailType::unknown) + 1;
constexpr std::size_t kEventNames = static_cast<std::size_t>(EventName::unknown) + 1;

// The drop probability of every (detail type, event name), resolved once: an event name in
// drop_by_kind wins over its detail type, which wins over drop_probability.
class DropTable {
public:
  explicit DropTable(const FaultOptions &options) {
    for (std::size_t type = 0; type < kDetailTypes; ++type) {
      const auto detail_type = static_cast<DetailType>(type);
      const double by_type = lookup(options, to_string(detail_type), options.drop_probability);
      for (std::size_t name = 0; name < kEventNames; ++name)
        table_[type][name] = lookup(options, to_string(static_cast<EventName>(name)), by_type);
    }
  }

  double probability(const EventFacts &event) const {
    return table_[static_cast<std::size_t>(event.detail_type)]
                 [static_cast<std::size_t>(event.name)];
  }

private:
  static double lookup(const FaultOptions &options, std::string_view kind, double otherwise) {
    if (kind.empty())
      return otherwise;
    const auto it = options.drop_by_kind.find(std::string(kind));
    return it == options.drop_by_kind.end() ? otherwise : it->second;
  }

  std::array<std::array<double, kEventNames>, kDetailTypes> table_{};
};

// Room for the duplicates add_duplicates will likely append (their mean plus six standard
// deviations): without it, the first one would move every delivery into a vector twice the size.
std::size_t room_for_duplicates(std::size_t events, const FaultOptions &options) {
  const double mean =
      static_cast<double>(events) * std::clamp(options.duplicate_probability, 0.0, 1.0);
  return static_cast<std::size_t>(mean + 6 * std::sqrt(mean) + 16);
}

} // namespace

std::vector<Delivery> first_copies(const TimelineFacts &facts, const FaultOptions &options,
                                   Rng &rng) {
  const DropTable drops(options);
  // The late tail is log-uniform, so a zero late_min is read as one microsecond.
  const Duration late_min = std::max(options.late_min, Duration{1});
  const Duration late_max = std::max(late_min, options.late_max);
  std::vector<Delivery> deliveries;
  reserve_huge(deliveries, facts.size() + room_for_duplicates(facts.size(), options));
  deliveries.resize(facts.size());
  for (std::uint32_t i = 0; i < facts.size(); ++i) {
    Delivery &delivery = deliveries[i];
    delivery.event = i;
    delivery.deliver_at = facts[i].at;
    if (rng.chance(drops.probability(facts[i]))) {
      // IVS stops retrying after hours: the event never arrives.
      delivery.dropped = true;
      delivery.faults = Fault::drop;
    } else if (rng.chance(options.late_probability)) {
      // "Events up to a few hours old" (IVS EventBridge docs): a long, thin tail.
      delivery.deliver_at += rng.log_uniform(late_min, late_max);
      delivery.faults = Fault::delay;
    } else if (options.latency_max > Duration::zero()) {
      delivery.deliver_at += rng.duration_between(Duration::zero(), options.latency_max);
    }
  }
  return deliveries;
}

void add_duplicates(const FaultOptions &options, Rng &rng, std::vector<Delivery> &deliveries) {
  if (options.duplicate_probability <= 0)
    return;
  // EventBridge and Lambda deliver at least once: a copy with the same id, possibly hours later.
  const Duration delay_max = std::max<Duration>(options.duplicate_delay_max, 1s);
  const std::size_t originals = deliveries.size();
  for (std::size_t i = 0; i < originals; ++i) {
    if (deliveries[i].dropped || !rng.chance(options.duplicate_probability))
      continue;
    Delivery copy = deliveries[i];
    copy.copy = 1;
    copy.group = kNoGroup;
    copy.faults = Fault::duplicate;
    copy.deliver_at += rng.log_uniform(std::min<Duration>(1s, delay_max), delay_max);
    deliveries.push_back(copy);
  }
}

} // namespace ivsim::sim

#include "ivsim/sim/world.hpp"

#include "event_sink.hpp"
#include "world_parts.hpp"

namespace ivsim::sim {

SortedTimeline generate_world(const WorldOptions &options, std::uint64_t seed) {
  EventSink sink(options);
  // One sub-stream per channel and per stage: adding a channel never reshuffles the others.
  for (std::uint32_t i = 0; i < options.channels; ++i) {
    Rng rng(sub_seed(seed, Stream::channel, i));
    generate_channel(options, rng, sink);
  }
  for (std::uint32_t i = 0; i < options.stages; ++i) {
    Rng rng(sub_seed(seed, Stream::stage, i));
    generate_stage(options, rng, sink);
  }
  Rng account_rng(sub_seed(seed, Stream::account));
  generate_account_noise(options, account_rng, sink);
  return sink.take_sorted();
}

std::vector<Event> generate_timeline(const WorldOptions &options, std::uint64_t seed) {
  return generate_world(options, seed).events;
}

} // namespace ivsim::sim

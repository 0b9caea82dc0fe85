// The world's independent parts; each draws only from the Rng it is given.
#pragma once

#include "event_sink.hpp"
#include "random.hpp"

#include "ivsim/sim/world.hpp"

namespace ivsim::sim {

/// generate_timeline(), with the facts the fault scheduler needs (generate() passes them on).
SortedTimeline generate_world(const WorldOptions &options, std::uint64_t seed);

/// One low-latency channel broadcasting again and again from `options.start` on.
void generate_channel(const WorldOptions &options, Rng &rng, EventSink &sink);

/// One real-time stage: sessions, participants, individual recordings and compositions.
void generate_stage(const WorldOptions &options, Rng &rng, EventSink &sink);

/// Account-level events: Concurrent Broadcasts/Viewers limit breaches and CloudTrail noise.
void generate_account_noise(const WorldOptions &options, Rng &rng, EventSink &sink);

} // namespace ivsim::sim

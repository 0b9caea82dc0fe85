// An example of a team's own reducer: IVS events in, "which channels are live and what state is
// each stream in" out, the state a Lambda handler would keep in a table.
#pragma once

#include "ivsim/event.hpp"
#include "ivsim/oracle/state_document.hpp"

#include <map>
#include <set>
#include <string>

namespace live_channels {

/// How the reducer decides a stream's state.
enum class Mode {
  by_rank,             ///< the furthest state any event reached (correct: delivery order lies)
  last_delivered_wins, ///< the state of the last event delivered (the classic bug)
};

/// Reduces delivered events, in any order and with duplicates, to channel and stream state.
class LiveChannels {
public:
  explicit LiveChannels(Mode mode = Mode::by_rank) : mode_(mode) {}

  /// Applies one delivered event; events this reducer does not track are ignored.
  void apply(const ivsim::Event &event);

  /// The state in ivsim's canonical document shape: `channels.*.live` and `streams.*.state`.
  ivsim::oracle::StateDocument document() const;

private:
  struct Stream {
    std::string channel;
    int rank = 0;            // 0 created, 1 live, 2 ended, 3 failed
    ivsim::Instant latest{}; // the latest second of the stream's events
  };

  Mode mode_;
  std::map<std::string, Stream> streams_;
  std::set<std::string> channels_;
};

} // namespace live_channels

// The shape of the canonical state document, as field paths name it (docs/state-contract.md).
#include "ivsim/state_paths.hpp"

#include "ivsim/edit_distance.hpp"

#include <algorithm>
#include <vector>

namespace ivsim {

namespace {

// The contract's shape: each collection's fields and nested collections.
struct Kind {
  std::string_view collection;
  std::vector<std::string_view> fields;
  std::vector<const Kind *> children;
};

const Kind kParticipantRecordings{"recordings", {"state", "duration_ms", "s3_prefix"}, {}};
const Kind kParticipants{"participants", {"user_id", "publishing"}, {&kParticipantRecordings}};
const Kind kSessions{"sessions", {}, {&kParticipants}};
const Kind kDestinations{"destinations", {"state", "reason"}, {}};
const Kind kChannels{"channels", {"name", "live", "stream_id", "recording"}, {}};
const Kind kStreams{"streams", {"channel", "state", "started_at", "ended_at", "healthy"}, {}};
const Kind kRecordings{"recordings",
                       {"channel", "state", "reason", "stream_ids", "started_at", "ended_at",
                        "duration_ms", "s3_prefix", "playlist"},
                       {}};
const Kind kStages{"stages", {}, {&kSessions}};
const Kind kCompositions{"compositions", {"stage", "state", "reason"}, {&kDestinations}};
const std::vector<const Kind *> kTopLevel = {&kChannels, &kStreams, &kRecordings, &kStages,
                                             &kCompositions};

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('.', start);
    out.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos)
      return out;
    start = end + 1;
  }
}

std::string quoted_list(const std::vector<const Kind *> &kinds) {
  std::string out;
  for (const Kind *kind : kinds)
    out += (out.empty() ? "\"" : ", \"") + std::string(kind->collection) + "\"";
  return out;
}

// The names that may follow a key of `kind`: its fields, then its nested collections.
std::vector<std::string_view> names_under(const Kind &kind) {
  std::vector<std::string_view> names = kind.fields;
  for (const Kind *child : kind.children)
    names.push_back(child->collection);
  return names;
}

bool contains(const std::vector<std::string_view> &names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string got(std::string_view segment) { return ", got \"" + std::string(segment) + "\""; }

} // namespace

std::optional<std::string> field_path_problem(std::string_view path) {
  const std::vector<std::string_view> segments = split(path);
  if (std::none_of(kTopLevel.begin(), kTopLevel.end(),
                   [&](const Kind *kind) { return kind->collection == segments[0]; }))
    return "expected a field path starting with one of " + quoted_list(kTopLevel) + got(path);
  std::vector<const Kind *> kinds = kTopLevel;
  const Kind *current = nullptr;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string_view segment = segments[i];
    const bool last = i + 1 == segments.size();
    if (i % 2 == 1) { // a key of `current`
      if (segment.empty())
        return "expected a key of " + std::string(current->collection) + " or *" + got(segment);
      if (last && contains(names_under(*current), segment))
        return "expected a key of " + std::string(current->collection) + " or * before \"" +
               std::string(segment) + "\" (write " + std::string(path.substr(0, path.rfind('.'))) +
               ".*." + std::string(segment) + ")" + got(segment);
      continue;
    }
    const auto kind = std::find_if(kinds.begin(), kinds.end(),
                                   [&](const Kind *k) { return k->collection == segment; });
    if (kind != kinds.end()) {
      current = *kind;
      kinds = current->children;
      continue;
    }
    if (!contains(current->fields, segment))
      return "expected a field of " + std::string(current->collection) + " (" +
             comma_separated(names_under(*current)) + ")" + got(segment);
    if (!last)
      return "expected the path to end at the field \"" + std::string(segment) + "\"" +
             got(segments[i + 1]);
  }
  return std::nullopt;
}

} // namespace ivsim

// Scope paths, validated against the contract's shape so a typo is an error, not an empty check.
#include "ivsim/oracle/scope.hpp"

#include "ivsim/error.hpp"

#include <algorithm>

namespace ivsim::oracle {

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
const Kind kTopLevel[] = {
    {"channels", {"name", "live", "stream_id", "recording"}, {}},
    {"streams", {"channel", "state", "started_at", "ended_at", "healthy"}, {}},
    {"recordings",
     {"channel", "state", "reason", "stream_ids", "started_at", "ended_at", "duration_ms",
      "s3_prefix", "playlist"},
     {}},
    {"stages", {}, {&kSessions}},
    {"compositions", {"stage", "state", "reason"}, {&kDestinations}},
};

std::string join(const std::vector<std::string_view> &names) {
  std::string out;
  for (const std::string_view name : names)
    out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos)
      return out;
    start = end + 1;
  }
}

[[noreturn]] void fail(const std::string &path, const std::string &expected,
                       const std::string &got) {
  throw InputError("scope \"" + path + "\": expected " + expected + ", got \"" + got + "\"");
}

// Checks that `segments` follow the contract's shape: collection, key, then a field or a nested
// collection, and so on.
void validate(const std::string &path, const std::vector<std::string> &segments) {
  std::vector<const Kind *> kinds;
  for (const Kind &kind : kTopLevel)
    kinds.push_back(&kind);
  const Kind *current = nullptr;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string &segment = segments[i];
    if (i % 2 == 1) {
      if (segment.empty())
        fail(path, "a key of " + std::string(current->collection) + " or *", segment);
      continue;
    }
    const auto kind = std::find_if(kinds.begin(), kinds.end(),
                                   [&](const Kind *k) { return k->collection == segment; });
    if (kind != kinds.end()) {
      current = *kind;
      kinds = current->children;
      continue;
    }
    if (current == nullptr) {
      std::vector<std::string_view> names;
      for (const Kind &k : kTopLevel)
        names.push_back(k.collection);
      fail(path, "one of " + join(names), segment);
    }
    const bool is_field =
        std::find(current->fields.begin(), current->fields.end(), segment) != current->fields.end();
    if (!is_field || i + 1 != segments.size()) {
      std::vector<std::string_view> names = current->fields;
      for (const Kind *child : current->children)
        names.push_back(child->collection);
      fail(path, "a field of " + std::string(current->collection) + " (" + join(names) + ")",
           segment);
    }
  }
}

bool segment_matches(const std::string &pattern, const std::string &segment) {
  return pattern == "*" || pattern == segment;
}

} // namespace

Scope::Scope(const std::vector<std::string> &paths) {
  for (const std::string &path : paths) {
    std::vector<std::string> segments = split(path, '.');
    validate(path, segments);
    patterns_.push_back(std::move(segments));
  }
}

Scope Scope::parse(std::string_view comma_separated) {
  std::vector<std::string> paths;
  for (std::string &path : split(comma_separated, ','))
    if (!path.empty())
      paths.push_back(std::move(path));
  return Scope(paths);
}

bool Scope::touches(const std::vector<std::string> &path) const {
  if (patterns_.empty())
    return true;
  return std::any_of(patterns_.begin(), patterns_.end(), [&](const auto &pattern) {
    const std::size_t n = std::min(pattern.size(), path.size());
    for (std::size_t i = 0; i < n; ++i)
      if (!segment_matches(pattern[i], path[i]))
        return false;
    return true;
  });
}

bool Scope::covers(const std::vector<std::string> &path) const {
  if (patterns_.empty())
    return true;
  return std::any_of(patterns_.begin(), patterns_.end(), [&](const auto &pattern) {
    if (pattern.size() > path.size())
      return false;
    for (std::size_t i = 0; i < pattern.size(); ++i)
      if (!segment_matches(pattern[i], path[i]))
        return false;
    return true;
  });
}

std::vector<std::string> Scope::paths() const {
  std::vector<std::string> out;
  for (const auto &pattern : patterns_) {
    std::string path;
    for (const std::string &segment : pattern)
      path += (path.empty() ? "" : ".") + segment;
    out.push_back(std::move(path));
  }
  return out;
}

std::string Scope::to_string() const {
  if (patterns_.empty())
    return "everything";
  std::string out;
  for (const std::string &path : paths())
    out += (out.empty() ? "" : ",") + path;
  return out;
}

} // namespace ivsim::oracle

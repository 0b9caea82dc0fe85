// Field-by-field comparison of a SUT's document with the expectation.
#include "ivsim/oracle/check.hpp"

#include "field_view.hpp"
#include "ivsim/oracle/state_document.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <variant>

namespace ivsim::oracle {

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
  case Verdict::pass:
    return "pass";
  case Verdict::fail:
    return "fail";
  case Verdict::unknown:
    return "unknown";
  }
  return "unknown";
}

std::string_view to_string(DivergenceKind kind) {
  switch (kind) {
  case DivergenceKind::wrong_value:
    return "wrong value";
  case DivergenceKind::missing:
    return "missing";
  case DivergenceKind::unexpected:
    return "unexpected";
  }
  return "unknown";
}

namespace {

// Which of an entity's events bear on one field: health events decide only `healthy`, stage
// updates only `publishing` and `user_id`; everything else is decided by the entity's own
// lifecycle events.
bool bears_on(std::string_view field, const Event &event) {
  if (event.detail_type == DetailType::stream_health_change)
    return field == "healthy";
  // A health event that arrived before its stream's first lifecycle event is still the stream's
  // (rule 5): handlers that drop it are the usual reason `healthy` is wrong, and the lifecycle
  // events' delivery order shows it.
  if (field == "healthy")
    return event.detail_type == DetailType::stream_state_change;
  if (field == "publishing" || field == "user_id")
    return event.detail_type == DetailType::stage_update;
  return true;
}

// The nested collection `name` of a typed entity, passed to `visit`; entities without nested
// collections have none to pass.
template <typename Entity, typename Visit>
void with_child(const Entity &, std::string_view, Visit &&) {}
template <typename Visit>
void with_child(const StageState &stage, std::string_view name, Visit &&visit) {
  if (name == "sessions")
    visit(stage.sessions);
}
template <typename Visit>
void with_child(const StageSessionState &session, std::string_view name, Visit &&visit) {
  if (name == "participants")
    visit(session.participants);
}
template <typename Visit>
void with_child(const ParticipantState &participant, std::string_view name, Visit &&visit) {
  if (name == "recordings")
    visit(participant.recordings);
}
template <typename Visit>
void with_child(const CompositionState &composition, std::string_view name, Visit &&visit) {
  if (name == "destinations")
    visit(composition.destinations);
}

// The top-level collection `name` of the document, passed to `visit`.
template <typename Visit>
void with_collection(const StateDocument &document, std::string_view name, Visit &&visit) {
  if (name == "channels")
    visit(document.channels);
  else if (name == "streams")
    visit(document.streams);
  else if (name == "recordings")
    visit(document.recordings);
  else if (name == "stages")
    visit(document.stages);
  else if (name == "compositions")
    visit(document.compositions);
}

// Walks the expectation and the SUT's typed document side by side. Both collections are sorted
// by key, so one merge pass pairs their entities; no JSON is built unless a field diverges.
class Checker {
  static constexpr std::ptrdiff_t kKeyAhead = 4;

public:
  Checker(const Expected &expected, const Scope &scope, Report &report)
      : expected_(expected), scope_(scope), report_(report) {}

  template <typename Entity>
  void collection(const ExpectedCollection &expected, const std::map<std::string, Entity> &actual,
                  std::vector<std::string> &path) {
    const bool top_level = path.size() == 1;
    // Unexpected entities are reported after the expected ones, but counted as checked in key
    // order, so the checked list needs no sorting.
    std::vector<const std::string *> unexpected;
    const auto note_unexpected = [&](const std::string &key) {
      path.push_back(key);
      if (scope_.touches(path)) {
        unexpected.push_back(&key);
        if (top_level)
          report_.checked_entities.push_back(path);
      }
      path.pop_back();
    };
    auto it = actual.begin();
    for (auto at = expected.begin(); at != expected.end(); ++at) {
      // The keys are the events' texts, scattered over the heap: load a few ahead.
      if (expected.end() - at > kKeyAhead)
        __builtin_prefetch(at[kKeyAhead].first.identity());
      const auto &[key, entity] = *at;
      for (; it != actual.end() && it->first < key; ++it)
        note_unexpected(it->first);
      const bool found = it != actual.end() && it->first == key;
      path.push_back(key);
      if (scope_.touches(path))
        expected_entity(entity, found ? &it->second : nullptr, path, top_level);
      path.pop_back();
      if (found)
        ++it;
    }
    for (; it != actual.end(); ++it)
      note_unexpected(it->first);
    for (const std::string *key : unexpected) {
      path.push_back(*key);
      report_.divergences.push_back({DivergenceKind::unexpected, path, "absent", "present", {}});
      path.pop_back();
    }
  }

private:
  template <typename Entity>
  void expected_entity(const ExpectedEntity &entity, const Entity *actual,
                       std::vector<std::string> &path, bool top_level) {
    if (actual == nullptr && entity.may_be_absent)
      return;
    if (top_level)
      report_.checked_entities.push_back(path);
    if (actual == nullptr) {
      report_.divergences.push_back(
          {DivergenceKind::missing, path, "present", "absent", evidence_of_subtree(entity)});
      return;
    }
    for (const ExpectedField &field : entity.fields) {
      path.emplace_back(field.name);
      if (scope_.covers(path))
        compare_field(entity, field, detail::field_of(*actual, field.name), path);
      path.pop_back();
    }
    for (const auto &[name, child] : entity.children) {
      path.emplace_back(name);
      if (scope_.touches(path))
        // An init-capture, because clang 14 cannot capture a structured binding (P1091).
        with_child(*actual, name,
                   [&, &child = child](const auto &map) { collection(child, map, path); });
      path.pop_back();
    }
  }

  void compare_field(const ExpectedEntity &entity, const ExpectedField &field,
                     const detail::FieldView &actual, const std::vector<std::string> &path) {
    ++report_.fields_checked;
    if (detail::accepts(field.expectation, actual))
      return;
    const DivergenceKind kind = std::holds_alternative<std::monostate>(actual)
                                    ? DivergenceKind::missing
                                    : DivergenceKind::wrong_value;
    std::vector<EvidenceEvent> events = evidence(entity, field.name);
    if (path.front() == "channels")
      add_late_events_of_other_members(path[1], field.name, events);
    report_.divergences.push_back(
        {kind, path, field.expectation.to_json(), detail::to_json(actual), std::move(events)});
  }

  // A channel's `live`, `stream_id` and `recording` are decided by its current stream (or
  // recording session), whose events are the evidence. The usual cause of a wrong answer is
  // another stream's event that arrived after the current one began (a late Stream End of the
  // previous broadcast), so those join the evidence too, in delivery order.
  void add_late_events_of_other_members(const std::string &channel, std::string_view field,
                                        std::vector<EvidenceEvent> &events) {
    const DetailType kind =
        field == "recording" ? DetailType::recording_state_change : DetailType::stream_state_change;
    if ((field != "live" && field != "stream_id" && field != "recording") || events.empty())
      return;
    const std::uint32_t current_began = events.front().order;
    std::set<std::string_view> listed;
    for (const EvidenceEvent &event : events)
      listed.insert(event.id);
    std::vector<EvidenceEvent> late;
    for (const std::uint32_t index : lifecycle_events_of(channel)) {
      const Acknowledged &ack = expected_.events[index];
      if (ack.event->detail_type != kind || ack.order <= current_began ||
          listed.count(ack.event->id.view()) != 0)
        continue;
      late.push_back(evidence_event(ack));
    }
    events.insert(events.end(), late.begin(), late.end());
    std::sort(events.begin(), events.end(),
              [](const EvidenceEvent &a, const EvidenceEvent &b) { return a.order < b.order; });
  }

  // The acknowledged stream and recording state events of `channel`, indexed on first use: only
  // a diverging channel field needs them.
  const std::vector<std::uint32_t> &lifecycle_events_of(const std::string &channel) {
    if (!by_channel_) {
      by_channel_.emplace();
      for (std::uint32_t i = 0; i < expected_.events.size(); ++i) {
        const Event &event = *expected_.events[i].event;
        if (event.detail_type == DetailType::stream_state_change ||
            event.detail_type == DetailType::recording_state_change)
          (*by_channel_)[event.resource().view()].push_back(i);
      }
    }
    static const std::vector<std::uint32_t> kNone;
    const auto found = by_channel_->find(channel);
    return found == by_channel_->end() ? kNone : found->second;
  }

  static EvidenceEvent evidence_event(const Acknowledged &ack) {
    const EventTime time = ack.event->effective_time();
    return {ack.event->id, describe(*ack.event), format_rfc3339(time.at, time.resolution),
            ack.order,     ack.faults,           ack.indeterminate};
  }

  std::vector<EvidenceEvent> evidence(const ExpectedEntity &entity, std::string_view field) const {
    std::vector<EvidenceEvent> out;
    for (const std::uint32_t index : entity.evidence) {
      const Acknowledged &ack = expected_.events[index];
      if (!field.empty() && !bears_on(field, *ack.event))
        continue;
      out.push_back(evidence_event(ack));
    }
    std::sort(out.begin(), out.end(),
              [](const EvidenceEvent &a, const EvidenceEvent &b) { return a.order < b.order; });
    return out;
  }

  // A missing entity's evidence: the events of it and of everything nested in it (a stage's own
  // list is empty: its sessions' participants hold the events that created it).
  std::vector<EvidenceEvent> evidence_of_subtree(const ExpectedEntity &entity) const {
    std::set<std::uint32_t> indices;
    collect_evidence(entity, indices);
    std::vector<EvidenceEvent> out;
    for (const std::uint32_t index : indices)
      out.push_back(evidence_event(expected_.events[index]));
    std::sort(out.begin(), out.end(),
              [](const EvidenceEvent &a, const EvidenceEvent &b) { return a.order < b.order; });
    return out;
  }

  static void collect_evidence(const ExpectedEntity &entity, std::set<std::uint32_t> &out) {
    out.insert(entity.evidence.begin(), entity.evidence.end());
    for (const auto &[name, children] : entity.children)
      for (const auto &[key, child] : children)
        collect_evidence(child, out);
  }

  const Expected &expected_;
  const Scope &scope_;
  Report &report_;
  std::optional<std::map<std::string_view, std::vector<std::uint32_t>, std::less<>>> by_channel_;
};

// Lists, under `path`, where the expectation and the truth disagree.
void compare_with_truth(const ExpectedCollection *expected, const ExpectedCollection &truth,
                        const Scope &scope, std::vector<std::string> &path,
                        std::vector<LostField> &out) {
  for (const auto &[key, truth_entity] : truth) {
    path.push_back(key);
    const ExpectedEntity *entity = nullptr;
    if (expected != nullptr)
      if (const auto it = expected->find(key); it != expected->end())
        entity = &it->second;
    if (!scope.touches(path)) {
      path.pop_back();
      continue;
    }
    if (entity == nullptr) {
      out.push_back({path, "absent", "present"});
      path.pop_back();
      continue;
    }
    for (const ExpectedField &field : truth_entity.fields) {
      path.emplace_back(field.name);
      const ExpectedField *mine = entity->field(field.name);
      if (scope.covers(path) && mine != nullptr && mine->expectation != field.expectation)
        out.push_back({path, mine->expectation.to_json(), field.expectation.to_json()});
      path.pop_back();
    }
    for (const auto &[name, child] : truth_entity.children) {
      path.emplace_back(name);
      compare_with_truth(entity->find_child(name), child, scope, path, out);
      path.pop_back();
    }
    path.pop_back();
  }
}

// The entities checked in one top-level collection: `entities[first]` to `entities[last]`, sorted.
struct CheckedBlock {
  std::string_view collection;
  std::size_t first = 0;
  std::size_t last = 0;
};

// Each block is sorted by key, so ordering the blocks by collection name sorts the whole list.
void sort_blocks(std::vector<std::vector<std::string>> &entities,
                 std::vector<CheckedBlock> blocks) {
  std::sort(blocks.begin(), blocks.end(), [](const CheckedBlock &a, const CheckedBlock &b) {
    return a.collection < b.collection;
  });
  std::vector<std::vector<std::string>> sorted;
  sorted.reserve(entities.size());
  for (const CheckedBlock &block : blocks)
    std::move(entities.begin() + static_cast<std::ptrdiff_t>(block.first),
              entities.begin() + static_cast<std::ptrdiff_t>(block.last),
              std::back_inserter(sorted));
  entities = std::move(sorted);
}

} // namespace

Report check(const Expected &expected, const StateDocument &actual, const Scope &scope,
             const Expected *truth) {
  Report report;
  report.scope = scope.to_string();
  // Surely acknowledged only (docs/reports.md): an event whose acknowledgement was lost may or
  // may not have been applied.
  report.events_acknowledged = static_cast<std::size_t>(
      std::count_if(expected.events.begin(), expected.events.end(),
                    [](const Acknowledged &event) { return !event.indeterminate; }));
  Checker checker(expected, scope, report);
  std::vector<std::string> path;
  std::vector<CheckedBlock> blocks;
  for (const auto &[name, collection] : expected.collections) {
    path.emplace_back(name);
    const std::size_t first = report.checked_entities.size();
    if (scope.touches(path))
      with_collection(actual, name, [&, &collection = collection](const auto &map) {
        checker.collection(collection, map, path);
      });
    blocks.push_back({name, first, report.checked_entities.size()});
    if (truth != nullptr)
      compare_with_truth(&collection, truth->collection(name), scope, path, report.lost_to_faults);
    path.pop_back();
  }
  sort_blocks(report.checked_entities, blocks);
  report.verdict = report.divergences.empty() ? Verdict::pass : Verdict::fail;
  return report;
}

Report unknown_report(std::string reason) {
  Report report;
  report.verdict = Verdict::unknown;
  report.unknown_reason = std::move(reason);
  return report;
}

namespace {

bool is_plain_word(const std::string &key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

} // namespace

std::string format_path(const std::vector<std::string> &path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const bool is_key = i % 2 == 1; // collection, key, field or collection, key, ...
    if (is_key && !is_plain_word(path[i]))
      out += "[" + Json(path[i]).dump() + "]";
    else
      out += (i == 0 ? "" : ".") + path[i];
  }
  return out;
}

std::string format_pointer(const std::vector<std::string> &path) {
  std::string out;
  for (const std::string &segment : path)
    out += "/" + escape_pointer_token(segment);
  return out;
}

} // namespace ivsim::oracle

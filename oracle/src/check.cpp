// Field-by-field comparison of a SUT's document with the expectation.
#include "ivsim/oracle/check.hpp"

#include "ivsim/oracle/state_document.hpp"

#include <algorithm>
#include <unordered_map>

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

const Json kEmptyObject = Json::object();

const Json &member(const Json &object, const std::string &key) {
  static const Json kNull;
  if (!object.is_object())
    return kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

// Which of an entity's events bear on one field: health events decide only `healthy`, stage
// updates only `publishing` and `user_id`; everything else is decided by the entity's own
// lifecycle events.
bool bears_on(std::string_view field, const Event &event) {
  if (event.detail_type == DetailType::stream_health_change)
    return field == "healthy";
  if (field == "healthy")
    return false;
  if (field == "publishing" || field == "user_id")
    return event.detail_type == DetailType::stage_update;
  return true;
}

class Checker {
public:
  Checker(const Expected &expected, const Scope &scope, Report &report)
      : expected_(expected), scope_(scope), report_(report) {}

  void collection(const ExpectedCollection &expected, const Json &actual,
                  std::vector<std::string> &path) {
    const bool top_level = path.size() == 1;
    // ordered_json finds keys by linear search: index large collections once.
    std::unordered_map<std::string_view, const Json *> index;
    if (actual.is_object())
      for (const auto &[key, value] : actual.items())
        index.emplace(key, &value);
    static const Json kNull;
    for (const auto &[key, entity] : expected) {
      path.push_back(key);
      const auto found = index.find(key);
      if (scope_.touches(path))
        expected_entity(entity, found == index.end() ? kNull : *found->second, path, top_level);
      path.pop_back();
    }
    if (!actual.is_object())
      return;
    for (const auto &[key, value] : actual.items()) {
      if (expected.contains(key))
        continue;
      path.push_back(key);
      if (scope_.touches(path)) {
        if (top_level)
          report_.checked_entities.push_back(path);
        report_.divergences.push_back({DivergenceKind::unexpected, path, "absent", "present", {}});
      }
      path.pop_back();
    }
  }

private:
  void expected_entity(const ExpectedEntity &entity, const Json &actual,
                       std::vector<std::string> &path, bool top_level) {
    if (actual.is_null() && entity.may_be_absent)
      return;
    if (top_level)
      report_.checked_entities.push_back(path);
    if (actual.is_null()) {
      report_.divergences.push_back(
          {DivergenceKind::missing, path, "present", "absent", evidence(entity, "")});
      return;
    }
    for (const ExpectedField &field : entity.fields) {
      path.emplace_back(field.name);
      if (scope_.covers(path))
        compare_field(entity, field, member(actual, path.back()), path);
      path.pop_back();
    }
    for (const auto &[name, child] : entity.children) {
      path.emplace_back(name);
      if (scope_.touches(path))
        collection(child, member(actual, path.back()), path);
      path.pop_back();
    }
  }

  void compare_field(const ExpectedEntity &entity, const ExpectedField &field, const Json &actual,
                     const std::vector<std::string> &path) {
    ++report_.fields_checked;
    if (field.expectation.accepts(actual))
      return;
    const DivergenceKind kind =
        actual.is_null() ? DivergenceKind::missing : DivergenceKind::wrong_value;
    report_.divergences.push_back(
        {kind, path, field.expectation.to_json(), actual, evidence(entity, field.name)});
  }

  std::vector<EvidenceEvent> evidence(const ExpectedEntity &entity, std::string_view field) const {
    std::vector<EvidenceEvent> out;
    for (const std::uint32_t index : entity.evidence) {
      const Acknowledged &ack = expected_.events[index];
      if (!field.empty() && !bears_on(field, *ack.event))
        continue;
      const EventTime time = ack.event->effective_time();
      out.push_back({ack.event->id, describe(*ack.event), format_rfc3339(time.at, time.resolution),
                     ack.order, ack.faults, ack.indeterminate});
    }
    std::sort(out.begin(), out.end(),
              [](const EvidenceEvent &a, const EvidenceEvent &b) { return a.order < b.order; });
    return out;
  }

  const Expected &expected_;
  const Scope &scope_;
  Report &report_;
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

} // namespace

Report check(const Expected &expected, const StateDocument &actual, const Scope &scope,
             const Expected *truth) {
  Report report;
  report.scope = scope.to_string();
  report.events_acknowledged = expected.events.size();
  const Json document = to_json(actual);
  Checker checker(expected, scope, report);
  std::vector<std::string> path;
  for (const auto &[name, collection] : expected.collections) {
    path.emplace_back(name);
    if (scope.touches(path))
      checker.collection(collection, member(document, path.back()), path);
    if (truth != nullptr)
      compare_with_truth(&collection, truth->collection(name), scope, path, report.lost_to_faults);
    path.pop_back();
  }
  std::sort(report.checked_entities.begin(), report.checked_entities.end());
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

// The oracle's verdict for each field of the canonical state: one value, or the set it cannot rule
// out.
#pragma once

#include "ivsim/delivery.hpp"
#include "ivsim/event.hpp"
#include "ivsim/oracle/state_document.hpp"
#include "ivsim/text.hpp"
#include "ivsim/text_list.hpp"

#include <boost/container/flat_map.hpp>
#include <boost/container/small_vector.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ivsim::oracle {

/// One event the SUT acknowledged, with where it came in the schedule and the faults behind it.
/// The event is referred to, not copied: it must outlive every Expected and Report made from it.
struct Acknowledged {
  const Event *event = nullptr;
  std::uint32_t order = 0; ///< position in the delivery schedule, for reports
  FaultSet faults;         ///< faults of the delivery, for reports
  /// The acknowledgement was lost (a timeout after sending, say): the SUT may or may not have
  /// applied the event, and the expectation accepts both outcomes.
  bool indeterminate = false;
  /// The delivery's concurrent group (kNoGroup: sent alone). Deliveries of one group reach the
  /// SUT in either order, which matters only when two different events share an id.
  std::uint32_t group = kNoGroup;
};

/// How a field's values are compared: times as instants, lists as sets, the rest exactly.
enum class FieldType : std::uint8_t { text, boolean, integer, time, text_list };

/// One value a field may hold, typed by its field: null, a boolean, an integer, text, an instant,
/// or a list of texts (sorted and distinct). Kept typed so reduce and check build no JSON. Texts
/// are the events' own shared strings, so a value costs no copy of its characters.
using FieldValue = std::variant<std::monostate, bool, std::int64_t, Text, Instant, TextList>;

/// A field's values; most fields are decided, so one value is kept without a heap allocation.
using FieldValues = boost::container::small_vector<FieldValue, 1>;

/// The value as `to_json(StateDocument)` writes it: times as RFC 3339 UTC, whole seconds unless
/// the instant has a fraction.
Json to_json(const FieldValue &value);

/// True when `a`'s JSON form sorts before `b`'s (null first, times by their RFC 3339 text), so
/// sets print in the same order as their JSON.
bool json_less(const FieldValue &a, const FieldValue &b);

/// The values a field may hold after the acknowledged events: one when the events decide it, more
/// when they cannot (same-second ties, ...). `null` is a value like any other.
struct Expectation {
  FieldType type = FieldType::text;
  /// Distinct and sorted by `json_less`. Empty only for an open field (too many lost
  /// acknowledgements to enumerate, see reduce), which accepts anything.
  FieldValues one_of;

  /// True when any value is accepted.
  bool is_open() const { return one_of.empty(); }
  /// True when exactly one value is acceptable.
  bool is_determined() const { return one_of.size() == 1; }
  /// True when `actual` (as written by `to_json(StateDocument)`) is one of the values.
  bool accepts(const Json &actual) const;
  /// Adds every value of `other` (same field, another possible history).
  void merge(const Expectation &other);
  /// The value itself when determined, `{"one_of": [...]}` when not, `{"any": true}` when open.
  Json to_json() const;

  friend bool operator==(const Expectation &, const Expectation &) = default;
};

/// One named field of an entity, in the contract's order.
struct ExpectedField {
  std::string_view name; ///< a static string from the contract's schema
  Expectation expectation;
  friend bool operator==(const ExpectedField &, const ExpectedField &) = default;
};

struct ExpectedEntity;
/// Entities of one kind keyed by their IVS identifier, sorted: a sorted vector with a map's
/// interface (`find`, `at`, `contains`, iteration as key-value pairs), looked up by any text.
/// Reduce appends in key order, so building it is one allocation per collection, not per entity.
using ExpectedCollection = boost::container::flat_map<Text, ExpectedEntity, std::less<>>;

/// What one entity of the document must look like.
struct ExpectedEntity {
  /// Only indeterminate events create it: the SUT may or may not have it.
  bool may_be_absent = false;
  std::vector<ExpectedField> fields;
  /// Nested collections (a stage's `sessions`, a composition's `destinations`), in order.
  std::vector<std::pair<std::string_view, ExpectedCollection>> children;
  /// The acknowledged events applied to this entity (indexes into `Expected::events`), sorted.
  std::vector<std::uint32_t> evidence;

  /// The field named `name`, or nullptr.
  const ExpectedField *field(std::string_view name) const;
  /// The nested collection named `name`, created empty when missing.
  ExpectedCollection &child(std::string_view name);
  /// The nested collection named `name`, or nullptr.
  const ExpectedCollection *find_child(std::string_view name) const;

  friend bool operator==(const ExpectedEntity &, const ExpectedEntity &) = default;
};

/// The expected canonical document, plus the events it was reduced from.
struct Expected {
  /// The five top-level collections, always present and in the contract's order:
  /// channels, streams, recordings, stages, compositions.
  std::vector<std::pair<std::string_view, ExpectedCollection>> collections;
  /// The distinct acknowledged events (first acknowledgement of each id, and the other events
  /// that share an id where either may be the one applied), in schedule order.
  std::vector<Acknowledged> events;

  Expected();
  /// The top-level collection named `name` (one of the five); asserts on any other name.
  ExpectedCollection &collection(std::string_view name);
  const ExpectedCollection &collection(std::string_view name) const;
  /// True when every field of every entity is determined and no entity is optional.
  bool is_determined() const;

  friend bool operator==(const Expected &a, const Expected &b) {
    return a.collections == b.collections;
  }
};

/// The expectation as JSON: the document's shape, `{"one_of": [...]}` for undecided fields and
/// `"may_be_absent": true` on entities only indeterminate events create.
Json to_json(const Expected &expected);

/// One document the expectation accepts: the first value of each set, optional entities kept.
/// Used to print a plan's truth and to test that a document inside the expectation passes.
StateDocument pick_document(const Expected &expected);

} // namespace ivsim::oracle

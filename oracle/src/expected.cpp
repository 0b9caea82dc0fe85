// Sets of acceptable values, entities, and the expected document's JSON form.
#include "ivsim/oracle/expected.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <tuple>
#include <type_traits>

namespace ivsim::oracle {

namespace {

// Lists mean sets (`stream_ids` is "every stream of the session"), so order and repeats are not
// held against a SUT.
Json as_set(const Json &list) {
  if (!list.is_array())
    return list;
  std::vector<Json> items(list.begin(), list.end());
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return Json(items);
}

constexpr std::string_view kCollections[] = {"channels", "streams", "recordings", "stages",
                                             "compositions"};

} // namespace

Json to_json(const FieldValue &value) {
  return std::visit(
      [](const auto &v) -> Json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return nullptr;
        else if constexpr (std::is_same_v<T, Instant>)
          return format_rfc3339(v, floor_to_second(v) == v ? Resolution::seconds
                                                           : Resolution::sub_second);
        else
          return Json(v);
      },
      value);
}

namespace {

// RFC 3339 text sorts by second, then a fraction ("...58.5Z") before the whole second ("...58Z",
// as '.' < 'Z'), then by fraction.
auto time_text_key(const Instant &at) {
  const Instant second = floor_to_second(at);
  return std::tuple(second, second == at, at);
}

} // namespace

bool json_less(const FieldValue &a, const FieldValue &b) {
  if (a.index() != b.index())
    return a.index() < b.index(); // only null mixes with another type: null sorts first
  return std::visit(
      [&b](const auto &x) {
        using T = std::decay_t<decltype(x)>;
        const T &y = std::get<T>(b);
        if constexpr (std::is_same_v<T, std::monostate>)
          return false;
        else if constexpr (std::is_same_v<T, Instant>)
          return time_text_key(x) < time_text_key(y);
        else if constexpr (std::is_same_v<T, TextList>)
          return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
        else
          return x < y;
      },
      a);
}

bool Expectation::accepts(const Json &actual) const {
  if (is_open())
    return true;
  const Json normal = type == FieldType::text_list ? as_set(actual) : actual;
  return std::any_of(one_of.begin(), one_of.end(),
                     [&](const FieldValue &value) { return oracle::to_json(value) == normal; });
}

void Expectation::merge(const Expectation &other) {
  if (is_open() || other.is_open()) {
    one_of.clear();
    return;
  }
  FieldValues values;
  values.reserve(one_of.size() + other.one_of.size());
  std::set_union(one_of.begin(), one_of.end(), other.one_of.begin(), other.one_of.end(),
                 std::back_inserter(values), json_less);
  one_of = std::move(values);
}

Json Expectation::to_json() const {
  if (is_open())
    return Json{{"any", true}};
  if (is_determined())
    return oracle::to_json(one_of.front());
  Json values = Json::array();
  for (const FieldValue &value : one_of)
    values.push_back(oracle::to_json(value));
  return Json{{"one_of", std::move(values)}};
}

const ExpectedField *ExpectedEntity::field(std::string_view name) const {
  for (const ExpectedField &f : fields)
    if (f.name == name)
      return &f;
  return nullptr;
}

ExpectedCollection &ExpectedEntity::child(std::string_view name) {
  for (auto &[child_name, collection] : children)
    if (child_name == name)
      return collection;
  return children.emplace_back(name, ExpectedCollection{}).second;
}

const ExpectedCollection *ExpectedEntity::find_child(std::string_view name) const {
  for (const auto &[child_name, collection] : children)
    if (child_name == name)
      return &collection;
  return nullptr;
}

Expected::Expected() {
  for (const std::string_view name : kCollections)
    collections.emplace_back(name, ExpectedCollection{});
}

ExpectedCollection &Expected::collection(std::string_view name) {
  for (auto &[collection_name, collection] : collections)
    if (collection_name == name)
      return collection;
  assert(false && "one of the five top-level collections");
  return collections.front().second;
}

const ExpectedCollection &Expected::collection(std::string_view name) const {
  return const_cast<Expected &>(*this).collection(name);
}

namespace {

bool is_determined(const ExpectedCollection &collection) {
  for (const auto &[key, entity] : collection) {
    if (entity.may_be_absent)
      return false;
    for (const ExpectedField &field : entity.fields)
      if (!field.expectation.is_determined())
        return false;
    for (const auto &[name, child] : entity.children)
      if (!is_determined(child))
        return false;
  }
  return true;
}

// `pick` chooses the JSON of each field: the whole expectation, or one accepted value.
template <typename Pick> Json write_collection(const ExpectedCollection &collection, Pick pick) {
  Json out = Json::object();
  for (const auto &[key, entity] : collection) {
    Json object = Json::object();
    if (entity.may_be_absent)
      object["may_be_absent"] = true;
    for (const ExpectedField &field : entity.fields)
      object[std::string(field.name)] = pick(field.expectation);
    for (const auto &[name, child] : entity.children)
      object[std::string(name)] = write_collection(child, pick);
    append_member(out, key, std::move(object));
  }
  return out;
}

template <typename Pick> Json write_expected(const Expected &expected, Pick pick) {
  Json out = Json::object();
  for (const auto &[name, collection] : expected.collections)
    out[std::string(name)] = write_collection(collection, pick);
  return out;
}

} // namespace

bool Expected::is_determined() const {
  return std::all_of(collections.begin(), collections.end(),
                     [](const auto &entry) { return oracle::is_determined(entry.second); });
}

Json to_json(const Expected &expected) {
  return write_expected(expected, [](const Expectation &e) { return e.to_json(); });
}

StateDocument pick_document(const Expected &expected) {
  return parse_state_document(write_expected(expected, [](const Expectation &e) {
    return e.is_open() ? Json(nullptr) : oracle::to_json(e.one_of.front());
  }));
}

} // namespace ivsim::oracle

// Sets of acceptable values, entities, and the expected document's JSON form.
#include "ivsim/oracle/expected.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>

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

bool Expectation::accepts(const Json &actual) const {
  if (is_open())
    return true;
  if (type == FieldType::text_list && actual.is_array()) {
    const Json normal = as_set(actual);
    return std::find(one_of.begin(), one_of.end(), normal) != one_of.end();
  }
  return std::find(one_of.begin(), one_of.end(), actual) != one_of.end();
}

void Expectation::merge(const Expectation &other) {
  if (is_open() || other.is_open()) {
    one_of.clear();
    return;
  }
  std::vector<Json> values;
  values.reserve(one_of.size() + other.one_of.size());
  std::set_union(one_of.begin(), one_of.end(), other.one_of.begin(), other.one_of.end(),
                 std::back_inserter(values));
  one_of = std::move(values);
}

Json Expectation::to_json() const {
  if (is_open())
    return Json{{"any", true}};
  if (is_determined())
    return one_of.front();
  return Json{{"one_of", Json(one_of)}};
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
    return e.is_open() ? Json(nullptr) : e.one_of.front();
  }));
}

} // namespace ivsim::oracle

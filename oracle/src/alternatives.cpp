// Union of the expectations of every subset of the indeterminate events of one root.
#include "alternatives.hpp"

#include "aggregates.hpp"
#include "emit.hpp"

#include <algorithm>

namespace ivsim::oracle::detail {

namespace {

void open_up(ExpectedCollection &collection) {
  for (auto &[key, entity] : collection) {
    entity.may_be_absent = true;
    for (ExpectedField &field : entity.fields)
      field.expectation.one_of.clear(); // no values listed: anything is accepted
    for (auto &[name, child] : entity.children)
      open_up(child);
  }
}

void merge_alternative(ExpectedCollection &into, ExpectedCollection &&from);

// The same entity in another possible history: every field takes the union of values.
void merge_entity(ExpectedEntity &into, ExpectedEntity &&from) {
  into.may_be_absent = into.may_be_absent || from.may_be_absent;
  for (ExpectedField &field : from.fields) {
    auto it = std::find_if(into.fields.begin(), into.fields.end(),
                           [&](const ExpectedField &f) { return f.name == field.name; });
    if (it == into.fields.end())
      into.fields.push_back(std::move(field));
    else
      it->expectation.merge(field.expectation);
  }
  for (auto &[name, child] : from.children)
    merge_alternative(into.child(name), std::move(child));
  std::vector<std::uint32_t> evidence;
  std::set_union(into.evidence.begin(), into.evidence.end(), from.evidence.begin(),
                 from.evidence.end(), std::back_inserter(evidence));
  into.evidence = std::move(evidence);
}

// Two possible histories of one root: an entity only one of them creates may be absent.
void merge_alternative(ExpectedCollection &into, ExpectedCollection &&from) {
  for (auto &[key, entity] : into)
    if (!from.contains(key))
      entity.may_be_absent = true;
  for (auto &[key, entity] : from) {
    const auto it = into.find(key);
    if (it != into.end()) {
      merge_entity(it->second, std::move(entity));
      continue;
    }
    entity.may_be_absent = true;
    into.emplace(key, std::move(entity));
  }
}

Expected reduce_with(std::vector<std::uint32_t> applied, const std::vector<Acknowledged> &events) {
  std::sort(applied.begin(), applied.end()); // evidence lists stay sorted
  Aggregates all;
  for (const std::uint32_t index : applied)
    all.apply(*events[index].event, index);
  Expected out;
  emit(all, out);
  return out;
}

Expected reduce_subset(const std::vector<std::uint32_t> &surely,
                       const std::vector<std::uint32_t> &maybe, std::uint32_t mask,
                       const std::vector<Acknowledged> &events) {
  std::vector<std::uint32_t> applied = surely;
  for (std::size_t bit = 0; bit < maybe.size(); ++bit)
    if ((mask >> bit) & 1U)
      applied.push_back(maybe[bit]);
  return reduce_with(std::move(applied), events);
}

// Roots are disjoint, so their entities are simply added.
void absorb(Expected &out, Expected &&part) {
  for (auto &[name, collection] : part.collections) {
    ExpectedCollection &into = out.collection(name);
    for (auto &[key, entity] : collection) {
      const auto [it, inserted] = into.try_emplace(key, std::move(entity));
      if (!inserted)
        merge_entity(it->second, std::move(entity));
    }
  }
}

} // namespace

void emit_alternatives(const std::vector<std::uint32_t> &surely,
                       const std::vector<std::uint32_t> &maybe, Expected &out) {
  if (maybe.size() > kMaxIndeterminatePerRoot) {
    std::vector<std::uint32_t> applied = surely;
    applied.insert(applied.end(), maybe.begin(), maybe.end());
    Expected everything = reduce_with(std::move(applied), out.events);
    for (auto &[name, collection] : everything.collections)
      open_up(collection);
    absorb(out, std::move(everything));
    return;
  }
  Expected union_of_subsets = reduce_subset(surely, maybe, 0, out.events);
  for (std::uint32_t mask = 1; mask < (1U << maybe.size()); ++mask) {
    Expected variant = reduce_subset(surely, maybe, mask, out.events);
    for (auto &[name, collection] : variant.collections)
      merge_alternative(union_of_subsets.collection(name), std::move(collection));
  }
  absorb(out, std::move(union_of_subsets));
}

} // namespace ivsim::oracle::detail

// Laws of the oracle over random, tie-heavy event sets (docs/state-contract.md, "The rules").
#include "ivsim/oracle/reduce.hpp"

#include "ivsim/example/handler_state.hpp"
#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/report.hpp"
#include "ivsim/rapidcheck.hpp"
#include "random_events.hpp"

namespace ivsim::oracle {
namespace {

using testing::random_events;

// The events in an order a handler may see them: any permutation, some delivered again.
std::vector<const Event *> in_any_order(const std::vector<const Event *> &events) {
  return rc_gen::pick(events, *rc_gen::delivery_order(events.size()));
}

std::vector<Acknowledged> acknowledge(const std::vector<const Event *> &events) {
  std::vector<Acknowledged> out;
  for (std::uint32_t i = 0; i < events.size(); ++i)
    out.push_back({events[i], i, {}, false});
  return out;
}

std::vector<const Event *> pointers(const std::vector<Event> &events) {
  std::vector<const Event *> out;
  for (const Event &event : events)
    out.push_back(&event);
  return out;
}

// The reference handler's document after `events`, delivered in this order.
StateDocument handler_document(const std::vector<const Event *> &events) {
  example::HandlerState handler;
  for (const Event *event : events)
    handler.apply(nlohmann::json(to_json(*event)));
  return parse_state_document(Json(handler.document()));
}

std::vector<const Event *> random_subset(const std::vector<Event> &events) {
  const auto all = pointers(events);
  return rc_gen::pick(all, *rc_gen::subset(all.size()));
}

RC_GTEST_PROP(Reduce, IsIndependentOfDeliveryOrder, ()) {
  const std::vector<Event> events = random_events();
  const auto in_order = pointers(events);
  const auto reordered = in_any_order(in_order);
  RC_ASSERT(to_json(reduce(acknowledge(in_order))) == to_json(reduce(acknowledge(reordered))));
}

RC_GTEST_PROP(Reduce, ReducingWithDuplicatesEqualsReducingWithout, ()) {
  const std::vector<Event> events = random_events();
  const auto with_duplicates = in_any_order(pointers(events));
  RC_ASSERT(to_json(reduce(acknowledge(with_duplicates))) ==
            to_json(reduce(acknowledge(pointers(events)))));
}

// The law that ties the oracle to real handlers: a correct incremental handler, fed any subset
// of the events in any order (with duplicates), always lands inside the expectation.
RC_GTEST_PROP(Reduce, NeverRejectsACorrectHandlerFedAnySubsetInAnyOrder, ()) {
  const std::vector<Event> events = random_events();
  const auto delivered = in_any_order(random_subset(events));
  const Report report = check(reduce(acknowledge(delivered)), handler_document(delivered));
  RC_LOG() << to_text(report);
  RC_ASSERT_FALSE(report.verdict == Verdict::fail);
}

// Lost acknowledgements: whichever of the indeterminate events the handler applied, it passes.
RC_GTEST_PROP(Reduce, AcceptsEveryOutcomeOfIndeterminateEvents, ()) {
  const std::vector<Event> events = random_events(14);
  std::vector<Acknowledged> acknowledged;
  std::vector<const Event *> applied;
  for (std::uint32_t i = 0; i < events.size(); ++i) {
    const bool indeterminate = *rc::gen::inRange(0, 3) == 0;
    acknowledged.push_back({&events[i], i, {}, indeterminate});
    if (!indeterminate || *rc::gen::arbitrary<bool>())
      applied.push_back(&events[i]);
  }
  const Report report = check(reduce(acknowledged), handler_document(in_any_order(applied)));
  RC_LOG() << to_text(report);
  RC_ASSERT_FALSE(report.verdict == Verdict::fail);
}

// Every divergence between the truth and the expectation of a subset is explained as lost to
// faults, so the truth is never held against anyone.
RC_GTEST_PROP(Reduce, DivergencesOfTheTruthAreAllLostToFaults, ()) {
  const std::vector<Event> events = random_events();
  const Expected truth = reduce(acknowledge(pointers(events)));
  const Expected expected = reduce(acknowledge(random_subset(events)));
  const Report report = check(expected, pick_document(truth), Scope{}, &truth);
  for (const Divergence &divergence : report.divergences) {
    const bool explained =
        std::any_of(report.lost_to_faults.begin(), report.lost_to_faults.end(),
                    [&](const LostField &lost) { return lost.path == divergence.path; });
    RC_ASSERT(explained);
  }
}

RC_GTEST_PROP(Reduce, TheTruthOfEveryEventSatisfiesItsOwnExpectation, ()) {
  const std::vector<Event> events = random_events();
  const Expected truth = reduce(events);
  RC_ASSERT(check(truth, pick_document(truth)).verdict == Verdict::pass);
}

} // namespace
} // namespace ivsim::oracle

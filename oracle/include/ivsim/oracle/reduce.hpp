// Reduces acknowledged events to the canonical state a correct handler must reach.
#pragma once

#include "ivsim/oracle/expected.hpp"
#include "ivsim/plan.hpp"

#include <span>
#include <vector>

namespace ivsim::oracle {

/// The expectation after `acknowledged`, as a pure function of the *set* of events: delivery
/// order and duplicate ids never change it (docs/state-contract.md, rules 1 to 9). Indeterminate
/// events may or may not have been applied; every field then accepts both outcomes. The one
/// exception is an id shared by different events (hand-written plans): the first in `order`
/// stands for it, or either when the other may have overtaken it (rule 1). The events must
/// outlive the result.
Expected reduce(std::span<const Acknowledged> acknowledged);

/// `reduce` over plain events, all acknowledged, numbered in the given order.
Expected reduce(std::span<const Event> events);

/// Every non-dropped delivery of `plan`, as if the SUT acknowledged each, in schedule order.
std::vector<Acknowledged> acknowledged_deliveries(const Plan &plan);

/// The ground truth: the same reduction over every scheduled delivery, dropped ones included.
/// Fields where it differs from the expectation are "lost to faults".
Expected ground_truth(const Plan &plan);

} // namespace ivsim::oracle

// The property a team writes for its reducer: for any generated plan and any order in which the
// acknowledged events arrive (duplicates included), the reducer lands inside the oracle's
// expectation for the fields it keeps.
#include "live_channels.hpp"

#include "ivsim/oracle/check.hpp"
#include "ivsim/oracle/reduce.hpp"
#include "ivsim/oracle/report.hpp"
#include "ivsim/rapidcheck.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace {

ivsim::oracle::Report check_reducer(const ivsim::Plan &plan, live_channels::Mode mode) {
  // 1. An order in which the handler might see the acknowledged events.
  const std::vector<ivsim::Event> delivered = *ivsim::rc_gen::delivered_events(plan);
  // 2. Feed them to the reducer under test.
  live_channels::LiveChannels reducer(mode);
  for (const ivsim::Event &event : delivered)
    reducer.apply(event);
  // 3. Ask the oracle what any correct handler must hold after exactly those events.
  const ivsim::oracle::Expected expected = ivsim::oracle::reduce(delivered);
  // The reducer keeps only these fields, so only these are checked.
  static const ivsim::oracle::Scope kScope({"channels.*.live", "streams.*.state"});
  return ivsim::oracle::check(expected, reducer.document(), kScope);
}

RC_GTEST_PROP(LiveChannels, AgreesWithTheOracleInAnyDeliveryOrder, (const ivsim::Plan &plan)) {
  const ivsim::oracle::Report report = check_reducer(plan, live_channels::Mode::by_rank);
  RC_LOG() << ivsim::oracle::to_text(report);
  RC_ASSERT(report.verdict == ivsim::oracle::Verdict::pass);
}

// Test that the property has teeth: a reducer that trusts delivery order is caught, and
// RapidCheck shrinks the plan that shows it.
TEST(LiveChannels, TheLawCatchesALastDeliveredWinsReducer) {
  const bool passed = rc::check(
      "a last-delivered-wins reducer agrees with the oracle", [](const ivsim::Plan &plan) {
        const auto report = check_reducer(plan, live_channels::Mode::last_delivered_wins);
        RC_ASSERT(report.verdict == ivsim::oracle::Verdict::pass);
      });
  EXPECT_FALSE(passed);
}

} // namespace

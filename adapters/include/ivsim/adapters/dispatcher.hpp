// Walks a plan's schedule on the virtual clock, drives a Transport, and accounts for every
// delivery.
#pragma once

#include "ivsim/adapters/delivery_outcome.hpp"
#include "ivsim/adapters/transport.hpp"
#include "ivsim/plan.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ivsim::adapters {

/// Where a run stands, for a progress line.
struct Progress {
  std::size_t done = 0;      ///< deliveries with an outcome (dropped ones included)
  std::size_t total = 0;     ///< schedule size
  Instant virtual_time{};    ///< `deliver_at` of the last delivery handed over
  std::uint64_t retries = 0; ///< attempts beyond the first, over all deliveries so far
  std::size_t failures = 0;  ///< rejected + failed so far
  Duration wall_elapsed{};   ///< since the dispatch started
  std::string last_failure;  ///< why the latest refused delivery was refused ("HTTP 500")
};

struct RunResult;

/// A batch (one delivery, or one concurrent group) whose every delivery has just ended.
struct BatchEnded {
  std::size_t first = 0;             ///< index of the batch's first delivery
  std::size_t end = 0;               ///< one past its last
  const RunResult *so_far = nullptr; ///< the run so far: records [0, end) are final
};

/// How to walk the schedule.
struct DispatchOptions {
  /// Virtual seconds per wall second: 0 sends as fast as order allows (hour-long delays cost
  /// nothing), 1 is real time, 3600 replays an hour a second.
  double time_scale = 0;
  /// After a delivery fails with the SUT unreachable (connection refused, say), stop sending:
  /// the rest fail at once with attempts 0 instead of each waiting out its retries.
  bool stop_when_unreachable = true;
  /// When this many deliveries were sent, all refused (rejected, or failed after their retries)
  /// and none acknowledged, stop sending: the rest fail at once with attempts 0. A SUT that
  /// refuses everything is misconfigured or broken, and retrying each delivery costs minutes.
  /// 0: never give up.
  std::size_t stop_after_refusals = 0;
  /// Called at most once per `progress_interval` while running, and once at the end.
  std::function<void(const Progress &)> on_progress;
  Duration progress_interval = std::chrono::seconds(1);
  /// Called after each batch that sent something, once all its deliveries ended and before the
  /// next batch starts: nothing is in flight, so a SUT that applies an event before it answers
  /// (HTTP) is quiescent, and its state can be checked against the prefix (--check-every). Runs
  /// on the dispatch's thread and may block. Returns false to stop the calls for the rest of the
  /// run; the deliveries go on either way.
  std::function<bool(const BatchEnded &)> after_batch;
};

/// What happened to one scheduled delivery.
struct DeliveryRecord {
  DeliveryOutcome outcome;
  Duration wall_started{};  ///< first attempt, from the dispatch start (0 if never sent)
  Duration wall_finished{}; ///< last answer, from the dispatch start
  /// Position among all acknowledgements of the run; nullopt unless acknowledged.
  std::optional<std::uint32_t> acknowledged_as;
};

/// The four buckets, plus the flags that cut across them.
struct RunCounts {
  std::size_t acknowledged = 0;
  std::size_t dropped = 0;
  std::size_t rejected = 0;
  std::size_t failed = 0;
  std::size_t indeterminate = 0; ///< rejected or failed, but possibly applied by the SUT
  /// failed with no attempt: never sent, because the run could not start or stopped sending
  /// (the SUT became unreachable, or the dispatcher gave up)
  std::size_t not_sent = 0;
  std::uint64_t retries = 0; ///< attempts beyond the first

  /// acknowledged + dropped + rejected + failed: always the schedule size.
  std::size_t total() const { return acknowledged + dropped + rejected + failed; }
  /// Counts one outcome into its bucket.
  void add(const DeliveryOutcome &outcome);
};

/// A finished run: per-delivery outcomes, their counts, and the SUT's state read afterwards.
struct RunResult {
  /// One per schedule entry, same index as Plan::deliveries.
  std::vector<DeliveryRecord> records;
  RunCounts counts;
  /// Delivery indices in the order the SUT acknowledged them.
  std::vector<std::uint32_t> acknowledgement_order;
  Duration wall_time{};
  /// Why the run could not start: "could not reset the SUT: ..." when the reset hook failed, "the
  /// run could not start (waiting for ...): ..." when an earlier run's work was not consumed
  /// (see Quiescence::wait_before_start). Nothing was then sent (every delivery failed).
  std::optional<std::string> reset_error;
  /// Set when the dispatch gave up (DispatchOptions::stop_after_refusals): why. The deliveries
  /// after it were not sent (failed, attempts 0).
  std::optional<std::string> gave_up;
  /// ivsim was interrupted (interruption.hpp) before the schedule ended: the deliveries from
  /// then on were not sent (failed, attempts 0).
  bool interrupted = false;
  /// The state document read after the run, or why it could not be read.
  std::optional<nlohmann::json> state;
  std::optional<std::string> state_error;
};

/// Sends `plan`'s schedule through `transport`: deliveries in schedule order, the next one after
/// the previous one ended, adjacent deliveries of one group (Delivery::group != kNoGroup) at
/// once, paced by `options.time_scale`. Dropped deliveries are never sent. The plan must outlive
/// the operation; `records` and the counts always cover the whole schedule.
boost::asio::awaitable<RunResult> async_dispatch(const Plan &plan, Transport &transport,
                                                 DispatchOptions options);

/// The events the SUT acknowledged, in acknowledgement order (duplicates included): what the
/// oracle reduces.
std::vector<const Event *> acknowledged_events(const Plan &plan, const RunResult &result);

/// The events of deliveries whose outcome is indeterminate: the oracle accepts either outcome.
std::vector<const Event *> indeterminate_events(const Plan &plan, const RunResult &result);

} // namespace ivsim::adapters

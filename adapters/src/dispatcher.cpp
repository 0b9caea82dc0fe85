#include "ivsim/adapters/dispatcher.hpp"

#include "ivsim/adapters/interruption.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cassert>

namespace ivsim::adapters {

namespace net = boost::asio;

void RunCounts::add(const DeliveryOutcome &outcome) {
  switch (outcome.outcome) {
  case Outcome::acknowledged:
    ++acknowledged;
    break;
  case Outcome::dropped:
    ++dropped;
    break;
  case Outcome::rejected:
    ++rejected;
    break;
  case Outcome::failed:
    ++failed;
    break;
  }
  if (outcome.indeterminate)
    ++indeterminate;
  if (outcome.outcome == Outcome::failed && outcome.attempts == 0)
    ++not_sent;
  if (outcome.attempts > 1)
    retries += outcome.attempts - 1;
}

namespace {

// One past the last delivery of the batch starting at `first`: a group is a run of adjacent
// deliveries sharing a non-zero group id; anything else goes out alone.
std::size_t batch_end(const std::vector<Delivery> &deliveries, std::size_t first) {
  const std::uint32_t group = deliveries[first].group;
  std::size_t end = first + 1;
  if (group == kNoGroup)
    return end;
  while (end < deliveries.size() && deliveries[end].group == group)
    ++end;
  return end;
}

// Sent and not acknowledged: the SUT answered no (a 4xx) or kept failing (5xx, timeouts).
bool is_refusal(const DeliveryOutcome &outcome) {
  return outcome.attempts > 0 &&
         (outcome.outcome == Outcome::rejected || outcome.outcome == Outcome::failed);
}

DeliveryOutcome not_attempted(Outcome bucket, std::string reason) {
  DeliveryOutcome outcome;
  outcome.outcome = bucket;
  outcome.reason = std::move(reason);
  return outcome;
}

// Every outcome is recorded and counted here, in one place.
class Ledger {
public:
  Ledger(RunResult &result, WallClock::time_point start, std::size_t total)
      : result_(result), start_(start) {
    result_.records.resize(total);
    result_.acknowledgement_order.reserve(total);
  }

  void record(std::size_t delivery, DeliveryOutcome outcome) {
    DeliveryRecord &entry = result_.records[delivery];
    if (outcome.attempts > 0) {
      entry.wall_started = since_start(outcome.started);
      entry.wall_finished = since_start(outcome.finished);
    }
    result_.counts.add(outcome);
    if (is_refusal(outcome))
      last_failure_ = outcome.reason;
    entry.outcome = std::move(outcome);
  }

  // Acknowledgements of one batch, in the order their answers arrived.
  void order_acknowledgements(const std::vector<std::uint32_t> &batch) {
    if (batch.size() == 1) { // the common case: nothing to order, nothing to allocate
      if (result_.records[batch[0]].outcome.outcome == Outcome::acknowledged)
        acknowledge(batch[0]);
      return;
    }
    std::vector<std::uint32_t> acknowledged;
    for (std::uint32_t delivery : batch)
      if (result_.records[delivery].outcome.outcome == Outcome::acknowledged)
        acknowledged.push_back(delivery);
    std::stable_sort(acknowledged.begin(), acknowledged.end(), [&](auto a, auto b) {
      return result_.records[a].outcome.finished < result_.records[b].outcome.finished;
    });
    for (std::uint32_t delivery : acknowledged)
      acknowledge(delivery);
  }

  Progress progress(std::size_t done, Instant virtual_time) const {
    return Progress{done,
                    result_.records.size(),
                    virtual_time,
                    result_.counts.retries,
                    result_.counts.rejected + result_.counts.failed,
                    since_start(WallClock::now()),
                    last_failure_};
  }

private:
  void acknowledge(std::uint32_t delivery) {
    result_.records[delivery].acknowledged_as =
        static_cast<std::uint32_t>(result_.acknowledgement_order.size());
    result_.acknowledgement_order.push_back(delivery);
  }

  Duration since_start(WallClock::time_point at) const {
    return std::chrono::duration_cast<Duration>(at - start_);
  }

  RunResult &result_;
  WallClock::time_point start_;
  std::string last_failure_;
};

// Decides when to stop sending: the SUT became unreachable, or it refused every delivery sent
// so far (DispatchOptions::stop_after_refusals). Once stopped, `why()` says why.
class StopRule {
public:
  explicit StopRule(const DispatchOptions &options) : options_(options) {}

  void observe(const DeliveryOutcome &outcome) {
    acknowledged_any_ = acknowledged_any_ || outcome.outcome == Outcome::acknowledged;
    if (!acknowledged_any_ && is_refusal(outcome))
      ++refused_;
    if (why_)
      return;
    if (options_.stop_when_unreachable && outcome.unreachable) {
      why_ = "the SUT became unreachable (" + outcome.reason + ")";
    } else if (options_.stop_after_refusals > 0 && !acknowledged_any_ &&
               refused_ >= options_.stop_after_refusals) {
      why_ = "the SUT refused the first " + std::to_string(refused_) +
             " deliveries it was sent and acknowledged none";
      gave_up_ = true;
    }
  }

  // ivsim was asked to stop (interruption.hpp): nothing more is sent.
  void interrupt(int signal) {
    if (!why_)
      why_ = std::string("ivsim was interrupted (") + signal_name(signal) + ")";
  }

  const std::optional<std::string> &why() const { return why_; }
  /// True when the reason to stop is the refusals, not an unreachable SUT.
  bool gave_up() const { return gave_up_; }

private:
  const DispatchOptions &options_;
  bool acknowledged_any_ = false;
  std::size_t refused_ = 0;
  std::optional<std::string> why_;
  bool gave_up_ = false;
};

// Calls the progress hook at most once per interval.
class ProgressThrottle {
public:
  explicit ProgressThrottle(const DispatchOptions &options) : options_(options) {}

  void maybe_report(const Ledger &ledger, std::size_t done, Instant virtual_time) {
    if (!options_.on_progress)
      return;
    const auto now = WallClock::now();
    if (now < next_)
      return;
    next_ = now + options_.progress_interval;
    options_.on_progress(ledger.progress(done, virtual_time));
  }

  void report_end(const Ledger &ledger, std::size_t done, Instant virtual_time) {
    if (options_.on_progress)
      options_.on_progress(ledger.progress(done, virtual_time));
  }

private:
  const DispatchOptions &options_;
  WallClock::time_point next_ = WallClock::now() + options_.progress_interval;
};

// The wall instant at which a delivery due at `due` on the virtual clock goes out.
WallClock::time_point wall_due(const DispatchOptions &options, WallClock::time_point start,
                               Instant virtual_start, Instant due) {
  const double virtual_micros = static_cast<double>((due - virtual_start).count());
  const auto wall_micros = static_cast<Duration::rep>(virtual_micros / options.time_scale);
  return start + std::chrono::duration_cast<WallClock::duration>(Duration(wall_micros));
}

} // namespace

net::awaitable<RunResult> async_dispatch(const Plan &plan, Transport &transport,
                                         DispatchOptions options) {
  const std::vector<Delivery> &schedule = plan.deliveries;
  const WallClock::time_point start = WallClock::now();
  RunResult result;
  Ledger ledger(result, start, schedule.size());
  ProgressThrottle throttle(options);
  net::steady_timer pace(co_await net::this_coro::executor);
  const Instant virtual_start = schedule.empty() ? Instant{} : schedule.front().deliver_at;
  StopRule stop(options);
  std::function<bool(const BatchEnded &)> after_batch = std::move(options.after_batch);

  std::vector<Parcel> parcels;
  std::vector<std::uint32_t> batch;
  for (std::size_t first = 0; first < schedule.size();) {
    const std::size_t end = batch_end(schedule, first);
    if (const int signal = interrupted(); signal != 0 && !stop.why()) {
      stop.interrupt(signal);
      result.interrupted = true;
    }
    if (options.time_scale > 0 && !stop.why()) {
      pace.expires_at(wall_due(options, start, virtual_start, schedule[first].deliver_at));
      co_await pace.async_wait(net::as_tuple(net::use_awaitable));
    }
    parcels.clear();
    batch.clear();
    for (std::size_t index = first; index < end; ++index) {
      const auto delivery = static_cast<std::uint32_t>(index);
      if (schedule[index].dropped)
        ledger.record(delivery, not_attempted(Outcome::dropped, "dropped by the fault plan"));
      else if (stop.why())
        ledger.record(delivery, not_attempted(Outcome::failed, "not sent: " + *stop.why()));
      else {
        parcels.push_back(Parcel{&plan.events[schedule[index].event], delivery});
        batch.push_back(delivery);
      }
    }
    if (!parcels.empty()) {
      std::vector<DeliveryOutcome> outcomes = co_await transport.async_deliver(parcels);
      assert(outcomes.size() == parcels.size() && "one outcome per parcel");
      for (std::size_t i = 0; i < outcomes.size(); ++i) {
        stop.observe(outcomes[i]);
        ledger.record(batch[i], std::move(outcomes[i]));
      }
      ledger.order_acknowledgements(batch);
      if (stop.gave_up() && !result.gave_up)
        result.gave_up = stop.why();
      if (after_batch && !stop.why() && !after_batch(BatchEnded{first, end, &result}))
        after_batch = nullptr;
    }
    throttle.maybe_report(ledger, end, schedule[end - 1].deliver_at);
    first = end;
  }
  throttle.report_end(ledger, schedule.size(),
                      schedule.empty() ? Instant{} : schedule.back().deliver_at);
  result.wall_time = std::chrono::duration_cast<Duration>(WallClock::now() - start);
  assert(result.counts.total() == schedule.size() && "every delivery lands in one bucket");
  co_return result;
}

static std::vector<const Event *> events_of(const Plan &plan,
                                            const std::vector<std::uint32_t> &deliveries) {
  std::vector<const Event *> events;
  events.reserve(deliveries.size());
  for (std::uint32_t delivery : deliveries)
    events.push_back(&plan.events[plan.deliveries[delivery].event]);
  return events;
}

std::vector<const Event *> acknowledged_events(const Plan &plan, const RunResult &result) {
  return events_of(plan, result.acknowledgement_order);
}

std::vector<const Event *> indeterminate_events(const Plan &plan, const RunResult &result) {
  std::vector<std::uint32_t> deliveries;
  for (std::size_t i = 0; i < result.records.size(); ++i)
    if (result.records[i].outcome.indeterminate)
      deliveries.push_back(static_cast<std::uint32_t>(i));
  return events_of(plan, deliveries);
}

} // namespace ivsim::adapters

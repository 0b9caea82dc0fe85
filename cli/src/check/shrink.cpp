// The shrinker: ddmin-style passes over a failing plan, each candidate run against the SUT and
// kept only when it fails the same way; flakiness is measured before and after.
#include "ivsim/cli/check/shrink.hpp"

#include "ivsim/adapters/interruption.hpp"

#include "ivsim/cli/check/plan_edits.hpp"

#include <algorithm>
#include <cassert>
#include <map>
#include <optional>

namespace ivsim::cli::check {

namespace {

using Clock = std::chrono::steady_clock;

// One thing a pass may edit: the original indices it covers.
using Unit = std::vector<std::uint32_t>;

// One kind of edit: the units it applies to in the current plan, and how it applies one.
struct Pass {
  std::vector<Unit> (*units)(const Plan &original, const PlanEdits &current);
  void (*apply)(PlanEdits &edits, const Unit &unit);
};

bool delivery_kept(const Plan &original, const PlanEdits &edits, std::size_t index) {
  return !edits.delivery_removed[index] && !edits.event_removed[original.deliveries[index].event];
}

// An event stays in the plan while it has a delivery left (apply_edits drops it otherwise).
bool event_kept(const Plan &original, const PlanEdits &edits, std::uint32_t event) {
  if (edits.event_removed[event])
    return false;
  for (std::size_t i = 0; i < original.deliveries.size(); ++i)
    if (original.deliveries[i].event == event && !edits.delivery_removed[i])
      return true;
  return false;
}

template <Grain grain>
std::vector<Unit> event_groups(const Plan &original, const PlanEdits &current) {
  std::map<std::string, Unit> groups;
  std::vector<std::string> order; // first appearance, so units follow the timeline
  for (std::uint32_t i = 0; i < original.events.size(); ++i) {
    if (!event_kept(original, current, i))
      continue;
    const std::string key = group_key(original.events[i], grain);
    auto [it, inserted] = groups.try_emplace(key);
    if (inserted)
      order.push_back(key);
    it->second.push_back(i);
  }
  std::vector<Unit> units;
  for (const std::string &key : order)
    units.push_back(std::move(groups[key]));
  return units;
}

std::vector<Unit> single_events(const Plan &original, const PlanEdits &current) {
  std::vector<Unit> units;
  for (std::uint32_t i = 0; i < original.events.size(); ++i)
    if (event_kept(original, current, i))
      units.push_back({i});
  return units;
}

void remove_events(PlanEdits &edits, const Unit &unit) {
  for (const std::uint32_t event : unit)
    edits.event_removed[event] = true;
}

// Deliveries of events delivered more than once (duplicates, or a dropped copy next to a sent
// one); removing an event's only delivery is the single-event pass's job.
std::vector<Unit> extra_deliveries(const Plan &original, const PlanEdits &current) {
  std::vector<std::uint32_t> per_event(original.events.size());
  for (std::uint32_t i = 0; i < original.deliveries.size(); ++i)
    if (delivery_kept(original, current, i))
      ++per_event[original.deliveries[i].event];
  std::vector<Unit> units;
  for (std::uint32_t i = 0; i < original.deliveries.size(); ++i)
    if (delivery_kept(original, current, i) && per_event[original.deliveries[i].event] > 1)
      units.push_back({i});
  return units;
}

void remove_deliveries(PlanEdits &edits, const Unit &unit) {
  for (const std::uint32_t delivery : unit)
    edits.delivery_removed[delivery] = true;
}

std::vector<Unit> late_deliveries(const Plan &original, const PlanEdits &current) {
  std::vector<Unit> units;
  for (std::uint32_t i = 0; i < original.deliveries.size(); ++i)
    if (delivery_kept(original, current, i) && !current.delivery_on_time[i] &&
        is_out_of_order(original.deliveries[i]))
      units.push_back({i});
  return units;
}

void put_on_time(PlanEdits &edits, const Unit &unit) {
  for (const std::uint32_t delivery : unit)
    edits.delivery_on_time[delivery] = true;
}

std::vector<Unit> concurrent_groups(const Plan &original, const PlanEdits &current) {
  std::map<std::uint32_t, Unit> groups;
  for (std::uint32_t i = 0; i < original.deliveries.size(); ++i) {
    const Delivery &delivery = original.deliveries[i];
    if (delivery.group != kNoGroup && delivery_kept(original, current, i) &&
        !current.delivery_ungrouped[i] && !current.delivery_on_time[i])
      groups[delivery.group].push_back(i);
  }
  std::vector<Unit> units;
  for (auto &[group, members] : groups)
    units.push_back(std::move(members));
  return units;
}

void ungroup(PlanEdits &edits, const Unit &unit) {
  for (const std::uint32_t delivery : unit)
    edits.delivery_ungrouped[delivery] = true;
}

// Coarse to fine: a channel's worth of events goes in one run when it can.
constexpr Pass kPasses[] = {
    {&event_groups<Grain::resource>, &remove_events},
    {&event_groups<Grain::broadcast>, &remove_events},
    {&single_events, &remove_events},
    {&extra_deliveries, &remove_deliveries},
    {&late_deliveries, &put_on_time},
    {&concurrent_groups, &ungroup},
};

// Runs plans and remembers how long the last one took, to tell whether another run still fits
// in the time box.
class TimedRunner {
public:
  TimedRunner(const RunPlan &run, const ShrinkOptions &options)
      : run_(run), now_(options.now), deadline_(now_() + options.time_box) {}

  CheckedRun operator()(const Plan &plan) {
    const Clock::time_point start = now_();
    CheckedRun checked = run_(plan);
    last_ = now_() - start;
    return checked;
  }
  Clock::duration last_run_time() const { return last_; }
  /// Whether `runs` more runs taking `each` would end past the deadline, or ivsim was
  /// interrupted (interruption.hpp): the smallest failure so far is then what is kept.
  bool no_time_for(std::uint32_t runs, Clock::duration each) const {
    return adapters::interrupted() != 0 || now_() + runs * each >= deadline_;
  }

private:
  const RunPlan &run_;
  std::function<Clock::time_point()> now_;
  Clock::time_point deadline_;
  Clock::duration last_{};
};

class Shrinker {
public:
  Shrinker(const Plan &original, std::string key, TimedRunner &run, const ShrinkOptions &options,
           Clock::duration current_run_time)
      : original_(original), key_(std::move(key)), run_(run), reruns_(options.reruns),
        current_run_time_(current_run_time), current_(PlanEdits::none(original)),
        current_plan_(original) {}

  // Runs every pass until none changes the plan; false when the time box ran out first.
  bool run_to_fixpoint() {
    for (bool changed = true; changed;) {
      changed = false;
      for (const Pass &pass : kPasses) {
        const std::optional<bool> pass_changed = ddmin(pass);
        if (!pass_changed)
          return false;
        changed = changed || *pass_changed;
      }
    }
    return true;
  }

  // Tries `candidate`; keeps it when it fails the same way.
  bool try_plan(Plan candidate) {
    ++attempts_;
    CheckedRun run = run_(candidate);
    if (!fails_with(run.report, key_))
      return false;
    ++accepted_;
    current_plan_ = std::move(candidate);
    current_run_time_ = run_.last_run_time();
    last_failure_ = std::move(run);
    return true;
  }

  // Another candidate (no bigger than the current plan) and the final re-runs of the current plan
  // must fit in what is left of the box, each taking about as long as the current plan's last run.
  bool out_of_time() const { return run_.no_time_for(reruns_ + 1, current_run_time_); }
  const Plan &plan() const { return current_plan_; }
  std::optional<CheckedRun> &last_failure() { return last_failure_; }
  std::size_t attempts() const { return attempts_; }
  std::size_t accepted() const { return accepted_; }

private:
  // Applies `pass` to chunks of its units, halving the chunk size down to single units, keeping
  // each chunk edit that still fails. Returns whether anything changed, nullopt when out of time.
  std::optional<bool> ddmin(const Pass &pass) {
    std::vector<Unit> units = pass.units(original_, current_);
    bool changed = false;
    for (std::size_t chunk = units.size(); chunk > 0 && !units.empty();) {
      bool removed = false;
      for (std::size_t start = 0; start < units.size();) {
        if (out_of_time())
          return std::nullopt;
        const std::size_t end = std::min(start + chunk, units.size());
        PlanEdits edits = current_;
        for (std::size_t i = start; i < end; ++i)
          pass.apply(edits, units[i]);
        Plan candidate = apply_edits(original_, edits);
        if (candidate != current_plan_ && try_plan(std::move(candidate))) {
          current_ = std::move(edits);
          units.erase(units.begin() + static_cast<std::ptrdiff_t>(start),
                      units.begin() + static_cast<std::ptrdiff_t>(end));
          removed = changed = true;
        } else {
          start = end;
        }
      }
      if (chunk == 1)
        break;
      if (!removed)
        chunk = (chunk + 1) / 2;
      chunk = std::min(chunk, std::max<std::size_t>(units.size(), 1));
    }
    return changed;
  }

  const Plan &original_;
  std::string key_;
  TimedRunner &run_;
  std::uint32_t reruns_;
  Clock::duration current_run_time_; // the last run of current_plan_
  PlanEdits current_;
  Plan current_plan_;
  std::optional<CheckedRun> last_failure_;
  std::size_t attempts_ = 0;
  std::size_t accepted_ = 0;
};

struct Reruns {
  std::uint32_t made = 0;     ///< runs that went to the end (an interrupted one does not count)
  std::uint32_t failures = 0; ///< of those, how many failed with the key
  /// Some made run did not fail with the key: the SUT is flaky on this plan.
  bool flaky() const { return failures < made; }
};

// Runs `plan` up to `times` times, fewer if ivsim is interrupted; the last failing run goes to
// `last_failure`.
Reruns rerun(const Plan &plan, const std::string &key, TimedRunner &run, std::uint32_t times,
             std::optional<CheckedRun> &last_failure) {
  Reruns reruns;
  for (std::uint32_t i = 0; i < times && adapters::interrupted() == 0; ++i) {
    CheckedRun checked = run(plan);
    if (checked.result.interrupted)
      break;
    ++reruns.made;
    if (!fails_with(checked.report, key))
      continue;
    ++reruns.failures;
    last_failure = std::move(checked);
  }
  return reruns;
}

} // namespace

ShrinkResult shrink(const Plan &failing, const CheckedRun &first, const RunPlan &run,
                    const ShrinkOptions &options) {
  assert(first.report.verdict == oracle::Verdict::fail && !first.report.divergences.empty() &&
         "shrink starts from a failure");
  const Clock::time_point started = options.now();
  TimedRunner timed(run, options);
  ShrinkResult result;
  result.failure_key = failure_key(first.report.divergences.front());
  result.plan = failing;
  result.run = first;

  std::optional<CheckedRun> last_failure;
  const Reruns before = rerun(failing, result.failure_key, timed, options.reruns, last_failure);
  result.reruns = before.made;
  result.rerun_failures = before.failures;
  result.attempts = before.made;
  const auto finish = [&]() -> ShrinkResult & {
    result.elapsed = std::chrono::duration_cast<Duration>(options.now() - started);
    result.interrupted = adapters::interrupted() != 0;
    return result;
  };
  if (before.flaky()) {
    result.flaky = true;
    return finish();
  }

  Shrinker shrinker(failing, result.failure_key, timed, options, timed.last_run_time());
  const bool fixpoint = shrinker.run_to_fixpoint();
  if (fixpoint && !shrinker.out_of_time())
    shrinker.try_plan(shorten_delays(shrinker.plan()));
  result.attempts += shrinker.attempts();
  result.accepted = shrinker.accepted();
  result.minimal = fixpoint;

  // A SUT that failed every re-run of the original may still have let a flaky candidate through:
  // the result must fail every time too, or it is not the same bug. (Nothing kept: the original's
  // re-runs already said so.)
  const std::uint32_t final_reruns = shrinker.accepted() == 0 ? 0 : options.reruns;
  const Reruns after =
      rerun(shrinker.plan(), result.failure_key, timed, final_reruns, last_failure);
  result.attempts += after.made;
  if (after.flaky()) {
    result.flaky = true;
    result.reruns = after.made;
    result.rerun_failures = after.failures;
    result.minimal = false;
    return finish();
  }
  result.plan = shrinker.plan();
  if (options.reruns == 0)
    last_failure = std::move(shrinker.last_failure());
  if (last_failure)
    result.run = std::move(*last_failure);
  return finish();
}

} // namespace ivsim::cli::check

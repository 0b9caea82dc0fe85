#include "ivsim/cli/plan_source.hpp"

#include "ivsim/cli/generator_options.hpp"
#include "ivsim/error.hpp"

#include <functional>
#include <iostream>

namespace ivsim::cli {

Plan generate_plan(const sim::GeneratorSpec &spec) {
  Plan plan = sim::generate(spec);
  if (plan.generator.is_null())
    plan.generator = sim::to_json(spec);
  return plan;
}

namespace {

constexpr std::size_t kMostListed = 5; // warnings of one kind, then a count of the rest

// One warning per pair, at most kMostListed, then how many more there are.
void warn_each(const std::string &path, const std::vector<SharedId> &pairs,
               const std::function<std::string(const SharedId &)> &describe_pair,
               const std::string &more) {
  for (std::size_t i = 0; i < pairs.size() && i < kMostListed; ++i)
    std::cerr << "ivsim: warning: " << path << ": " << describe_pair(pairs[i]) << "\n";
  if (pairs.size() > kMostListed)
    std::cerr << "ivsim: warning: " << path << ": " << pairs.size() - kMostListed << " " << more
              << "\n";
}

// Hand-written plans built from the AWS documentation's examples reuse their ids; the oracle
// then follows rule 1 (one event per id), which silently ignores the later event in a
// sequential schedule. Say so once per id, with the indexes the scenario format accepts.
void warn_about_shared_ids(const Plan &plan, const std::string &path) {
  warn_each(
      path, ids_shared_by_different_events(plan),
      [&](const SharedId &pair) {
        return "events " + std::to_string(pair.first) + " and " + std::to_string(pair.other) +
               " are different events with the same id \"" + plan.events[pair.first].id.str() +
               "\"; a handler that de-duplicates by id applies only the first it receives "
               "(state-contract rule 1): give each event its own id";
      },
      "more ids are shared by different events");
}

// The oracle keys streams by id and channels by ARN; a stream named under two channels (copied
// from the AWS documentation into two channels' events) is then part of both, which no IVS
// account produces. Say so once per stream id.
void warn_about_streams_under_two_channels(const Plan &plan, const std::string &path) {
  warn_each(
      path, streams_under_two_channels(plan),
      [&](const SharedId &pair) {
        const Event &first = plan.events[pair.first];
        return "events " + std::to_string(pair.first) + " and " + std::to_string(pair.other) +
               " name stream \"" + first.detail.stream_id.str() + "\" under two channels (\"" +
               first.resource().str() + "\" and \"" + plan.events[pair.other].resource().str() +
               "\"); an IVS stream belongs to one channel: give each channel's streams their own "
               "ids";
      },
      "more streams are named under two channels");
}

// AWS adds event names, so an unknown one is kept and changes no state (contract rule 8); in a
// hand-written file it is far more often a typo ("Stream Started"), which would silently test
// nothing. Say where, once per event, for kinds that have names.
void warn_about_unknown_names(const Scenario &scenario, const std::string &path) {
  const Plan &plan = *scenario.plan;
  std::size_t unknown = 0;
  for (std::size_t i = 0; i < plan.events.size(); ++i) {
    const Event &event = plan.events[i];
    if (event.name != EventName::unknown || event.detail_type == DetailType::unknown)
      continue;
    if (++unknown > kMostListed)
      continue;
    const std::string key =
        event.detail_type == DetailType::recording_state_change ? "recording_status" : "event_name";
    const std::string pointer = "/events/" + std::to_string(i) + "/detail/" + key;
    std::cerr << "ivsim: warning: " << (scenario.source ? scenario.source->where(pointer) : path)
              << ": " << pointer << ": \"" << event.name_text << "\" is not a name of \""
              << to_string(event.detail_type)
              << "\" events that this ivsim knows (docs/events.md lists them); the event is "
                 "delivered as written and changes no expected state\n";
  }
  if (unknown > kMostListed)
    std::cerr << "ivsim: warning: " << path << ": " << unknown - kMostListed
              << " more events have names this ivsim does not know\n";
}

} // namespace

PlanSource resolve_plan(const boost::program_options::variables_map &options,
                        const std::optional<std::string> &scenario_path) {
  std::optional<Scenario> scenario;
  if (scenario_path)
    scenario = load_scenario(*scenario_path);
  if (scenario && scenario->plan) {
    // An explicit plan replays as written; its "generator" is provenance, never re-run.
    if (has_generator_flags(options))
      throw InputError(*scenario_path +
                       ": holds an explicit plan (\"events\"), so generator flags do not apply; "
                       "drop them, or regenerate with ivsim generate --scenario " +
                       *scenario_path);
    warn_about_shared_ids(*scenario->plan, *scenario_path);
    warn_about_unknown_names(*scenario, *scenario_path);
    warn_about_streams_under_two_channels(*scenario->plan, *scenario_path);
    return {*scenario->plan, *scenario_path, scenario->description, scenario->scope};
  }
  const sim::GeneratorSpec spec = spec_from_options(options, scenario ? &*scenario : nullptr);
  PlanSource source{
      generate_plan(spec), "generated from seed " + std::to_string(spec.seed), "", {}, true};
  if (scenario) {
    source.origin = *scenario_path + ", " + source.origin;
    source.description = scenario->description;
    source.scope = scenario->scope;
  }
  return source;
}

} // namespace ivsim::cli

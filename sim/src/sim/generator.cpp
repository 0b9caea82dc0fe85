#include "ivsim/sim/generator.hpp"

#include "knob_table.hpp"
#include "knob_values.hpp"
#include "world_parts.hpp"

#include "ivsim/edit_distance.hpp"
#include "ivsim/error.hpp"

namespace ivsim::sim {

namespace {

[[noreturn]] void fail_unknown_knob(std::string_view section, const std::string &key,
                                    const std::string &pointer) {
  std::string message = pointer + ": unknown " + std::string(section) + " option \"" + key + "\"";
  std::string_view best;
  std::size_t best_distance = 4; // suggest only close names
  for (const KnobImpl &impl : knob_table()) {
    if (impl.info.section != section)
      continue;
    const std::size_t distance = edit_distance(key, impl.info.name);
    if (distance < best_distance) {
      best = impl.info.name;
      best_distance = distance;
    }
  }
  if (!best.empty())
    message += "; did you mean \"" + std::string(best) + "\"?";
  throw InputError(message);
}

void require_object(const Json &json, const std::string &pointer, std::string_view what) {
  if (!json.is_object())
    fail_value(pointer, what, json);
}

void read_section(GeneratorSpec &spec, std::string_view section, const Json &json,
                  const std::string &pointer) {
  for (const auto &[key, value] : json.items()) {
    const std::string where = pointer + "/" + escape_pointer(key);
    if (section == "faults" && key == "preset")
      continue; // applied before the other fault knobs
    const KnobImpl *impl = find_knob(section, key);
    if (impl == nullptr)
      fail_unknown_knob(section, key, where);
    impl->set(spec, *impl, value, where);
  }
}

void read_faults(GeneratorSpec &spec, const Json &json, const std::string &pointer) {
  require_object(json, pointer, "an object of fault options like {\"preset\": \"hostile\"}");
  if (const auto preset = json.find("preset"); preset != json.end()) {
    if (!preset->is_string())
      fail_value(pointer + "/preset", "\"none\", \"realistic\" or \"hostile\"", *preset);
    try {
      apply_preset(spec.faults, preset->get_ref<const std::string &>());
    } catch (const InputError &error) {
      throw InputError(pointer + "/preset: " + error.what());
    }
  }
  read_section(spec, "faults", json, pointer);
}

std::uint64_t read_seed(const Json &json, const std::string &pointer) {
  if (!json.is_number_unsigned() && !(json.is_number_integer() && json.get<std::int64_t>() >= 0))
    fail_value(pointer, "a whole number from 0 to 18446744073709551615", json);
  return json.get<std::uint64_t>();
}

// Constraints between knobs, which no single knob's range can express.
void validate_relations(const GeneratorSpec &spec, const std::string &pointer) {
  if (spec.faults.late_min > spec.faults.late_max)
    throw InputError(pointer + "/faults/late_min: expected at most late_max (\"" +
                     format_duration(spec.faults.late_max) + "\"), got \"" +
                     format_duration(spec.faults.late_min) + "\"");
}

void validate_at(const GeneratorSpec &spec, const std::string &pointer) {
  GeneratorSpec scratch = spec;
  for (const KnobImpl &impl : knob_table())
    impl.set(scratch, impl, impl.get(spec),
             pointer + "/" + std::string(impl.info.section) + "/" + std::string(impl.info.name));
  validate_relations(spec, pointer);
}

} // namespace

void validate(const GeneratorSpec &spec) { validate_at(spec, ""); }

GeneratorSpec parse_generator_spec(const nlohmann::ordered_json &json, const std::string &pointer) {
  require_object(json, pointer,
                 "a generator spec like {\"seed\": 42, \"world\": {...}, \"faults\": {...}}");
  GeneratorSpec spec;
  for (const auto &[key, value] : json.items()) {
    const std::string where = pointer + "/" + escape_pointer(key);
    if (key == "seed") {
      spec.seed = read_seed(value, where);
    } else if (key == "world") {
      require_object(value, where, "an object of world options like {\"channels\": 3}");
      read_section(spec, "world", value, where);
    } else if (key == "faults") {
      read_faults(spec, value, where);
    } else {
      throw InputError(where + ": unknown key \"" + key +
                       "\"; expected \"seed\", \"world\" or \"faults\"");
    }
  }
  validate_relations(spec, pointer);
  return spec;
}

nlohmann::ordered_json to_json(const GeneratorSpec &spec) {
  Json json = Json::object();
  json["seed"] = spec.seed;
  json["world"] = Json::object();
  json["faults"] = Json::object();
  for (const KnobImpl &impl : knob_table())
    json[std::string(impl.info.section)][std::string(impl.info.name)] = impl.get(spec);
  return json;
}

namespace {

// A plan is saved with RFC 3339 times, which end with year 9999: a world started late enough to
// run past that could be generated but never read back. Broadcasts under way and late
// deliveries end after `start + duration`, by how much only the plan knows, so the plan is asked:
// its events and its deliveries are each sorted by time, so their ends are the extremes.
void require_writable_times(const Plan &plan, const GeneratorSpec &spec) {
  const auto fits = [](const auto &items, auto time_of) {
    return items.empty() ||
           (is_writable(time_of(items.front())) && is_writable(time_of(items.back())));
  };
  if (!fits(plan.events, [](const Event &e) { return e.effective_time().at; }) ||
      !fits(plan.deliveries, [](const Delivery &d) { return d.deliver_at; }))
    throw InputError("/world/start: expected a start that keeps every event and delivery before " +
                     format_rfc3339(kLatestInstant) +
                     " (the last time RFC 3339 can write), got \"" +
                     format_rfc3339(spec.world.start) + "\"");
}

} // namespace

Plan generate(const GeneratorSpec &spec) {
  validate(spec);
  Plan plan;
  SortedTimeline timeline = generate_world(spec.world, spec.seed);
  plan.deliveries = schedule_deliveries(timeline.facts, spec.faults, spec.seed);
  plan.events = std::move(timeline.events);
  require_writable_times(plan, spec);
  plan.generator = to_json(spec);
  return plan;
}

} // namespace ivsim::sim

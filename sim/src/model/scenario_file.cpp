// Reading scenario files (docs/scenario-format.md): every error names file:line:col.
#include "ivsim/scenario_file.hpp"

#include "ivsim/error.hpp"
#include "ivsim/state_paths.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

namespace ivsim {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::array<std::string_view, 5> kScenarioKeys = {"description", "generator", "scope",
                                                           "events", "deliveries"};
constexpr std::array<std::string_view, 6> kDeliveryKeys = {"event", "at",      "copy",
                                                           "group", "dropped", "faults"};
constexpr std::string_view kTimeForm =
    "an RFC 3339 time like \"2024-03-13T22:09:58Z\" or an offset from the event's time like "
    "\"+3h\"";

template <std::size_t N> std::string join_quoted(const std::array<std::string_view, N> &names) {
  std::string text;
  for (const std::string_view name : names)
    text += (text.empty() ? "\"" : ", \"") + std::string(name) + "\"";
  return text;
}

std::string pointer_to(const std::string &base, std::string_view key) {
  return base + "/" + std::string(key);
}

std::string pointer_to(const std::string &base, std::size_t index) {
  return base + "/" + std::to_string(index);
}

// Reads the parts of one scenario document, failing with the location of the bad part.
class ScenarioReader {
public:
  explicit ScenarioReader(std::shared_ptr<const JsonSource> source) : source_(std::move(source)) {}

  Scenario read(const Json &document) {
    require_known_keys(document, "", kScenarioKeys);
    Scenario scenario;
    scenario.source = source_;
    if (const Json *description = find(document, "description"))
      scenario.description = read_string(*description, "/description", "a string");
    if (const Json *generator = find(document, "generator")) {
      if (!generator->is_object())
        fail_found("/generator", "a generator spec object like {\"seed\": 7}", *generator);
      scenario.generator = *generator;
    }
    if (const Json *scope = find(document, "scope"))
      scenario.scope = read_scope(*scope);
    const Json *events = find(document, "events");
    if (events != nullptr) {
      scenario.plan = read_plan(*events, find(document, "deliveries"));
      scenario.plan->generator = scenario.generator;
    } else if (const Json *deliveries = find(document, "deliveries")) {
      (void)deliveries;
      source_->fail("/deliveries", "expected \"events\" for these deliveries to refer to, but it "
                                   "is missing");
    } else if (scenario.generator.is_null()) {
      source_->fail("", "expected \"generator\", \"events\" or both, found neither");
    }
    return scenario;
  }

private:
  static const Json *find(const Json &object, std::string_view key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  [[noreturn]] void fail_found(const std::string &pointer, std::string_view expected,
                               const Json &found) const {
    source_->fail(pointer, "expected " + std::string(expected) + ", got " + describe_found(found));
  }

  template <std::size_t N>
  void require_known_keys(const Json &object, const std::string &pointer,
                          const std::array<std::string_view, N> &known) const {
    if (!object.is_object())
      fail_found(pointer, "an object", object);
    for (const auto &[key, value] : object.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end())
        source_->fail(pointer_to(pointer, key),
                      "expected one of the keys " + join_quoted(known) + ", got \"" + key + "\"");
    }
  }

  std::string read_string(const Json &value, const std::string &pointer,
                          std::string_view expected) const {
    if (!value.is_string())
      fail_found(pointer, expected, value);
    return value.get<std::string>();
  }

  std::vector<std::string> read_scope(const Json &scope) const {
    constexpr std::string_view kExpected = "a field path like \"channels.*.live\"";
    if (!scope.is_array())
      fail_found("/scope", "an array of field paths like [\"channels.*.live\"]", scope);
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < scope.size(); ++i) {
      const std::string pointer = pointer_to("/scope", i);
      std::string path = read_string(scope[i], pointer, kExpected);
      if (const std::optional<std::string> problem = field_path_problem(path))
        source_->fail(pointer, *problem);
      paths.push_back(std::move(path));
    }
    return paths;
  }

  Plan read_plan(const Json &events, const Json *deliveries) {
    if (!events.is_array())
      fail_found("/events", "an array of EventBridge events", events);
    Plan plan;
    plan.events.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i)
      plan.events.push_back(read_event(events[i], pointer_to("/events", i)));
    index_event_ids(plan.events);
    plan.deliveries = deliveries == nullptr ? deliver_each_once(plan.events)
                                            : read_deliveries(*deliveries, plan.events);
    require_every_event_scheduled(plan);
    validate(plan); // holds by construction; a throw here is a loader bug reported as input error
    return plan;
  }

  Event read_event(const Json &event, const std::string &pointer) const {
    try {
      return parse_event(event);
    } catch (const InputError &error) {
      source_->relocate(error, pointer);
    }
  }

  void index_event_ids(const std::vector<Event> &events) {
    for (std::size_t i = 0; i < events.size(); ++i)
      events_by_id_[events[i].id.str()].push_back(static_cast<std::uint32_t>(i));
  }

  // Without "deliveries", each event is delivered once at its true time, in true-time order.
  static std::vector<Delivery> deliver_each_once(const std::vector<Event> &events) {
    std::vector<Delivery> deliveries;
    for (std::size_t i = 0; i < events.size(); ++i) {
      Delivery delivery;
      delivery.event = static_cast<std::uint32_t>(i);
      delivery.deliver_at = events[i].effective_time().at;
      deliveries.push_back(delivery);
    }
    std::stable_sort(
        deliveries.begin(), deliveries.end(),
        [](const Delivery &a, const Delivery &b) { return a.deliver_at < b.deliver_at; });
    return deliveries;
  }

  struct ReadDelivery {
    Delivery delivery;
    bool copy_given = false;
    std::string pointer; // where it is in the file, for messages
  };

  std::vector<Delivery> read_deliveries(const Json &deliveries, const std::vector<Event> &events) {
    if (!deliveries.is_array())
      fail_found("/deliveries",
                 "an array of deliveries like {\"event\": \"<id>\", \"at\": \"+3h\"}", deliveries);
    std::vector<ReadDelivery> read;
    for (std::size_t i = 0; i < deliveries.size(); ++i)
      read.push_back(read_delivery(deliveries[i], pointer_to("/deliveries", i), events));
    // Hand-written deliveries may come in any order; the schedule is by time, ties in file order.
    std::stable_sort(read.begin(), read.end(), [](const ReadDelivery &a, const ReadDelivery &b) {
      return a.delivery.deliver_at < b.delivery.deliver_at;
    });
    std::vector<Delivery> sorted;
    for (const ReadDelivery &item : read)
      sorted.push_back(item.delivery);
    const std::vector<std::uint16_t> implied = implied_copies(sorted);
    for (std::size_t i = 0; i < sorted.size(); ++i)
      if (!read[i].copy_given)
        sorted[i].copy = implied[i];
    require_distinct_copies(read, sorted, events);
    return sorted;
  }

  // Copy numbers tell an event's deliveries apart in reports and in `ivsim show`; two deliveries
  // of one event with the same number are a slip. (Gaps are fine: a shrunk plan keeps the
  // numbers of the deliveries it kept.)
  void require_distinct_copies(const std::vector<ReadDelivery> &read,
                               const std::vector<Delivery> &sorted,
                               const std::vector<Event> &events) const {
    std::map<std::pair<std::uint32_t, std::uint16_t>, std::size_t> seen; // (event, copy) -> first
    // Implied numbers first (they never clash among themselves): a clash between a given and
    // an implied number is then reported at the given one, which the user wrote.
    std::vector<std::size_t> order(sorted.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_partition(order.begin(), order.end(),
                          [&](std::size_t i) { return !read[i].copy_given; });
    for (const std::size_t i : order) {
      const auto [first, inserted] = seen.emplace(std::pair(sorted[i].event, sorted[i].copy), i);
      if (inserted)
        continue;
      source_->fail(read[i].copy_given ? pointer_to(read[i].pointer, "copy") : read[i].pointer,
                    "expected a copy number that no other delivery of event \"" +
                        std::string(events[sorted[i].event].id) + "\" has, got " +
                        std::to_string(sorted[i].copy) + ", as " + read[first->second].pointer +
                        " has");
    }
  }

  ReadDelivery read_delivery(const Json &json, const std::string &pointer,
                             const std::vector<Event> &events) const {
    require_known_keys(json, pointer, kDeliveryKeys);
    const Json *event = find(json, "event");
    if (event == nullptr)
      source_->fail(pointer_to(pointer, "event"),
                    "expected the id or index of an event in \"events\", but it is missing");
    ReadDelivery read;
    read.pointer = pointer;
    Delivery &delivery = read.delivery;
    delivery.event = read_event_reference(*event, pointer_to(pointer, "event"), events.size());
    const Event &target = events[delivery.event];
    const Json *at = find(json, "at");
    delivery.deliver_at = at == nullptr ? target.effective_time().at
                                        : read_at(*at, pointer_to(pointer, "at"), target);
    if (const Json *copy = find(json, "copy")) {
      delivery.copy = static_cast<std::uint16_t>(read_count(
          *copy, pointer_to(pointer, "copy"), std::numeric_limits<std::uint16_t>::max()));
      read.copy_given = true;
    }
    if (const Json *group = find(json, "group"))
      delivery.group = static_cast<std::uint32_t>(read_count(
          *group, pointer_to(pointer, "group"), std::numeric_limits<std::uint32_t>::max()));
    if (const Json *dropped = find(json, "dropped")) {
      if (!dropped->is_boolean())
        fail_found(pointer_to(pointer, "dropped"), "true or false", *dropped);
      delivery.dropped = dropped->get<bool>();
    }
    if (const Json *faults = find(json, "faults"))
      delivery.faults = read_faults(*faults, pointer_to(pointer, "faults"));
    return read;
  }

  std::uint32_t read_event_reference(const Json &value, const std::string &pointer,
                                     std::size_t event_count) const {
    if (value.is_number_unsigned()) {
      const auto index = value.get<std::uint64_t>();
      if (index >= event_count)
        source_->fail(pointer, "expected an event index below " + std::to_string(event_count) +
                                   " (the number of events), got " + std::to_string(index));
      return static_cast<std::uint32_t>(index);
    }
    if (!value.is_string())
      fail_found(pointer, "an event id string or an event index", value);
    const std::string &id = value.get_ref<const std::string &>();
    const auto it = events_by_id_.find(id);
    if (it == events_by_id_.end())
      source_->fail(pointer, "expected the id of an event in \"events\", got \"" + id +
                                 "\", which no event has");
    if (it->second.size() > 1)
      source_->fail(pointer, "expected an id that names one event, got \"" + id +
                                 "\", shared by events " + std::to_string(it->second[0]) + " and " +
                                 std::to_string(it->second[1]) +
                                 "; name the event by its index instead");
    return it->second.front();
  }

  Instant read_at(const Json &value, const std::string &pointer, const Event &event) const {
    if (!value.is_string())
      fail_found(pointer, kTimeForm, value);
    const std::string_view text = value.get_ref<const std::string &>();
    if (text.starts_with('+')) {
      // An offset from the event's true time (state-contract rule 1): "deliver it 3 h late".
      if (const auto offset = parse_duration(text.substr(1)))
        if (const Instant at = event.effective_time().at + *offset; is_writable(at))
          return at; // past year 9999 the plan could not be saved
    } else if (const auto time = parse_rfc3339(text)) {
      // Nothing is delivered before it happens: not before the event's time, nor its envelope's.
      const Instant earliest = std::min(event.time, event.effective_time().at);
      if (time->at < earliest)
        source_->fail(pointer, "expected a time at or after the event's own, " +
                                   format_rfc3339(earliest, floor_to_second(earliest) == earliest
                                                                ? Resolution::seconds
                                                                : Resolution::sub_second) +
                                   " (nothing is delivered before it happens), got \"" +
                                   std::string(text) + "\"");
      return time->at;
    } else if (text.starts_with('-') && parse_duration(text.substr(1))) {
      source_->fail(pointer, "expected an offset at or after the event's time like \"+3h\" or "
                             "\"+0s\" (nothing is delivered before it happens), got \"" +
                                 std::string(text) + "\"");
    }
    fail_found(pointer, kTimeForm, value);
  }

  std::uint64_t read_count(const Json &value, const std::string &pointer, std::uint64_t max) const {
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max)
      fail_found(pointer, "a whole number from 0 to " + std::to_string(max), value);
    return value.get<std::uint64_t>();
  }

  FaultSet read_faults(const Json &value, const std::string &pointer) const {
    std::string names;
    for (const Fault fault : kAllFaults)
      names += (names.empty() ? "\"" : ", \"") + std::string(to_string(fault)) + "\"";
    if (!value.is_array())
      fail_found(pointer, "an array of fault names (" + names + ")", value);
    FaultSet faults;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const Json &item = value[i];
      const auto known = std::find_if(std::begin(kAllFaults), std::end(kAllFaults), [&](Fault f) {
        return item.is_string() && item.get_ref<const std::string &>() == to_string(f);
      });
      if (known == std::end(kAllFaults))
        fail_found(pointer_to(pointer, i), "one of the fault names " + names, item);
      faults.add(*known);
    }
    return faults;
  }

  void require_every_event_scheduled(const Plan &plan) const {
    std::vector<bool> scheduled(plan.events.size(), false);
    for (const Delivery &delivery : plan.deliveries)
      scheduled[delivery.event] = true;
    const auto missing = std::find(scheduled.begin(), scheduled.end(), false);
    if (missing != scheduled.end())
      source_->fail(pointer_to("/events", static_cast<std::size_t>(missing - scheduled.begin())),
                    "expected a delivery of this event in \"deliveries\" (add one with "
                    "\"dropped\": true to never send it), found none");
  }

  std::shared_ptr<const JsonSource> source_;
  std::map<std::string, std::vector<std::uint32_t>, std::less<>> events_by_id_;
};

} // namespace

std::vector<std::uint16_t> implied_copies(const std::vector<Delivery> &deliveries) {
  std::map<std::uint32_t, std::uint16_t> seen;
  std::vector<std::uint16_t> copies;
  copies.reserve(deliveries.size());
  for (const Delivery &delivery : deliveries)
    copies.push_back(seen[delivery.event]++);
  return copies;
}

Scenario parse_scenario(std::string text, std::string name) {
  auto source = std::make_shared<const JsonSource>(std::move(name), std::move(text));
  const Json document = source->parse();
  return ScenarioReader(source).read(document);
}

Scenario load_scenario(const std::string &path) {
  JsonSource file = JsonSource::read_file(path);
  return parse_scenario(file.text(), file.name());
}

} // namespace ivsim

// Writing scenario files: the inverse of parse_scenario, byte-stable for a given plan.
#include "ivsim/error.hpp"
#include "ivsim/scenario_file.hpp"

#include <fstream>
#include <map>

namespace ivsim {

namespace {

using Json = nlohmann::ordered_json;

// Ids are friendlier than indices, but only an id that names one event is a reference.
std::vector<bool> unique_ids(const std::vector<Event> &events) {
  std::map<Text, int> counts;
  for (const Event &event : events)
    ++counts[event.id];
  std::vector<bool> unique;
  unique.reserve(events.size());
  for (const Event &event : events)
    unique.push_back(counts[event.id] == 1);
  return unique;
}

std::string format_delivery_time(Instant at) {
  const bool whole_second = floor_to_second(at) == at;
  return format_rfc3339(at, whole_second ? Resolution::seconds : Resolution::sub_second);
}

Json delivery_json(const Delivery &delivery, const Plan &plan, const std::vector<bool> &unique,
                   std::uint16_t implied_copy) {
  Json json = Json::object();
  if (unique[delivery.event])
    json["event"] = plan.events[delivery.event].id;
  else
    json["event"] = delivery.event;
  json["at"] = format_delivery_time(delivery.deliver_at);
  if (delivery.copy != implied_copy)
    json["copy"] = delivery.copy;
  if (delivery.group != kNoGroup)
    json["group"] = delivery.group;
  if (delivery.dropped)
    json["dropped"] = true;
  if (!delivery.faults.empty()) {
    Json faults = Json::array();
    for (const Fault fault : kAllFaults)
      if (delivery.faults.has(fault))
        faults.push_back(std::string(to_string(fault)));
    json["faults"] = std::move(faults);
  }
  return json;
}

std::string dump(const Json &json, int indent) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// Indents every line after the first of `text` by `by` spaces, to nest a pretty dump.
std::string nest(const std::string &text, std::string_view by) {
  std::string out;
  for (const char c : text) {
    out += c;
    if (c == '\n')
      out += by;
  }
  return out;
}

// Arrays of events and deliveries: one compact item per line, so a diff shows what changed.
std::string one_per_line(const Json &items) {
  if (items.empty())
    return "[]";
  std::string text = "[\n";
  for (std::size_t i = 0; i < items.size(); ++i)
    text += "    " + dump(items[i], -1) + (i + 1 < items.size() ? ",\n" : "\n");
  return text + "  ]";
}

} // namespace

Json to_json(const Scenario &scenario) {
  Json json = Json::object();
  if (!scenario.description.empty())
    json["description"] = scenario.description;
  const Json &generator = scenario.plan ? scenario.plan->generator : scenario.generator;
  if (!generator.is_null())
    json["generator"] = generator;
  if (!scenario.scope.empty())
    json["scope"] = scenario.scope;
  if (!scenario.plan)
    return json;
  const Plan &plan = *scenario.plan;
  Json events = Json::array();
  for (const Event &event : plan.events)
    events.push_back(to_json(event));
  json["events"] = std::move(events);
  const std::vector<bool> unique = unique_ids(plan.events);
  const std::vector<std::uint16_t> implied = implied_copies(plan.deliveries);
  Json deliveries = Json::array();
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i)
    deliveries.push_back(delivery_json(plan.deliveries[i], plan, unique, implied[i]));
  json["deliveries"] = std::move(deliveries);
  return json;
}

std::string to_scenario_text(const Scenario &scenario) {
  const Json json = to_json(scenario);
  std::string text = "{\n";
  std::size_t written = 0;
  for (const auto &[key, value] : json.items()) {
    const bool listed = key == "events" || key == "deliveries";
    text += "  " + dump(Json(key), -1) + ": " +
            (listed ? one_per_line(value) : nest(dump(value, 2), "  "));
    text += ++written < json.size() ? ",\n" : "\n";
  }
  return text + "}\n";
}

void save_scenario(const std::string &path, const Scenario &scenario) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    throw InputError(path + ": cannot write: the directory does not exist or is not writable");
  out << to_scenario_text(scenario);
  if (!out.flush())
    throw InputError(path + ": cannot write: the disk refused the data");
}

Scenario scenario_from_plan(Plan plan, std::string description) {
  Scenario scenario;
  scenario.description = std::move(description);
  scenario.generator = plan.generator;
  scenario.plan = std::move(plan);
  return scenario;
}

} // namespace ivsim

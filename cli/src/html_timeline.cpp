#include "html_timeline.hpp"

#include "ivsim/cli/timeline.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace ivsim::cli {

namespace {

// One entity's deliveries, in schedule order.
struct EntityLane {
  std::string name;
  std::vector<std::uint32_t> deliveries;
  bool implicated = false; ///< holds an event a divergence cites
};

// Account-level Limit Breach events name no resource: IVS sends `resources: []` for them.
std::string entity_of(const Event &event) {
  const std::string_view resource = event.resource();
  return resource.empty() ? std::string("account") : std::string(resource);
}

std::vector<EntityLane> lanes_of(const Plan &plan,
                                 const std::unordered_set<std::string> &evidence_ids) {
  std::map<std::string, EntityLane> by_name;
  for (std::uint32_t i = 0; i < plan.deliveries.size(); ++i) {
    const Event &event = plan.events[plan.deliveries[i].event];
    EntityLane &lane = by_name[entity_of(event)];
    lane.deliveries.push_back(i);
    lane.implicated = lane.implicated || evidence_ids.contains(std::string(event.id));
  }
  std::vector<EntityLane> lanes;
  for (auto &[name, lane] : by_name) {
    lane.name = name;
    lanes.push_back(std::move(lane));
  }
  // Implicated entities first: a reader opens the page to see why the handler went wrong.
  std::stable_partition(lanes.begin(), lanes.end(),
                        [](const EntityLane &lane) { return lane.implicated; });
  return lanes;
}

std::string_view outcome_class(const adapters::DeliveryRecord *record, const Delivery &delivery) {
  if (delivery.dropped)
    return "dropped";
  if (record == nullptr)
    return "unsent";
  return adapters::to_string(record->outcome.outcome);
}

// The lane chart: event times on the upper row, delivery times on the lower, a line from each
// event to each of its deliveries, so late, swapped and duplicate deliveries are visible at once.
void append_chart(std::string &html, const HtmlReportInput &input, const EntityLane &lane) {
  constexpr double kWidth = 960, kLeft = 90, kRight = 20, kTop = 22, kBottom = 62;
  Instant first = Instant::max(), last = Instant::min();
  for (std::uint32_t index : lane.deliveries) {
    const Delivery &delivery = input.plan.deliveries[index];
    const Instant truth = input.plan.events[delivery.event].effective_time().at;
    first = std::min({first, truth, delivery.deliver_at});
    last = std::max({last, truth, delivery.deliver_at});
  }
  const double span = std::max<double>(1, std::chrono::duration<double>(last - first).count());
  auto x_of = [&](Instant at) {
    return kLeft +
           (kWidth - kLeft - kRight) * std::chrono::duration<double>(at - first).count() / span;
  };
  html += "<svg class=\"lane\" width=\"960\" height=\"96\" role=\"img\" aria-label=\"event time "
          "and delivery time of each event\">"
          "<text x=\"4\" y=\"26\">event time</text><text x=\"4\" y=\"66\">delivered</text>"
          "<text x=\"" +
          std::to_string(kLeft) + "\" y=\"90\">" + time_text(first) + "</text><text x=\"" +
          std::to_string(kWidth - kRight) + "\" y=\"90\" text-anchor=\"end\">" + time_text(last) +
          "</text>";
  for (std::uint32_t index : lane.deliveries) {
    const Delivery &delivery = input.plan.deliveries[index];
    const Event &event = input.plan.events[delivery.event];
    const adapters::DeliveryRecord *record =
        index < input.result.records.size() ? &input.result.records[index] : nullptr;
    const std::string cls(outcome_class(record, delivery));
    const double from = x_of(event.effective_time().at), to = x_of(delivery.deliver_at);
    const std::string title = "<title>#" + std::to_string(index) + " " +
                              escape_html(event_label(event)) + ": " + cls + "</title>";
    html += "<g class=\"" + cls + (delivery.copy > 0 ? " copy" : "") + "\">" + title;
    html +=
        "<circle cx=\"" + std::to_string(from) + "\" cy=\"" + std::to_string(kTop) + "\" r=\"4\"/>";
    if (!delivery.dropped) {
      html += "<line x1=\"" + std::to_string(from) + "\" y1=\"" + std::to_string(kTop) +
              "\" x2=\"" + std::to_string(to) + "\" y2=\"" + std::to_string(kBottom) + "\"/>";
      html += "<rect x=\"" + std::to_string(to - 4) + "\" y=\"" + std::to_string(kBottom - 4) +
              "\" width=\"8\" height=\"8\"/>";
    }
    html += "</g>";
  }
  html += "</svg>\n";
}

std::string outcome_text(const adapters::DeliveryRecord *record, const Delivery &delivery) {
  if (delivery.dropped)
    return "dropped by the plan";
  if (record == nullptr)
    return "not sent";
  const adapters::DeliveryOutcome &outcome = record->outcome;
  std::string text(adapters::to_string(outcome.outcome));
  if (outcome.attempts > 1)
    text += " after " + std::to_string(outcome.attempts) + " attempts";
  if (!outcome.reason.empty())
    text += ": " + outcome.reason;
  if (outcome.indeterminate)
    text += " (indeterminate)";
  return text;
}

void append_row(std::string &html, const HtmlReportInput &input, std::uint32_t index,
                const std::unordered_set<std::string> &evidence_ids,
                std::unordered_set<std::uint32_t> &anchored_events) {
  const Delivery &delivery = input.plan.deliveries[index];
  const Event &event = input.plan.events[delivery.event];
  const std::string id(event.id);
  const adapters::DeliveryRecord *record =
      index < input.result.records.size() ? &input.result.records[index] : nullptr;
  html += "<tr class=\"" + std::string(outcome_class(record, delivery)) +
          (evidence_ids.contains(id) ? " evidence" : "") + "\"";
  if (anchored_events.insert(delivery.event).second)
    html += " id=\"" + event_anchor(id) + "\"";
  html += "><td>" + std::to_string(index) + "</td><td>" + time_text(event.effective_time().at) +
          "</td><td>" + (delivery.dropped ? std::string("-") : time_text(delivery.deliver_at)) +
          "</td><td>" +
          (delivery.dropped ? std::string("-") : signed_duration(delay_of(input.plan, delivery))) +
          "</td><td>" + escape_html(event_label(event)) + "</td><td class=\"id\">" +
          escape_html(id) + "</td><td>" + std::to_string(delivery.copy) + "</td><td>" +
          (delivery.group == kNoGroup ? std::string("-") : std::to_string(delivery.group)) +
          "</td><td>" + (delivery.faults.empty() ? "-" : to_string(delivery.faults)) + "</td><td>" +
          escape_html(outcome_text(record, delivery)) + "</td><td>" +
          (record != nullptr && record->acknowledged_as ? std::to_string(*record->acknowledged_as)
                                                        : std::string("-")) +
          "</td></tr>\n";
}

void append_lane(std::string &html, const HtmlReportInput &input, const EntityLane &lane,
                 const std::unordered_set<std::string> &evidence_ids,
                 std::unordered_set<std::uint32_t> &anchored_events) {
  html += std::string("<details class=\"entity\"") + (lane.implicated ? " open" : "") +
          "><summary>" + escape_html(lane.name) + " <span class=\"muted\">(" +
          std::to_string(lane.deliveries.size()) + " deliveries" +
          (lane.implicated ? ", cited by a divergence" : "") + ")</span></summary>\n";
  append_chart(html, input, lane);
  html += "<table class=\"deliveries\"><thead><tr><th>#</th><th>event time</th>"
          "<th>delivered at</th><th>delay</th><th>event</th><th>id</th><th>copy</th>"
          "<th>group</th><th>faults</th><th>outcome</th><th>ack order</th></tr></thead><tbody>\n";
  for (std::uint32_t index : lane.deliveries)
    append_row(html, input, index, evidence_ids, anchored_events);
  html += "</tbody></table></details>\n";
}

} // namespace

std::string event_anchor(std::string_view event_id) {
  std::string anchor = "ev-";
  for (char c : event_id) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_';
    anchor += plain ? c : '_';
  }
  return anchor;
}

void append_timelines(std::string &html, const HtmlReportInput &input,
                      const std::unordered_set<std::string> &evidence_ids) {
  html += "<section id=\"timeline\"><h2>Timeline per entity</h2>\n<p class=\"muted\">Upper row: "
          "when each event happened; lower row: when each copy was delivered (virtual clock). "
          "Green acknowledged, grey dropped, orange rejected, red failed; dashed lines are "
          "duplicate copies.</p>\n";
  std::unordered_set<std::uint32_t> anchored_events;
  for (const EntityLane &lane : lanes_of(input.plan, evidence_ids))
    append_lane(html, input, lane, evidence_ids, anchored_events);
  html += "</section>\n";
}

} // namespace ivsim::cli

#include "ivsim/cli/timeline.hpp"

#include <iomanip>
#include <set>

namespace ivsim::cli {

namespace {

constexpr int kTimeWidth = 29; // "2024-03-14T03:13:39.054346Z" and two spaces

} // namespace

Duration delay_of(const Plan &plan, const Delivery &delivery) {
  return delivery.deliver_at - plan.events[delivery.event].effective_time().at;
}

std::string readable_duration(Duration duration) {
  using namespace std::chrono;
  if (duration >= seconds{1})
    return format_duration(round<seconds>(duration));
  return format_duration(round<milliseconds>(duration));
}

std::string signed_duration(Duration duration) {
  return duration < Duration{0} ? "-" + readable_duration(-duration)
                                : "+" + readable_duration(duration);
}

std::string event_label(const Event &event) {
  // describe() ends with the event time, which timelines show in their own column.
  std::string label = describe(event);
  const std::size_t last_space = label.rfind(' ');
  return last_space == std::string::npos ? label : label.substr(0, last_space);
}

std::string time_text(Instant at) {
  return format_rfc3339(at,
                        floor_to_second(at) == at ? Resolution::seconds : Resolution::sub_second);
}

FaultSummary summarize(const Plan &plan) {
  FaultSummary summary;
  summary.events = plan.events.size();
  summary.deliveries = plan.deliveries.size();
  std::vector<bool> sent(plan.events.size(), false);
  std::set<std::uint32_t> groups;
  for (const Delivery &delivery : plan.deliveries) {
    for (std::size_t i = 0; i < std::size(kAllFaults); ++i)
      summary.per_fault[i] += delivery.faults.has(kAllFaults[i]) ? 1 : 0;
    if (delivery.group != kNoGroup)
      groups.insert(delivery.group);
    if (delivery.dropped) {
      ++summary.dropped;
      continue;
    }
    // A duplicate is a send of an event already sent: counted by sends, not by copy labels (the
    // first copy may be the one dropped, and a hand-written plan numbers copies as it likes).
    summary.duplicates += sent[delivery.event] ? 1 : 0;
    sent[delivery.event] = true;
    const Duration delay = delay_of(plan, delivery);
    summary.late += delay > kLateAfter ? 1 : 0;
    summary.max_delay = std::max(summary.max_delay, delay);
  }
  summary.groups = groups.size();
  summary.never_delivered = static_cast<std::size_t>(std::count(sent.begin(), sent.end(), false));
  return summary;
}

void print_timeline(std::ostream &out, const Plan &plan) {
  out << std::left << std::setw(6) << "#" << std::setw(kTimeWidth) << "delivered at"
      << std::setw(kTimeWidth) << "true time" << std::setw(11) << "delay" << std::setw(5) << "copy"
      << std::setw(6) << "group" << std::setw(22) << "faults"
      << "event\n";
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i) {
    const Delivery &delivery = plan.deliveries[i];
    const Event &event = plan.events[delivery.event];
    out << std::setw(6) << i << std::setw(kTimeWidth) << time_text(delivery.deliver_at)
        << std::setw(kTimeWidth) << time_text(event.effective_time().at) << std::setw(11)
        << (delivery.dropped ? "dropped" : signed_duration(delay_of(plan, delivery)))
        << std::setw(5) << delivery.copy << std::setw(6)
        << (delivery.group == kNoGroup ? "-" : std::to_string(delivery.group)) << std::setw(22)
        << (delivery.faults.empty() ? "-" : to_string(delivery.faults)) << event_label(event)
        << "\n";
  }
  out << std::right;
}

void print_summary(std::ostream &out, const FaultSummary &summary) {
  const auto line = [&out](std::string_view name, const std::string &value) {
    out << "  " << std::left << std::setw(24) << name << std::right << value << "\n";
  };
  out << "Summary:\n";
  line("events", std::to_string(summary.events));
  line("deliveries", std::to_string(summary.deliveries));
  line("dropped deliveries", std::to_string(summary.dropped));
  line("events never delivered", std::to_string(summary.never_delivered));
  line("duplicate copies sent", std::to_string(summary.duplicates));
  line("concurrent groups", std::to_string(summary.groups));
  line("late (> " + format_duration(kLateAfter) + ")", std::to_string(summary.late));
  line("max delay", readable_duration(summary.max_delay));
  out << "Deliveries per fault:\n";
  for (std::size_t i = 0; i < std::size(kAllFaults); ++i)
    line(to_string(kAllFaults[i]), std::to_string(summary.per_fault[i]));
}

} // namespace ivsim::cli

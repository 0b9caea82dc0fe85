#include "ivsim/delivery.hpp"

namespace ivsim {

std::string_view to_string(Fault fault) {
  switch (fault) {
  case Fault::drop:
    return "drop";
  case Fault::delay:
    return "delay";
  case Fault::swap:
    return "swap";
  case Fault::duplicate:
    return "duplicate";
  case Fault::group:
    return "group";
  case Fault::cross_stream:
    return "cross_stream";
  }
  return "unknown";
}

std::string to_string(FaultSet faults) {
  if (faults.empty())
    return "none";
  std::string text;
  for (const Fault fault : kAllFaults) {
    if (!faults.has(fault))
      continue;
    if (!text.empty())
      text += '+';
    text += to_string(fault);
  }
  return text;
}

std::ostream &operator<<(std::ostream &out, const Delivery &delivery) {
  out << "{event " << delivery.event << " at " << format_rfc3339(delivery.deliver_at);
  if (delivery.copy != 0)
    out << " copy " << delivery.copy;
  if (delivery.group != kNoGroup)
    out << " group " << delivery.group;
  if (delivery.dropped)
    out << " dropped";
  if (!delivery.faults.empty())
    out << " faults " << to_string(delivery.faults);
  return out << "}";
}

} // namespace ivsim

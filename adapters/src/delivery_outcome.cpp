#include "ivsim/adapters/delivery_outcome.hpp"

namespace ivsim::adapters {

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
  case Outcome::acknowledged:
    return "acknowledged";
  case Outcome::dropped:
    return "dropped";
  case Outcome::rejected:
    return "rejected";
  case Outcome::failed:
    return "failed";
  }
  return "?";
}

std::ostream &operator<<(std::ostream &out, const DeliveryOutcome &outcome) {
  out << to_string(outcome.outcome);
  if (outcome.outcome == Outcome::acknowledged || outcome.outcome == Outcome::dropped)
    return out;
  out << " after " << outcome.attempts << (outcome.attempts == 1 ? " attempt" : " attempts");
  if (!outcome.reason.empty())
    out << ": " << outcome.reason;
  if (outcome.indeterminate)
    out << " (indeterminate)";
  return out;
}

} // namespace ivsim::adapters

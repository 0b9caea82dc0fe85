// Fuzzes ivsim::parse_event (event JSON text): bad input throws InputError, and an accepted
// event serialises to bytes that parse back to the same bytes.
#include "fuzz_target.hpp"

#include "ivsim/event.hpp"

#include <optional>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace ivsim;
  std::optional<Event> event;
  try {
    event = parse_event(fuzz::as_text(data, size));
  } catch (const InputError &) {
    return 0; // rejected with a message: what bad input must get
  }
  // Past this point nothing may throw: the event was accepted, so it must serialise, describe
  // itself for reports, and read back exactly (docs/scenario-format.md: events are sent as
  // written).
  const std::string text = to_json_text(*event);
  (void)describe(*event);
  (void)to_json_text(event->with_fields_as_truth());
  if (to_json_text(parse_event(text)) != text)
    fuzz::broken("a parsed event's JSON parses back to the same bytes");
  return 0;
}

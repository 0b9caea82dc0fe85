// Fuzzes ivsim::oracle::parse_state_document (a SUT's state as JSON text): bad input throws
// InputError, and an accepted document written back in the contract's shape reads back equal.
#include "fuzz_target.hpp"

#include "ivsim/oracle/state_document.hpp"

#include <optional>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace ivsim;
  std::optional<oracle::StateDocument> document;
  try {
    document = oracle::parse_state_document(fuzz::as_text(data, size));
  } catch (const InputError &) {
    return 0;
  }
  const oracle::Json written = oracle::to_json(*document);
  if (oracle::parse_state_document(written) != *document)
    fuzz::broken("a document written in the contract's shape reads back equal");
  const std::string text = written.dump();
  if (oracle::parse_state_document(std::string_view(text)) != *document)
    fuzz::broken("a document's JSON text reads back equal");
  return 0;
}

#include "ivsim/event.hpp"

#include "event_generators.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ivsim {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// What to_json_text must equal: the dump of the ordered_json document, as it always was.
std::string dump_of_document(const Event &event) {
  return to_json(event).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string read_text(const fs::path &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Bytes a hand-edited scenario may hold: control characters, DEL, JSON escapes, valid and
// invalid UTF-8 (the dump replaces invalid bytes).
rc::Gen<std::string> gen_raw_bytes() {
  static const std::vector<char> kBytes = {'a',    '"',    '\\',   '/',    '\0',   '\x01',
                                           '\x08', '\x09', '\x0a', '\x0c', '\x0d', '\x1f',
                                           '\x7f', '\x80', '\xc3', '\xa9', '\xe5', '\xff'};
  return rc::gen::container<std::string>(rc::gen::elementOf(kBytes));
}

RC_GTEST_PROP(EventJsonText, EqualsTheDumpOfTheDocumentForTypedEvents, ()) {
  const Event event = *testing::gen_typed_event();
  RC_ASSERT(to_json_text(event) == dump_of_document(event));
}

RC_GTEST_PROP(EventJsonText, EqualsTheDumpOfTheDocumentForAnyBytes, ()) {
  Event event;
  event.detail_type = DetailType::stream_state_change;
  event.name = EventName::stream_start;
  event.id = *gen_raw_bytes();
  event.resources = {*gen_raw_bytes(), *gen_raw_bytes()};
  event.detail.channel_name = *gen_raw_bytes();
  event.detail.stream_id = *gen_raw_bytes();
  event.detail.reason = *gen_raw_bytes();
  RC_ASSERT(to_json_text(event) == dump_of_document(event));
}

TEST(EventJsonText, EqualsTheDumpOfTheDocumentForTypedCopiesOfFixtures) {
  std::size_t checked = 0;
  for (const auto &entry : fs::directory_iterator(fs::path(IVSIM_FIXTURES_DIR) / "events")) {
    if (entry.path().extension() != ".json")
      continue;
    const Event parsed = parse_event(std::string_view(read_text(entry.path())));
    // The parsed event writes its original document back; its typed copy takes the writer.
    EXPECT_EQ(to_json_text(parsed), dump_of_document(parsed)) << entry.path();
    const Event typed = parsed.with_fields_as_truth();
    EXPECT_EQ(to_json_text(typed), dump_of_document(typed)) << entry.path();
    ++checked;
  }
  EXPECT_GE(checked, 60u);
}

TEST(EventJsonText, EscapesControlCharactersLikeNlohmann) {
  Event event;
  event.detail_type = DetailType::stream_state_change;
  event.name = EventName::stream_start;
  event.detail.stream_id = std::string("a\x01\x1f\"\\\n\x7f", 7);
  const std::string text = to_json_text(event);
  EXPECT_NE(text.find(R"("stream_id":"a\u0001\u001f\"\\\n)"
                      "\x7f"
                      R"(")"),
            std::string::npos)
      << text;
}

} // namespace
} // namespace ivsim

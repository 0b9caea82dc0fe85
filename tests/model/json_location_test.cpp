#include "ivsim/json_location.hpp"

#include <gtest/gtest.h>

namespace ivsim {
namespace {

TEST(PositionOfOffset, CountsLinesAndBytesFromOne) {
  const std::string text = "{\n  \"a\": 1,\n  \"b\": 2\n}";
  EXPECT_EQ(position_of_offset(text, 0), (TextPosition{1, 1}));
  EXPECT_EQ(position_of_offset(text, 4), (TextPosition{2, 3}));
  EXPECT_EQ(position_of_offset(text, 1000), (TextPosition{4, 2}));
}

std::string at(std::string_view text, std::string_view pointer) {
  const auto offset = locate_pointer(text, pointer);
  if (!offset)
    return "<none>";
  const TextPosition position = position_of_offset(text, *offset);
  return std::to_string(position.line) + ":" + std::to_string(position.column);
}

const char *const kDocument = R"({
  "events": [
    {"id": "a", "detail": {"stream_id": 7, "x/y": [1, {"z~": true}]}},
    {"id": "b", "detail": {}}
  ],
  "esc\"aped\u00e9": "value",
  "deliveries": []
})";

TEST(LocatePointer, FindsObjectMembersAndArrayElements) {
  EXPECT_EQ(at(kDocument, ""), "1:1");
  EXPECT_EQ(at(kDocument, "/events"), "2:13");
  EXPECT_EQ(at(kDocument, "/events/0"), "3:5");
  EXPECT_EQ(at(kDocument, "/events/0/detail/stream_id"), "3:41");
  EXPECT_EQ(at(kDocument, "/events/1/id"), "4:12");
  EXPECT_EQ(at(kDocument, "/deliveries"), "7:17");
}

TEST(LocatePointer, UnescapesPointerTokensAndJsonKeys) {
  EXPECT_EQ(at(kDocument, "/events/0/detail/x~1y/1/z~0"), "3:62");
  EXPECT_EQ(at(kDocument, "/esc\"aped\u00e9"), "6:22");
}

TEST(LocatePointer, FallsBackToTheDeepestExistingAncestor) {
  EXPECT_EQ(at(kDocument, "/events/1/detail/stream_id"), "4:27");
  EXPECT_EQ(at(kDocument, "/events/9"), "2:13");
  EXPECT_EQ(at(kDocument, "/events/0/id/deeper"), "3:12");
  EXPECT_EQ(at(kDocument, "/nothing"), "1:1");
}

TEST(LeadingPointer, ReadsThePointerAnInputErrorStartsWith) {
  EXPECT_EQ(leading_pointer("/detail/stream_id: expected a string"), "/detail/stream_id");
  EXPECT_EQ(leading_pointer("/: expected an object"), "/");
  EXPECT_FALSE(leading_pointer("byte 3: invalid JSON"));
  EXPECT_FALSE(leading_pointer("/no colon"));
}

std::string message_of(const auto &action) {
  try {
    action();
  } catch (const InputError &error) {
    return error.what();
  }
  return "<no error>";
}

TEST(JsonSource, ReportsSyntaxErrorsAtLineAndColumn) {
  const JsonSource source("bad.json", "{\n  \"a\": 1,\n}\n");
  EXPECT_EQ(message_of([&] { source.parse(); }),
            "bad.json:3:1: invalid JSON: syntax error while parsing object key - unexpected '}'; "
            "expected string literal");
  const JsonSource truncated("cut.json", "[1,\n 2");
  EXPECT_EQ(message_of([&] { truncated.parse(); }).substr(0, 30), "cut.json:2:3: invalid JSON: sy");
}

TEST(JsonSource, RelocatesErrorsRelativeToABase) {
  const JsonSource source("s.json", kDocument);
  EXPECT_EQ(message_of([&] {
              source.relocate(InputError("/detail/stream_id: expected a string, got an integer"),
                              "/events/0");
            }),
            "s.json:3:41: /events/0/detail/stream_id: expected a string, got an integer");
  EXPECT_EQ(message_of([&] { source.relocate(InputError("/: expected an object"), "/events/1"); }),
            "s.json:4:5: /events/1: expected an object");
  EXPECT_EQ(message_of([&] { source.relocate(InputError("no pointer here"), "/deliveries"); }),
            "s.json:7:17: /deliveries: no pointer here");
  EXPECT_EQ(message_of([&] { source.fail("", "expected something"); }),
            "s.json:1:1: expected something");
}

TEST(JsonSource, ReadFileNamesAMissingFile) {
  EXPECT_EQ(message_of([] { JsonSource::read_file("/nonexistent/x.json"); }),
            "/nonexistent/x.json: cannot read: no such file or not readable");
}

std::string nested(std::size_t depth, std::string_view inside = "") {
  return std::string(depth, '[') + std::string(inside) + std::string(depth, ']');
}

TEST(ExcessiveNesting, FindsTheFirstBracketPastTheLimit) {
  EXPECT_EQ(excessive_nesting_at(nested(kMaxJsonNesting)), std::nullopt);
  EXPECT_EQ(excessive_nesting_at(nested(kMaxJsonNesting + 1)), kMaxJsonNesting);
  EXPECT_EQ(excessive_nesting_at("{\"a\": " + nested(kMaxJsonNesting)), kMaxJsonNesting + 5);
  // Closing brackets bring the depth down again: siblings do not add up.
  EXPECT_EQ(excessive_nesting_at(nested(kMaxJsonNesting) + nested(kMaxJsonNesting)), std::nullopt);
}

TEST(ExcessiveNesting, IgnoresBracketsInsideStrings) {
  const std::string brackets(2 * kMaxJsonNesting, '[');
  EXPECT_EQ(excessive_nesting_at("[\"" + brackets + "\"]"), std::nullopt);
  // An escaped quote does not end the string; an escaped backslash before the quote does.
  EXPECT_EQ(excessive_nesting_at("[\"\\\"" + brackets + "\"]"), std::nullopt);
  EXPECT_EQ(excessive_nesting_at("[\"\\\\\"" + nested(kMaxJsonNesting) + "]"), kMaxJsonNesting + 4);
}

TEST(DuplicateKey, FindsAKeyRepeatedInOneObjectOnly) {
  EXPECT_EQ(duplicate_key(R"({"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]})"), std::nullopt);
  const std::string text = R"({"a": {"x": "y", "z": ["x"], "x": 1}})";
  const auto repeated = duplicate_key(text);
  ASSERT_TRUE(repeated.has_value());
  EXPECT_EQ(*repeated, "\"x\"");
  EXPECT_EQ(repeated->data() - text.data(), 29);
  // Strings that are values, and keys' look-alikes inside strings, are not keys.
  EXPECT_EQ(duplicate_key(R"({"a": "a", "b": "\"a\": 1"})"), std::nullopt);
}

TEST(JsonSource, RejectsNestingDeeperThanTheLimitWhereItHappens) {
  // A document nested 100,000 deep crashed the writer of error messages (stack overflow).
  const JsonSource source("deep.json", "{\"description\":\n " + nested(100'000) + "}");
  try {
    source.parse();
    FAIL() << "parsed";
  } catch (const InputError &error) {
    EXPECT_EQ(std::string(error.what()), "deep.json:2:" + std::to_string(kMaxJsonNesting + 1) +
                                             ": JSON nested deeper than " +
                                             std::to_string(kMaxJsonNesting) + " levels");
  }
}

TEST(DescribeFound, NamesTheTypeAndShowsScalars) {
  using Json = nlohmann::ordered_json;
  EXPECT_EQ(describe_found(Json(42)), "an integer 42");
  EXPECT_EQ(describe_found(Json(-1)), "an integer -1");
  EXPECT_EQ(describe_found(Json(1.5)), "a number 1.5");
  EXPECT_EQ(describe_found(Json("x")), "a string \"x\"");
  EXPECT_EQ(describe_found(Json(true)), "true");
  EXPECT_EQ(describe_found(Json()), "null");
  EXPECT_EQ(describe_found(Json::array()), "an array");
  EXPECT_EQ(describe_found(Json::object()), "an object");
  EXPECT_EQ(describe_found(Json(std::string(200, 'x'))),
            "a string \"" + std::string(75, 'x') + "...\"");
}

} // namespace
} // namespace ivsim

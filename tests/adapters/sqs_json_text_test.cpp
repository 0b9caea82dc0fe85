// The SQS transport's JSON text shortcuts agree with nlohmann's: escaping a message body, and
// scanning an answer's subset of JSON.
#include "sqs/json_text.hpp"
#include "sqs/simple_json_scan.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace ivsim::adapters::sqs_detail {
namespace {

// Pieces drawn from `piece`, joined.
rc::Gen<std::string> joined(rc::Gen<std::string> piece) {
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(std::move(piece)),
                      [](const std::vector<std::string> &pieces) {
                        std::string text;
                        for (const std::string &p : pieces)
                          text += p;
                        return text;
                      });
}

// Bytes that exercise every branch of escaping: printable ASCII, the escaped ones, control
// bytes, DEL, UTF-8 sequences and bytes that are no valid UTF-8.
rc::Gen<std::string> text_with_awkward_bytes() {
  const rc::Gen<std::string> piece = rc::gen::weightedOneOf<std::string>({
      {6, rc::gen::map(rc::gen::inRange<int>(0x20, 0x7F),
                       [](int c) { return std::string(1, static_cast<char>(c)); })},
      {2, rc::gen::element<std::string>("\"", "\\", "\b", "\t", "\n", "\f", "\r", "\x7F")},
      {1, rc::gen::map(rc::gen::inRange<int>(0, 0x20),
                       [](int c) { return std::string(1, static_cast<char>(c)); })},
      {1, rc::gen::element<std::string>("é", "€", "\xF0\x9F\x8E\xA5", "\xC3", "\xFF", "\xE2\x82")},
  });
  return joined(piece);
}

// Law: the body is written exactly as nlohmann's dump writes the string, after what was there.
RC_GTEST_PROP(JsonText, AppendedStringIsNlohmannsDump, ()) {
  const std::string text = *text_with_awkward_bytes();
  const std::string before = *rc::gen::element<std::string>("", R"({"MessageBody":)");
  std::string out = before;
  append_json_string(out, text);
  RC_ASSERT(out == before + nlohmann::json(text).dump(-1, ' ', false,
                                                      nlohmann::json::error_handler_t::replace));
}

// Writes each SAX call as a line, so two parsers' calls compare as lists. It answers false to
// the call numbered `stop_at` (0 for never), as a reader that has seen enough does.
class RecordingReader {
public:
  using Json = nlohmann::json;

  explicit RecordingReader(std::size_t stop_at) : stop_at_(stop_at) {}

  bool null() { return record("null"); }
  bool boolean(bool value) { return record(value ? "true" : "false"); }
  bool number_integer(Json::number_integer_t value) {
    return record("number " + std::to_string(value));
  }
  bool number_unsigned(Json::number_unsigned_t value) {
    return record("number " + std::to_string(value));
  }
  bool number_float(Json::number_float_t, const Json::string_t &text) {
    return record("number " + text);
  }
  bool binary(Json::binary_t &) { return record("binary"); }
  bool string(std::string_view value) { return record("string " + std::string(value)); }
  bool key(std::string_view name) { return record("key " + std::string(name)); }
  bool string(Json::string_t &value) { return string(std::string_view(value)); }
  bool key(Json::string_t &name) { return key(std::string_view(name)); }
  bool start_object(std::size_t size) { return record("{ " + std::to_string(size)); }
  bool end_object() { return record("}"); }
  bool start_array(std::size_t size) { return record("[ " + std::to_string(size)); }
  bool end_array() { return record("]"); }
  bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) {
    calls_.push_back("error");
    return false;
  }

  const std::vector<std::string> &calls() const { return calls_; }

private:
  bool record(std::string call) {
    calls_.push_back(std::move(call));
    return calls_.size() != stop_at_;
  }

  std::size_t stop_at_;
  std::vector<std::string> calls_;
};

// Text shaped like an SQS answer, often outside the scanner's subset: answers with odd ids, and
// soup of JSON tokens (numbers, escapes, non-ASCII, odd whitespace) that is seldom valid JSON.
rc::Gen<std::string> answer_like_text() {
  const rc::Gen<std::string> token = rc::gen::weightedOneOf<std::string>({
      {8, rc::gen::element<std::string>("{", "}", "[", "]", ",", ":", "\"Id\"", "\"e0\"",
                                        "\"Successful\"", "\"Failed\"", "true", "false", "null")},
      {1, rc::gen::element<std::string>(" ", "\n\t", "\r", "1", "-2.5e3", "\"a\\\"b\"", "\"é\"",
                                        "\"\x01\"", "tru", "\"", "x", "\x7F", "\"\x7F\"")},
  });
  // Answers as SQS writes them, with ids written raw: plain, escaped, non-ASCII, invalid UTF-8
  // and control bytes (the last two make the text invalid JSON).
  const rc::Gen<std::string> id = rc::gen::weightedOneOf<std::string>({
      {2, rc::gen::element<std::string>(R"("e0")", R"("e1")", R"("")")},
      {1, rc::gen::element<std::string>(R"("a\nb")", R"("\u00e9")", "\"\xC3\xA9\"", "\"\xFF\"",
                                        "\"\x01\"", "\"\x7F\"")},
  });
  const rc::Gen<std::string> answer =
      rc::gen::map(rc::gen::container<std::vector<std::pair<std::string, bool>>>(
                       rc::gen::pair(id, rc::gen::arbitrary<bool>())),
                   [](const std::vector<std::pair<std::string, bool>> &entries) {
                     std::string successful;
                     std::string failed;
                     for (const auto &[raw_id, ok] : entries) {
                       std::string &list = ok ? successful : failed;
                       list += list.empty() ? "" : ",";
                       list +=
                           R"({"Id":)" + raw_id +
                           (ok ? R"(,"MessageId":"m"})" : R"(,"SenderFault":false,"Code":"x"})");
                     }
                     return R"({"Successful":[)" + successful + R"(],"Failed":[)" + failed + "]}";
                   });
  return rc::gen::weightedOneOf<std::string>({{3, answer}, {2, joined(token)}});
}

// Law: whenever the scanner answers (parsed or stopped), nlohmann's sax_parse made the same
// calls and ended the same way; otherwise it leaves the text to nlohmann.
RC_GTEST_PROP(SimpleJsonScan, AgreesWithNlohmannWheneverItAnswers, ()) {
  const std::string text = *answer_like_text();
  const std::size_t stop_at = *rc::gen::weightedOneOf<std::size_t>(
      {{1, rc::gen::just<std::size_t>(0)}, {1, rc::gen::inRange<std::size_t>(1, 12)}});
  RecordingReader scanned(stop_at);
  const ScanResult result = SimpleJsonScanner(text, scanned).run();
  RecordingReader parsed(stop_at);
  const bool nlohmann_parsed = nlohmann::json::sax_parse(text, &parsed);
  RC_CLASSIFY(result == ScanResult::parsed, "parsed");
  RC_CLASSIFY(result == ScanResult::stopped, "stopped");
  if (result == ScanResult::unsupported)
    return;
  RC_ASSERT(scanned.calls() == parsed.calls());
  RC_ASSERT(nlohmann_parsed == (result == ScanResult::parsed));
}

TEST(SimpleJsonScan, ReadsWhatSqsWritesAndLeavesTheRest) {
  const auto scan = [](std::string_view text) {
    RecordingReader reader(0);
    return SimpleJsonScanner(text, reader).run();
  };
  EXPECT_EQ(scan(R"({"Successful":[{"Id":"e0","MessageId":"5fea7756-0ea4-451a-a703"}]})"),
            ScanResult::parsed);
  EXPECT_EQ(scan(" {\"Failed\" : [ { \"SenderFault\" : true } ] }\n"), ScanResult::parsed);
  EXPECT_EQ(scan(R"({"n":1})"), ScanResult::unsupported);      // numbers
  EXPECT_EQ(scan(R"({"m":"a\"b"})"), ScanResult::unsupported); // escapes
  EXPECT_EQ(scan(R"({"m":"a\nb"})"), ScanResult::unsupported);
  EXPECT_EQ(scan("{\"m\":\"\xC3\xA9\"}"), ScanResult::unsupported); // non-ASCII
  EXPECT_EQ(scan(R"({"Id":"e0"} x)"), ScanResult::unsupported);     // trailing text
  EXPECT_EQ(scan(std::string(40, '[') + std::string(40, ']')), ScanResult::unsupported);
}

} // namespace
} // namespace ivsim::adapters::sqs_detail

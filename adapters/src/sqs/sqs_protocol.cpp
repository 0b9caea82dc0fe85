// The pure parts of the SQS JSON protocol: error shapes, verdicts, batch and receive answers.
#include "ivsim/adapters/sqs_client.hpp"

#include "sqs/simple_json_scan.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace ivsim::adapters {

static std::string string_member(const nlohmann::json &object, const char *name) {
  const auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

SqsError parse_sqs_error(std::string_view body, std::string_view query_error) {
  SqsError error;
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object()) {
    const std::string type = string_member(json, "__type");
    error.code = type.substr(type.find('#') + 1); // npos + 1 == 0: no '#' keeps it all
    error.message = string_member(json, "message");
    if (error.message.empty())
      error.message = string_member(json, "Message");
  }
  // x-amzn-query-error: "AWS.SimpleQueueService.NonExistentQueue;Sender" (legacy code ; fault).
  if (const std::size_t semicolon = query_error.find(';'); semicolon != std::string_view::npos) {
    error.sender_fault = query_error.substr(semicolon + 1) != "Receiver";
    if (error.code.empty())
      error.code = std::string(query_error.substr(0, semicolon));
  }
  return error;
}

bool is_throttling_code(std::string_view code) {
  // The codes AWS SDKs treat as throttling for SQS (they arrive with status 400).
  static constexpr std::array<std::string_view, 7> kThrottling = {"ThrottlingException",
                                                                  "Throttling",
                                                                  "RequestThrottled",
                                                                  "RequestThrottledException",
                                                                  "TooManyRequestsException",
                                                                  "RequestLimitExceeded",
                                                                  "KmsThrottled"};
  for (const std::string_view known : kThrottling)
    if (code == known)
      return true;
  return false;
}

Verdict classify_sqs_answer(unsigned status, const SqsError &error) {
  const Verdict verdict = classify_status(status);
  if (verdict == Verdict::final && is_throttling_code(error.code))
    return Verdict::retry;
  return verdict;
}

namespace {

// A SAX reader (for SimpleJsonScanner, and nlohmann's parser) over a batch answer:
// {"Successful": [{"Id": ...}, ...], "Failed": [{"Id", "Code", "Message", "SenderFault"}, ...]}.
// Only the entry objects directly inside those two arrays are read; other values, and anything
// nested deeper, are passed over.
class BatchAnswerReader {
public:
  using Json = nlohmann::json;

  bool null() { return true; }
  bool boolean(bool value) {
    if (in_entry() && key_ == "SenderFault")
      failure_.sender_fault = value;
    return true;
  }
  bool number_integer(Json::number_integer_t) { return true; }
  bool number_unsigned(Json::number_unsigned_t) { return true; }
  bool number_float(Json::number_float_t, const Json::string_t &) { return true; }
  bool binary(Json::binary_t &) { return true; }
  bool string(std::string_view value) {
    if (!in_entry())
      return true;
    if (key_ == "Id")
      failure_.id = value;
    else if (key_ == "Code")
      failure_.code = value;
    else if (key_ == "Message")
      failure_.message = value;
    return true;
  }
  bool key(std::string_view name) {
    if (depth_ == 1)
      list_ = name == "Successful" ? List::successful
              : name == "Failed"   ? List::failed
                                   : List::none;
    else if (in_entry()) {
      key_ = name;
      has_id_ = has_id_ || key_ == "Id";
    }
    return true;
  }
  // nlohmann's calls for strings.
  bool string(Json::string_t &value) { return string(std::string_view(value)); }
  bool key(Json::string_t &name) { return key(std::string_view(name)); }
  bool start_object(std::size_t) {
    if (depth_ == 0)
      is_object_ = true;
    else if (depth_ == 2 && in_list_) {
      failure_ = BatchAnswer::Failure{};
      key_.clear();
      has_id_ = false;
    }
    ++depth_;
    return true;
  }
  bool end_object() {
    --depth_;
    if (depth_ == 2 && in_list_)
      finish_entry();
    return true;
  }
  bool start_array(std::size_t) {
    if (depth_ == 0)
      return false; // not an object
    if (depth_ == 1)
      in_list_ = list_ != List::none;
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    if (depth_ == 1)
      in_list_ = false;
    return true;
  }
  bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) {
    return false;
  }

  bool is_object() const { return is_object_; }
  BatchAnswer take() { return std::move(answer_); }

private:
  enum class List : std::uint8_t { none, successful, failed };

  bool in_entry() const { return depth_ == 3 && in_list_; }
  void finish_entry() {
    if (list_ == List::failed)
      answer_.failed.push_back(std::move(failure_));
    else if (has_id_) // an entry without "Id" names nothing
      answer_.successful.push_back(std::move(failure_.id));
  }

  BatchAnswer answer_;
  std::size_t depth_ = 0;  // containers open
  bool is_object_ = false; // the text's top value is an object
  List list_ = List::none; // the list the last top-level key names
  bool in_list_ = false;   // inside the Successful or Failed array
  BatchAnswer::Failure failure_;
  std::string key_; // the current key of an entry
  bool has_id_ = false;
};

} // namespace

std::optional<BatchAnswer> read_batch_answer(std::string_view text) {
  // Answers are read once per batch sent; nlohmann's lexer, which copies every string and
  // handles every number form, was about 8 % of the client's time, so the subset SQS writes takes
  // a faster path and anything else the full parser.
  BatchAnswerReader reader;
  switch (sqs_detail::SimpleJsonScanner(text, reader).run()) {
  case sqs_detail::ScanResult::parsed:
    break;
  case sqs_detail::ScanResult::stopped:
    return std::nullopt;
  case sqs_detail::ScanResult::unsupported:
    reader = BatchAnswerReader();
    if (!nlohmann::json::sax_parse(text, &reader))
      return std::nullopt;
  }
  if (!reader.is_object())
    return std::nullopt;
  return reader.take();
}

BatchAnswer parse_batch_answer(const nlohmann::json &body) {
  return read_batch_answer(body.dump()).value_or(BatchAnswer{});
}

std::vector<SqsMessage> parse_messages(const nlohmann::json &body) {
  std::vector<SqsMessage> messages;
  if (!body.is_object())
    return messages;
  const auto list = body.find("Messages");
  if (list == body.end() || !list->is_array())
    return messages;
  for (const nlohmann::json &message : *list)
    if (message.is_object())
      messages.push_back({string_member(message, "MessageId"),
                          string_member(message, "ReceiptHandle"), string_member(message, "Body")});
  return messages;
}

} // namespace ivsim::adapters

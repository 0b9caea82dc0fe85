// The pure parts of the SQS JSON protocol: error shapes, verdicts, batch and receive answers.
#include "ivsim/adapters/sqs_client.hpp"

#include <array>

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

BatchAnswer parse_batch_answer(const nlohmann::json &body) {
  BatchAnswer answer;
  if (!body.is_object())
    return answer;
  if (const auto successful = body.find("Successful");
      successful != body.end() && successful->is_array())
    for (const nlohmann::json &entry : *successful)
      if (entry.is_object() && entry.contains("Id"))
        answer.successful.push_back(string_member(entry, "Id"));
  if (const auto failed = body.find("Failed"); failed != body.end() && failed->is_array())
    for (const nlohmann::json &entry : *failed) {
      if (!entry.is_object())
        continue;
      BatchAnswer::Failure failure{string_member(entry, "Id"), string_member(entry, "Code"),
                                   string_member(entry, "Message"), true};
      if (const auto fault = entry.find("SenderFault"); fault != entry.end() && fault->is_boolean())
        failure.sender_fault = fault->get<bool>();
      answer.failed.push_back(std::move(failure));
    }
  return answer;
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

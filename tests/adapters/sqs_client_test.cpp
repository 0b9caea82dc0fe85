#include "ivsim/adapters/sqs_client.hpp"

#include "ivsim/error.hpp"
#include "loopback_sut.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

namespace ivsim::adapters {
namespace {

using ::testing::HasSubstr;
using Environment = std::map<std::string, std::string>;

EnvironmentLookup lookup(Environment environment) {
  return [environment = std::move(environment)](const std::string &name) {
    const auto found = environment.find(name);
    return found == environment.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
}

const Environment kAwsEnvironment = {{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                                     {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG"},
                                     {"AWS_REGION", "eu-west-1"}};

// The InputError message of resolving `settings` in `environment`, or "" when it resolved.
std::string resolve_error(const SqsSettings &settings, const Environment &environment) {
  try {
    resolve_sqs_client_options(settings, lookup(environment));
    return "";
  } catch (const InputError &error) {
    return error.what();
  }
}

TEST(SqsClientOptions, ComeFromTheAwsEnvironmentVariables) {
  Environment environment = kAwsEnvironment;
  environment["AWS_SESSION_TOKEN"] = "token/123=";
  const auto options =
      resolve_sqs_client_options({"http://127.0.0.1:4566", {}, {}, {}}, lookup(environment));
  EXPECT_EQ(options.region, "eu-west-1");
  EXPECT_EQ(options.credentials.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(options.credentials.secret_access_key, "wJalrXUtnFEMI/K7MDENG");
  EXPECT_EQ(options.credentials.session_token, "token/123=");
  EXPECT_EQ(options.endpoint.authority(), "127.0.0.1:4566");
  EXPECT_EQ(options.endpoint.target, "/");
}

TEST(SqsClientOptions, DefaultRegionIsTheFallbackAndSettingsWin) {
  Environment environment = kAwsEnvironment;
  environment.erase("AWS_REGION");
  environment["AWS_DEFAULT_REGION"] = "ap-southeast-2";
  EXPECT_EQ(resolve_sqs_client_options({"http://h", {}, {}, {}}, lookup(environment)).region,
            "ap-southeast-2");
  EXPECT_EQ(
      resolve_sqs_client_options({"http://h", "us-gov-west-1", {}, {}}, lookup(environment)).region,
      "us-gov-west-1");
}

TEST(SqsClientOptions, MalformedOrMissingRegionIsAClearError) {
  Environment environment = kAwsEnvironment;
  EXPECT_EQ(resolve_error({"http://h", "US East", {}, {}}, environment),
            "aws region: expected a region like us-east-1, got \"US East\"");
  EXPECT_THAT(resolve_error({"http://h", "us-east", {}, {}}, environment),
              HasSubstr("expected a region like us-east-1"));
  environment.erase("AWS_REGION");
  EXPECT_THAT(resolve_error({"http://h", {}, {}, {}}, environment), HasSubstr("got none"));
}

TEST(SqsClientOptions, MalformedOrMissingCredentialsAreAClearError) {
  Environment environment = kAwsEnvironment;
  EXPECT_THAT(
      resolve_error({"http://h", {}, sigv4::Credentials{"AKID 1", "secret", ""}, {}}, environment),
      HasSubstr("expected an access key id of letters and digits, got \"AKID 1\""));
  EXPECT_THAT(
      resolve_error({"http://h", {}, sigv4::Credentials{"AKID", "sec ret", ""}, {}}, environment),
      HasSubstr("without spaces or control characters"));
  environment.erase("AWS_SECRET_ACCESS_KEY");
  EXPECT_EQ(resolve_error({"http://h", {}, {}, {}}, environment),
            "aws credentials: expected AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, got no "
            "secret access key");
}

TEST(SqsClientOptions, DefaultEndpointIsTheRegionalHttpsOne) {
  const auto options = resolve_sqs_client_options({}, lookup(kAwsEnvironment));
  EXPECT_TRUE(options.endpoint.tls);
  EXPECT_EQ(options.endpoint.text(), "https://sqs.eu-west-1.amazonaws.com:443/");
}

TEST(SqsClientOptions, MalformedEndpointOrUnreadableCaFileIsAClearError) {
  EXPECT_THAT(resolve_error({"ftp://h", {}, {}, {}}, kAwsEnvironment),
              HasSubstr("sqs endpoint: expected a URL starting with http:// or https://, got "
                        "\"ftp://h\""));
  SqsSettings settings;
  settings.ca_file = IVSIM_FIXTURES_DIR "/no-such-ca.pem";
  EXPECT_THAT(resolve_error(settings, kAwsEnvironment),
              HasSubstr("sqs ca file \"" IVSIM_FIXTURES_DIR
                        "/no-such-ca.pem\": expected a readable PEM file of CA certificates"));
}

TEST(SqsError, TakesTheCodeAfterTheHashAndTheFaultFromTheHeader) {
  const SqsError error = parse_sqs_error(
      R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."})",
      "AWS.SimpleQueueService.NonExistentQueue;Sender");
  EXPECT_EQ(error.code, "QueueDoesNotExist");
  EXPECT_EQ(error.message, "The specified queue does not exist.");
  EXPECT_TRUE(error.sender_fault);
  EXPECT_EQ(parse_sqs_error(R"({"__type":"com.amazon.coral.service#InternalFailure"})",
                            "InternalFailure;Receiver")
                .sender_fault,
            false);
  EXPECT_EQ(parse_sqs_error("<html>", "AWS.SimpleQueueService.NonExistentQueue;Sender").code,
            "AWS.SimpleQueueService.NonExistentQueue");
}

TEST(SqsError, ThrottlingAnd5xxAreRetriedOtherErrorsAreFinal) {
  EXPECT_EQ(classify_sqs_answer(200, {}), Verdict::acknowledged);
  EXPECT_EQ(classify_sqs_answer(400, {"ThrottlingException", "", true}), Verdict::retry);
  EXPECT_EQ(classify_sqs_answer(400, {"RequestThrottled", "", true}), Verdict::retry);
  EXPECT_EQ(classify_sqs_answer(500, {"InternalError", "", false}), Verdict::retry);
  EXPECT_EQ(classify_sqs_answer(429, {}), Verdict::retry);
  EXPECT_EQ(classify_sqs_answer(400, {"QueueDoesNotExist", "", true}), Verdict::final);
  EXPECT_EQ(classify_sqs_answer(403, {"InvalidClientTokenId", "", true}), Verdict::final);
}

TEST(SqsAnswers, BatchAnswerListsSuccessfulAndFailedEntries) {
  const BatchAnswer answer = parse_batch_answer(nlohmann::json::parse(
      R"({"Successful":[{"Id":"e0","MessageId":"m"}],
          "Failed":[{"Id":"e1","Code":"InternalError","Message":"try again","SenderFault":false},
                    {"Id":"e2","Code":"InvalidParameterValue","Message":"no"}]})"));
  EXPECT_EQ(answer.successful, std::vector<std::string>{"e0"});
  ASSERT_EQ(answer.failed.size(), 2u);
  EXPECT_EQ(answer.failed[0].id, "e1");
  EXPECT_FALSE(answer.failed[0].sender_fault);
  EXPECT_TRUE(answer.failed[1].sender_fault); // absent SenderFault: the sender's, never retried
  EXPECT_TRUE(parse_batch_answer(nlohmann::json::object()).successful.empty());
}

// The reference for read_batch_answer: the answer read from a parsed document (as ivsim did
// before it read answers straight from their text).
std::optional<BatchAnswer> batch_answer_of(const nlohmann::json &body) {
  if (!body.is_object())
    return std::nullopt;
  const auto text_of = [](const nlohmann::json &entry, const char *name) {
    const auto found = entry.find(name);
    return found != entry.end() && found->is_string() ? found->get<std::string>() : "";
  };
  BatchAnswer answer;
  if (const auto list = body.find("Successful"); list != body.end() && list->is_array())
    for (const nlohmann::json &entry : *list)
      if (entry.is_object() && entry.contains("Id"))
        answer.successful.push_back(text_of(entry, "Id"));
  if (const auto list = body.find("Failed"); list != body.end() && list->is_array())
    for (const nlohmann::json &entry : *list) {
      if (!entry.is_object())
        continue;
      BatchAnswer::Failure failure{text_of(entry, "Id"), text_of(entry, "Code"),
                                   text_of(entry, "Message"), true};
      if (const auto fault = entry.find("SenderFault"); fault != entry.end() && fault->is_boolean())
        failure.sender_fault = fault->get<bool>();
      answer.failed.push_back(std::move(failure));
    }
  return answer;
}

// A few items from `item`: nested values of any size would make huge documents.
template <typename T> rc::Gen<std::vector<T>> few(rc::Gen<T> item) {
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, 5), [item](std::size_t count) {
    return rc::gen::container<std::vector<T>>(count, item);
  });
}

// Any JSON value, `depth` levels deep at most.
rc::Gen<nlohmann::json> any_json(int depth) {
  const rc::Gen<nlohmann::json> scalar = rc::gen::oneOf(
      rc::gen::just(nlohmann::json(nullptr)),
      rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return nlohmann::json(b); }),
      rc::gen::map(rc::gen::inRange(-5, 5), [](int n) { return nlohmann::json(n); }),
      rc::gen::map(rc::gen::element<std::string>("e0", "", "Internal\"Error\n", "é"),
                   [](std::string text) { return nlohmann::json(text); }));
  if (depth == 0)
    return scalar;
  const rc::Gen<nlohmann::json> array =
      rc::gen::map(few(any_json(depth - 1)),
                   [](const std::vector<nlohmann::json> &items) { return nlohmann::json(items); });
  const rc::Gen<nlohmann::json> object =
      rc::gen::map(few(rc::gen::pair(rc::gen::element<std::string>("Id", "Successful", "x"),
                                     any_json(depth - 1))),
                   [](const std::vector<std::pair<std::string, nlohmann::json>> &members) {
                     nlohmann::json out = nlohmann::json::object();
                     for (const auto &[name, value] : members)
                       out[name] = value;
                     return out;
                   });
  return rc::gen::oneOf(scalar, array, object);
}

// Mostly a value of the expected type, sometimes any value.
rc::Gen<nlohmann::json> usually(rc::Gen<nlohmann::json> expected) {
  return rc::gen::weightedOneOf<nlohmann::json>({{4, expected}, {1, any_json(2)}});
}

// An object made of some of `members`, each present or not.
rc::Gen<nlohmann::json>
some_of(std::vector<std::pair<std::string, rc::Gen<nlohmann::json>>> members) {
  return rc::gen::exec([members] {
    nlohmann::json out = nlohmann::json::object();
    for (const auto &[name, value] : members)
      if (*rc::gen::arbitrary<bool>())
        out[name] = *value;
    return out;
  });
}

// A JSON value shaped like a batch answer, or like a broken one: entries with the keys SQS
// writes (usually of the right type), stray items, and top values that are not objects.
rc::Gen<nlohmann::json> answer_like() {
  const auto text = rc::gen::map(rc::gen::element<std::string>("e0", "e1", "", "Code \"x\""),
                                 [](std::string value) { return nlohmann::json(value); });
  const auto flag =
      rc::gen::map(rc::gen::arbitrary<bool>(), [](bool value) { return nlohmann::json(value); });
  const rc::Gen<nlohmann::json> entry = some_of({{"Id", usually(text)},
                                                 {"Code", usually(text)},
                                                 {"Message", usually(text)},
                                                 {"SenderFault", usually(flag)},
                                                 {"MessageId", any_json(2)}});
  const rc::Gen<nlohmann::json> list =
      rc::gen::map(few(usually(entry)),
                   [](const std::vector<nlohmann::json> &items) { return nlohmann::json(items); });
  const rc::Gen<nlohmann::json> answer = some_of({{"Successful", usually(list)},
                                                  {"Failed", usually(list)},
                                                  {"Other", any_json(2)},
                                                  {"Id", any_json(1)},
                                                  {"Code", any_json(1)}});
  return rc::gen::weightedOneOf<nlohmann::json>({{6, answer}, {1, any_json(2)}});
}

// Law: reading an answer from its text gives what reading its parsed document gives.
RC_GTEST_PROP(SqsAnswers, ReadingTheTextAgreesWithReadingTheDocument, ()) {
  const nlohmann::json body = *answer_like();
  const std::optional<BatchAnswer> expected = batch_answer_of(body);
  const std::optional<BatchAnswer> actual = read_batch_answer(body.dump());
  RC_ASSERT(expected.has_value() == actual.has_value());
  if (!expected)
    return;
  RC_ASSERT(actual->successful == expected->successful);
  RC_ASSERT(actual->failed.size() == expected->failed.size());
  for (std::size_t i = 0; i < expected->failed.size(); ++i) {
    RC_ASSERT(actual->failed[i].id == expected->failed[i].id);
    RC_ASSERT(actual->failed[i].code == expected->failed[i].code);
    RC_ASSERT(actual->failed[i].message == expected->failed[i].message);
    RC_ASSERT(actual->failed[i].sender_fault == expected->failed[i].sender_fault);
  }
}

TEST(SqsAnswers, ReadingABrokenAnswerGivesNothing) {
  EXPECT_FALSE(read_batch_answer("[]"));
  EXPECT_FALSE(read_batch_answer("\"Successful\""));
  EXPECT_FALSE(read_batch_answer(R"({"Successful":[{"Id":"e0"})"));
  EXPECT_TRUE(read_batch_answer("{}"));
}

TEST(SqsAnswers, ReceiveAnswerWithoutMessagesIsEmpty) {
  EXPECT_TRUE(parse_messages(nlohmann::json::object()).empty());
  const auto messages = parse_messages(nlohmann::json::parse(
      R"({"Messages":[{"MessageId":"m1","ReceiptHandle":"r1","Body":"{\"id\":1}"}]})"));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].receipt_handle, "r1");
  EXPECT_EQ(messages[0].body, R"({"id":1})");
}

SqsClientOptions sqs_options_for(const testing::LoopbackSut &sut) {
  SqsClientOptions options;
  options.endpoint = sut.url("/");
  options.region = "us-east-1";
  options.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session"};
  options.retry.initial_backoff = std::chrono::milliseconds(1);
  options.retry.max_backoff = std::chrono::milliseconds(2);
  return options;
}

// Test that a request is framed as AWS JSON 1.0 and carries a SigV4 signature that verifies
// over exactly the headers and body that went on the wire.
TEST(SqsClient, SendsSignedAwsJsonRequestsToTheEndpoint) {
  testing::LoopbackSut sut;
  const SqsClientOptions options = sqs_options_for(sut);
  const SqsReply reply = call_sqs(options, "GetQueueUrl", {{"QueueName", "events"}});
  EXPECT_TRUE(reply.ok()) << reply.reason; // the loopback server answers 200 with no body
  const auto received = sut.received().at(0);
  EXPECT_EQ(received.target, "/");
  EXPECT_EQ(received.headers.at("x-amz-target"), "AmazonSQS.GetQueueUrl");
  EXPECT_EQ(received.headers.at("content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(received.headers.at("x-amz-security-token"), "session");
  EXPECT_EQ(nlohmann::json::parse(received.body), nlohmann::json({{"QueueName", "events"}}));
  sigv4::Request request;
  request.body = received.body;
  for (const char *name :
       {"content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target"})
    request.headers.emplace_back(name, received.headers.at(name));
  EXPECT_EQ(received.headers.at("authorization"),
            sigv4::authorization(request, options.credentials, received.headers.at("x-amz-date"),
                                 "us-east-1", "sqs"));
}

TEST(SqsClient, RetriesThrottlingThenReportsTheFinalError) {
  testing::LoopbackSut sut([](std::size_t index, const testing::Received &) {
    if (index == 0)
      return testing::Reply(testing::Reply::answer, 400,
                            R"({"__type":"com.amazonaws.sqs#ThrottlingException"})");
    return testing::Reply(testing::Reply::answer, 400,
                          R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"})");
  });
  const SqsReply reply = call_sqs(sqs_options_for(sut), "GetQueueUrl", {{"QueueName", "q"}});
  EXPECT_EQ(reply.attempts, 2u);
  EXPECT_EQ(reply.status, 400u);
  EXPECT_EQ(reply.error.code, "QueueDoesNotExist");
  EXPECT_EQ(reply.reason, "HTTP 400 QueueDoesNotExist: gone");
}

} // namespace
} // namespace ivsim::adapters

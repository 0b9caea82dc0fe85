#include "ivsim/adapters/sigv4.hpp"

#include "ivsim/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using namespace ivsim::adapters::sigv4;

constexpr const char *kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

std::string hex(const std::array<unsigned char, 32> &bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (const unsigned char byte : bytes) {
    text += kDigits[byte >> 4];
    text += kDigits[byte & 0xf];
  }
  return text;
}

// The AWS documentation's worked example (IAM ListUsers, GET), from platform.md.
Request iam_list_users() {
  Request request;
  request.method = "GET";
  request.path = "/";
  request.query = "Version=2010-05-08&Action=ListUsers"; // unsorted on purpose
  request.headers = {{"Host", "iam.amazonaws.com"},
                     {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"X-Amz-Date", "20150830T123600Z"}};
  return request;
}

// The SQS JSON vector produced by the AWS JS SDK signer (@smithy/signature-v4 5.7.5).
constexpr std::string_view kSqsBody =
    R"({"QueueUrl":"http://127.0.0.1:4566/000000000000/events","MessageBody":"{\"detail\":{\"a\":1}}"})";

Request sqs_send_message() {
  Request request;
  request.headers = {{"content-type", "application/x-amz-json-1.0"},
                     {"host", "127.0.0.1:4566"},
                     {"x-amz-target", "AmazonSQS.SendMessage"},
                     {"x-amz-content-sha256", sha256_hex(kSqsBody)},
                     {"x-amz-date", "20240102T030405Z"}};
  request.body = kSqsBody;
  return request;
}

TEST(Sigv4, IamExampleCanonicalRequestHashMatchesAwsDocs) {
  EXPECT_EQ(sha256_hex(canonical_request(iam_list_users())),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
}

TEST(Sigv4, IamExampleSigningKeyAndSignatureMatchAwsDocs) {
  const Scope scope{"20150830", "us-east-1", "iam"};
  const auto key = signing_key(kSecret, scope);
  EXPECT_EQ(hex(key), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  const std::string to_sign =
      string_to_sign("20150830T123600Z", scope, canonical_request(iam_list_users()));
  EXPECT_EQ(signature(key, to_sign),
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(Sigv4, SqsJsonVectorMatchesTheAwsSdkSigner) {
  EXPECT_EQ(sha256_hex(kSqsBody),
            "0d9dbed2d1e7087b32806388b5c58e596a17282de91328cfa66a423aa8958d69");
  const Scope scope{"20240102", "us-east-1", "sqs"};
  EXPECT_EQ(hex(signing_key(kSecret, scope)),
            "ede376e36c2442e8db0975ba8f28728b99455c0f9e8a89f47e3bbb6eec95e5f8");
  EXPECT_EQ(sha256_hex(canonical_request(sqs_send_message())),
            "06aee7f5f061ca17aee62432d28ac1d3c6ab456ca70587c8bc706ee2723ed729");
  EXPECT_EQ(authorization(sqs_send_message(), {"AKIDEXAMPLE", kSecret, ""}, "20240102T030405Z",
                          "us-east-1", "sqs"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/sqs/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, "
            "Signature=477204655e4c8483046634ea8ab1025474bee304d3a0949d3d8aa8b0d877d758");
}

// Test that the signer's cached key gives the known answer, and is derived again when the day
// changes (a replay that runs past midnight UTC).
TEST(Sigv4, SignerMatchesTheVectorAndFollowsTheDate) {
  Signer signer({"AKIDEXAMPLE", kSecret, ""}, "us-east-1", "sqs");
  const Request request = sqs_send_message();
  for (const char *date : {"20240102T030405Z", "20240103T000001Z", "20240102T030405Z"})
    EXPECT_EQ(signer.authorization(request, date),
              authorization(request, {"AKIDEXAMPLE", kSecret, ""}, date, "us-east-1", "sqs"));
  EXPECT_THAT(
      signer.authorization(request, "20240102T030405Z"),
      ::testing::EndsWith("477204655e4c8483046634ea8ab1025474bee304d3a0949d3d8aa8b0d877d758"));
  EXPECT_THROW(Signer({"", kSecret, ""}, "us-east-1", "sqs"), ivsim::InputError);
  EXPECT_THROW(signer.authorization(request, "2024-01-02"), ivsim::InputError);
}

TEST(Sigv4, HeaderValuesAreTrimmedAndFolded) {
  Request spaced = sqs_send_message();
  spaced.headers[2].second = "  AmazonSQS.SendMessage   ";
  EXPECT_EQ(canonical_request(spaced), canonical_request(sqs_send_message()));
}

TEST(Sigv4, EmptyCredentialsAreAClearError) {
  try {
    (void)authorization(sqs_send_message(), {"", kSecret, ""}, "20240102T030405Z", "us-east-1",
                        "sqs");
    FAIL() << "expected an InputError";
  } catch (const ivsim::InputError &error) {
    EXPECT_NE(std::string(error.what()).find("AWS_ACCESS_KEY_ID"), std::string::npos);
  }
}

TEST(Sigv4, MalformedDateOrRegionIsAClearError) {
  const Credentials credentials{"AKIDEXAMPLE", kSecret, ""};
  EXPECT_THROW(
      (void)authorization(sqs_send_message(), credentials, "2024-01-02", "us-east-1", "sqs"),
      ivsim::InputError);
  EXPECT_THROW((void)authorization(sqs_send_message(), credentials, "20240102T030405Z", "", "sqs"),
               ivsim::InputError);
}

} // namespace

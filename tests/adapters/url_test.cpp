#include "ivsim/adapters/url.hpp"

#include "ivsim/error.hpp"

#include <gtest/gtest.h>

namespace ivsim::adapters {
namespace {

TEST(Url, ParsesHostPortAndTarget) {
  const Url url = parse_url("http://127.0.0.1:8080/events?x=1");
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, 8080);
  EXPECT_EQ(url.target, "/events?x=1");
  EXPECT_EQ(url.authority(), "127.0.0.1:8080");
  EXPECT_EQ(url.text(), "http://127.0.0.1:8080/events?x=1");
}

TEST(Url, DefaultsToPort80AndRootTarget) {
  const Url url = parse_url("http://example.com");
  EXPECT_EQ(url.host, "example.com");
  EXPECT_EQ(url.port, 80);
  EXPECT_EQ(url.target, "/");
}

TEST(Url, KeepsBracketedIpv6Host) {
  const Url url = parse_url("http://[::1]:9000/state");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 9000);
}

TEST(Url, HttpsMeansTlsOnPort443UnlessNamed) {
  const Url url = parse_url("https://sqs.us-east-1.amazonaws.com");
  EXPECT_TRUE(url.tls);
  EXPECT_EQ(url.port, 443);
  EXPECT_EQ(url.text(), "https://sqs.us-east-1.amazonaws.com:443/");
  EXPECT_EQ(parse_url("https://127.0.0.1:8443/x").port, 8443);
  EXPECT_FALSE(parse_url("http://x/").tls);
}

TEST(Url, RejectsOtherSchemesAndBadPorts) {
  EXPECT_THROW(parse_url("ftp://x/"), InputError);
  EXPECT_THROW(parse_url("http://x:99999/"), InputError);
  EXPECT_THROW(parse_url("http://x:port/"), InputError);
  EXPECT_THROW(parse_url("http:///events"), InputError);
  try {
    parse_url("ftp://x/");
  } catch (const InputError &error) {
    EXPECT_STREQ(error.what(),
                 "expected a URL starting with http:// or https://, got \"ftp://x/\"");
  }
}

// Test that a URL without a scheme, the usual slip, says what to write.
TEST(Url, AMissingSchemeSaysWhatToWrite) {
  try {
    parse_url("127.0.0.1:9101");
    FAIL() << "expected an InputError";
  } catch (const InputError &error) {
    EXPECT_STREQ(error.what(), "expected a URL starting with http:// or https://, got "
                               "\"127.0.0.1:9101\" (write http://127.0.0.1:9101)");
  }
}

TEST(Url, ParsesHeaders) {
  const auto [name, value] = parse_header("x-api-key:  secret");
  EXPECT_EQ(name, "x-api-key");
  EXPECT_EQ(value, "secret");
  EXPECT_THROW(parse_header("no colon"), InputError);
  EXPECT_THROW(parse_header(": empty name"), InputError);
}

} // namespace
} // namespace ivsim::adapters

// The SQS client and transport over TLS, against a real Beast TLS server on loopback whose
// self-signed certificate is generated at test time with OpenSSL.
#include "ivsim/adapters/sqs_client.hpp"

#include "ivsim/adapters/sqs_transport.hpp"
#include "plans.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

namespace ivsim::adapters {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using ::testing::HasSubstr;

// A self-signed certificate for 127.0.0.1 and localhost, and its key, both PEM.
struct Certificate {
  std::string certificate_pem;
  std::string key_pem;
};

std::string pem_of(BIO *bio) {
  char *data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

Certificate make_certificate(const char *common_name) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> x509(X509_new(), &X509_free);
  X509_set_version(x509.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x509.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(x509.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x509.get()), 24 * 3600);
  X509_set_pubkey(x509.get(), key.get());
  X509_NAME *name = X509_get_subject_name(x509.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char *>(common_name), -1, -1, 0);
  X509_set_issuer_name(x509.get(), name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, x509.get(), x509.get(), nullptr, nullptr, 0);
  for (const auto &[nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                                   std::pair{NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"}}) {
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    X509_add_ext(x509.get(), extension, -1);
    X509_EXTENSION_free(extension);
  }
  X509_sign(x509.get(), key.get(), EVP_sha256());
  std::unique_ptr<BIO, decltype(&BIO_free)> certificate_bio(BIO_new(BIO_s_mem()), &BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_X509(certificate_bio.get(), x509.get());
  PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  return {pem_of(certificate_bio.get()), pem_of(key_bio.get())};
}

// A PEM file in the temporary directory, removed with the object.
class TempFile {
public:
  TempFile(const std::string &name, const std::string &text)
      : path_(std::filesystem::temp_directory_path() /
              (name + "-" + std::to_string(::getpid()) + ".pem")) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

private:
  std::filesystem::path path_;
};

// Answers as SQS would: GetQueueUrl with a queue URL, SendMessageBatch with every entry
// Successful; anything else with {}. Runs on its own thread until destroyed.
class TlsSqsServer {
public:
  explicit TlsSqsServer(const Certificate &certificate)
      : context_(net::ssl::context::tls_server),
        acceptor_(io_, {net::ip::make_address("127.0.0.1"), 0}) {
    context_.use_certificate_chain(net::buffer(certificate.certificate_pem));
    context_.use_private_key(net::buffer(certificate.key_pem), net::ssl::context::pem);
    net::co_spawn(io_, accept(), net::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TlsSqsServer() {
    io_.stop();
    thread_.join();
  }

  std::string endpoint() const {
    return "https://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  std::size_t requests() const { return requests_; }
  std::size_t connections() const { return connections_; }

private:
  net::awaitable<void> accept() {
    for (;;) {
      auto [error, socket] = co_await acceptor_.async_accept(net::as_tuple(net::use_awaitable));
      if (error)
        co_return;
      ++connections_;
      net::co_spawn(io_, serve(std::move(socket)), net::detached);
    }
  }

  static std::string answer(const http::request<http::string_body> &request) {
    const std::string target(request["x-amz-target"]);
    if (target == "AmazonSQS.GetQueueUrl")
      return R"({"QueueUrl":"https://127.0.0.1/123456789012/events"})";
    if (target != "AmazonSQS.SendMessageBatch")
      return "{}";
    // Named: a range-for over a member of a temporary would read freed memory (before C++23).
    const nlohmann::json batch = nlohmann::json::parse(request.body());
    nlohmann::json successful = nlohmann::json::array();
    for (const auto &entry : batch.at("Entries"))
      successful.push_back({{"Id", entry["Id"]}, {"MessageId", "m"}, {"MD5OfMessageBody", "x"}});
    return nlohmann::json{{"Successful", successful}, {"Failed", nlohmann::json::array()}}.dump();
  }

  net::awaitable<void> serve(net::ip::tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), context_);
    auto [handshake_error] = co_await stream.async_handshake(net::ssl::stream_base::server,
                                                             net::as_tuple(net::use_awaitable));
    if (handshake_error)
      co_return; // a client that does not trust us hangs up here
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> request;
      auto [read_error, read] =
          co_await http::async_read(stream, buffer, request, net::as_tuple(net::use_awaitable));
      if (read_error)
        co_return;
      ++requests_;
      http::response<http::string_body> response(http::status::ok, 11);
      response.set(http::field::content_type, "application/x-amz-json-1.0");
      response.body() = answer(request);
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      auto [write_error, written] =
          co_await http::async_write(stream, response, net::as_tuple(net::use_awaitable));
      if (write_error)
        co_return;
    }
  }

  net::io_context io_;
  net::ssl::context context_;
  net::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::atomic<std::size_t> requests_ = 0;
  std::atomic<std::size_t> connections_ = 0;
};

class SqsOverTls : public ::testing::Test {
protected:
  SqsOverTls()
      : certificate_(make_certificate("ivsim test sqs")), server_(certificate_),
        trusted_("ivsim-trusted-ca", certificate_.certificate_pem),
        untrusted_("ivsim-untrusted-ca", make_certificate("someone else").certificate_pem) {}

  SqsClientOptions options(const std::string &ca_file) const {
    SqsSettings settings;
    settings.endpoint = server_.endpoint();
    settings.region = "us-east-1";
    settings.credentials = sigv4::Credentials{"AKIDEXAMPLE", "secret", ""};
    settings.ca_file = ca_file;
    SqsClientOptions options = resolve_sqs_client_options(settings);
    options.retry.max_attempts = 2;
    options.retry.initial_backoff = std::chrono::milliseconds(1);
    return options;
  }

  Certificate certificate_;
  TlsSqsServer server_;
  TempFile trusted_;
  TempFile untrusted_;
};

TEST_F(SqsOverTls, CallsSucceedWhenTheServerCertificateVerifies) {
  const SqsReply reply = call_sqs(options(trusted_.path()), "GetQueueUrl", {{"QueueName", "q"}});
  ASSERT_TRUE(reply.ok()) << reply.reason;
  EXPECT_EQ(reply.body["QueueUrl"], "https://127.0.0.1/123456789012/events");
  EXPECT_EQ(server_.requests(), 1u);
}

// Test that a certificate from a CA nobody trusts is a clear error, no request is sent over the
// connection, and it counts as unreachable (a run then stops with "unknown").
TEST_F(SqsOverTls, UntrustedCertificateIsAClearErrorAndNothingIsSent) {
  const SqsReply reply = call_sqs(options(untrusted_.path()), "GetQueueUrl", {{"QueueName", "q"}});
  EXPECT_FALSE(reply.ok());
  EXPECT_EQ(reply.status, 0u);
  EXPECT_TRUE(reply.unreachable);
  EXPECT_THAT(reply.reason, HasSubstr("TLS handshake failed: certificate verify failed"));
  EXPECT_EQ(server_.requests(), 0u);
}

// Test that the transport's batches ride the same verified keep-alive TLS connection.
TEST_F(SqsOverTls, TransportSendsBatchesOverOneTlsConnection) {
  SqsTransportOptions transport_options;
  transport_options.client = options(trusted_.path());
  transport_options.queue_url = "https://127.0.0.1/123456789012/events";
  net::io_context io;
  auto transport = make_sqs_transport(io.get_executor(), transport_options);
  const Plan plan = testing::sequential_plan(12);
  std::vector<Parcel> group;
  for (std::uint32_t i = 0; i < plan.events.size(); ++i)
    group.push_back({&plan.events[i], i});
  const std::vector<DeliveryOutcome> first = deliver(io, *transport, group);
  const std::vector<DeliveryOutcome> second = deliver(io, *transport, {group.data(), 1});
  for (const DeliveryOutcome &outcome : first)
    EXPECT_EQ(outcome.outcome, Outcome::acknowledged) << outcome.reason;
  EXPECT_EQ(second.at(0).outcome, Outcome::acknowledged) << second.at(0).reason;
  EXPECT_EQ(server_.requests(), 3u); // 10 + 2 entries, then 1
  EXPECT_EQ(server_.connections(), 1u);
}

} // namespace
} // namespace ivsim::adapters

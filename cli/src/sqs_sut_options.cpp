// The flags of `ivsim run --transport sqs` and how they become an SQS transport and drain wait.
#include "sqs_sut_options.hpp"

#include "option_text.hpp"

#include "ivsim/adapters/sqs_drain.hpp"
#include "ivsim/adapters/sqs_transport.hpp"
#include "ivsim/error.hpp"

#include <array>

namespace ivsim::cli {

namespace po = boost::program_options;

po::options_description sqs_options() {
  po::options_description options("SQS transport (--transport sqs)");
  options.add_options()(
      "queue-url", po::value<std::string>()->value_name("URL"),
      "send events to this queue, e.g. https://sqs.us-east-1.amazonaws.com/123456789012/events "
      "(a name ending in .fifo makes it a FIFO queue)")(
      "queue-name", po::value<std::string>()->value_name("NAME"),
      "or look the queue up by name (GetQueueUrl) at the endpoint")(
      "sqs-endpoint", po::value<std::string>()->value_name("URL"),
      "where SQS requests go (default https://sqs.<region>.amazonaws.com), e.g. "
      "http://127.0.0.1:4566 for a local server")(
      "sqs-region", po::value<std::string>()->value_name("REGION"),
      "the signing region (default AWS_REGION, then AWS_DEFAULT_REGION)")(
      "aws-access-key-id", po::value<std::string>()->value_name("ID"),
      "credentials (default AWS_ACCESS_KEY_ID; prefer the variables, which stay out of shell "
      "history and of the printed replay command)")("aws-secret-access-key",
                                                    po::value<std::string>()->value_name("KEY"),
                                                    "default AWS_SECRET_ACCESS_KEY")(
      "aws-session-token", po::value<std::string>()->value_name("TOKEN"),
      "default AWS_SESSION_TOKEN (temporary credentials)")(
      "sqs-ca-file", po::value<std::string>()->value_name("PATH"),
      "also trust the CA certificates in this PEM file for an https endpoint (the system's CA "
      "store is always trusted)")(
      "fifo-group", po::value<std::string>()->default_value("channel")->value_name("GROUP"),
      "MessageGroupId on a FIFO queue: channel (resources[0]: one group per channel, stage or "
      "composition), stage (compositions join their stage's group) or one (a single group)")(
      "drain-timeout", po::value<std::string>()->default_value("60s")->value_name("DURATION"),
      "after the last send, wait this long for the consumer to empty the queue; if it does not, "
      "the state is not read and the verdict is unknown (exit 3)");
  return options;
}

bool is_secret_flag(std::string_view name) {
  return name == "aws-secret-access-key" || name == "aws-session-token";
}

namespace {

// Flags of the HTTP transport make no sense with SQS: say so rather than ignore them.
void refuse_http_only_flags(const po::variables_map &values) {
  for (const char *flag : {"events-url", "body-template"})
    if (values.count(flag) != 0)
      throw InputError(std::string("--") + flag +
                       ": expected only with --transport http, got --transport sqs");
}

adapters::SqsSettings settings_of(const po::variables_map &values) {
  adapters::SqsSettings settings;
  settings.endpoint = option_text(values, "sqs-endpoint");
  settings.region = option_text(values, "sqs-region");
  settings.ca_file = option_text(values, "sqs-ca-file");
  const auto key_id = option_text(values, "aws-access-key-id");
  const auto secret = option_text(values, "aws-secret-access-key");
  if (key_id.has_value() != secret.has_value())
    throw InputError("--aws-access-key-id and --aws-secret-access-key: expected both or neither, "
                     "got only --" +
                     std::string(key_id ? "aws-access-key-id" : "aws-secret-access-key"));
  if (key_id)
    settings.credentials = adapters::sigv4::Credentials{
        *key_id, *secret, option_text(values, "aws-session-token").value_or("")};
  return settings;
}

// GetQueueUrl: a missing queue is the user's mistake (exit 2); no answer at all is the
// infrastructure's (exit 3).
std::string look_up_queue(const adapters::SqsClientOptions &client, const std::string &name) {
  const adapters::SqsReply reply = adapters::call_sqs(client, "GetQueueUrl", {{"QueueName", name}});
  if (reply.ok() && reply.body.contains("QueueUrl") && reply.body["QueueUrl"].is_string())
    return reply.body["QueueUrl"].get<std::string>();
  const std::string where = "GetQueueUrl at " + client.endpoint.text();
  if (reply.status != 0 && reply.status / 100 == 4)
    throw InputError("--queue-name \"" + name + "\": expected an existing queue, got " +
                     reply.reason + " (" + where + ")");
  throw Error("--queue-name \"" + name + "\": " + where +
              " failed: " + (reply.ok() ? "answer has no QueueUrl" : reply.reason));
}

std::string queue_url_of(const po::variables_map &values,
                         const adapters::SqsClientOptions &client) {
  const auto url = option_text(values, "queue-url");
  const auto name = option_text(values, "queue-name");
  if (url && name)
    throw InputError("--queue-url and --queue-name: expected at most one of them");
  if (url)
    return *url;
  if (name)
    return look_up_queue(client, *name);
  throw InputError("--transport sqs: expected the queue to send to: --queue-url URL or "
                   "--queue-name NAME");
}

Duration drain_timeout_of(const po::variables_map &values) {
  const std::string text = values["drain-timeout"].as<std::string>();
  const std::optional<Duration> duration = parse_duration(text);
  if (!duration || duration->count() <= 0)
    throw InputError("--drain-timeout: expected a positive duration like \"60s\", got \"" + text +
                     "\"");
  return *duration;
}

} // namespace

void use_sqs_transport(const po::variables_map &values, const adapters::RetryPolicy &retry,
                       Duration request_timeout, Sut &sut) {
  refuse_http_only_flags(values);
  adapters::SqsTransportOptions sqs;
  try {
    sqs.client = adapters::resolve_sqs_client_options(settings_of(values));
    sqs.message_group = adapters::parse_sqs_message_group(values["fifo-group"].as<std::string>());
  } catch (const InputError &error) {
    throw InputError(std::string("--transport sqs: ") + error.what());
  }
  sqs.client.request_timeout = request_timeout;
  sqs.client.retry = retry;
  sqs.queue_url = queue_url_of(values, sqs.client);

  adapters::DrainOptions drain;
  drain.timeout = drain_timeout_of(values);
  sut.events_description =
      "SendMessageBatch to " + sqs.queue_url + " via " + sqs.client.endpoint.text();
  sut.quiet = adapters::make_sqs_quiescence(sqs.client, sqs.queue_url, drain);
  sut.make_transport = [sqs](boost::asio::any_io_executor executor) {
    return adapters::make_sqs_transport(std::move(executor), sqs);
  };
}

} // namespace ivsim::cli

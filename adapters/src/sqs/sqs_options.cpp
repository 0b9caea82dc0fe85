#include "ivsim/adapters/sqs_client.hpp"

#include "http/connection.hpp"
#include "ivsim/error.hpp"

#include <cctype>
#include <cstdlib>

namespace ivsim::adapters {

std::optional<std::string> process_environment(const std::string &name) {
  const char *value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0')
    return std::nullopt;
  return std::string(value);
}

static bool is_lower_word(std::string_view word) {
  if (word.empty())
    return false;
  for (const char c : word)
    if (!std::islower(static_cast<unsigned char>(c)))
      return false;
  return true;
}

static bool is_number(std::string_view word) {
  if (word.empty())
    return false;
  for (const char c : word)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  return true;
}

// Every AWS region is lower-case words and a number joined by '-': us-east-1, us-gov-west-1,
// ap-southeast-4. Anything else is a typo that would only surface as a 403 from AWS.
static bool is_region(std::string_view text) {
  std::size_t words = 0;
  for (;;) {
    const std::size_t dash = text.find('-');
    if (dash == std::string_view::npos)
      return words >= 1 && is_number(text);
    if (!is_lower_word(text.substr(0, dash)))
      return false;
    ++words;
    text.remove_prefix(dash + 1);
  }
}

static std::string resolve_region(const SqsSettings &settings,
                                  const EnvironmentLookup &environment) {
  std::optional<std::string> region = settings.region;
  if (!region)
    region = environment("AWS_REGION");
  if (!region)
    region = environment("AWS_DEFAULT_REGION");
  if (!region)
    throw InputError("aws region: expected a region like us-east-1 (AWS_REGION or "
                     "AWS_DEFAULT_REGION), got none");
  if (!is_region(*region))
    throw InputError("aws region: expected a region like us-east-1, got \"" + *region + "\"");
  return *region;
}

// Access key ids are letters and digits (AKIA..., ASIA..., or "test" for local servers).
static bool is_access_key_id(std::string_view text) {
  if (text.empty() || text.size() > 128)
    return false;
  for (const char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      return false;
  return true;
}

static bool is_printable_token(std::string_view text) {
  for (const char c : text)
    if (!std::isgraph(static_cast<unsigned char>(c)))
      return false;
  return true;
}

static sigv4::Credentials resolve_credentials(const SqsSettings &settings,
                                              const EnvironmentLookup &environment) {
  sigv4::Credentials credentials;
  if (settings.credentials) {
    credentials = *settings.credentials;
  } else {
    credentials.access_key_id = environment("AWS_ACCESS_KEY_ID").value_or("");
    credentials.secret_access_key = environment("AWS_SECRET_ACCESS_KEY").value_or("");
    credentials.session_token = environment("AWS_SESSION_TOKEN").value_or("");
  }
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty())
    throw InputError("aws credentials: expected AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, got " +
                     std::string(credentials.access_key_id.empty() ? "no access key id"
                                                                   : "no secret access key"));
  if (!is_access_key_id(credentials.access_key_id))
    throw InputError("aws credentials: expected an access key id of letters and digits, got \"" +
                     credentials.access_key_id + "\"");
  if (!is_printable_token(credentials.secret_access_key) ||
      !is_printable_token(credentials.session_token))
    throw InputError("aws credentials: expected a secret access key and session token without "
                     "spaces or control characters, got one with them");
  return credentials;
}

SqsClientOptions resolve_sqs_client_options(const SqsSettings &settings,
                                            const EnvironmentLookup &environment) {
  SqsClientOptions options;
  options.region = resolve_region(settings, environment);
  const std::string endpoint =
      settings.endpoint.value_or("https://sqs." + options.region + ".amazonaws.com");
  try {
    options.endpoint = parse_url(endpoint);
  } catch (const InputError &error) {
    throw InputError(std::string("sqs endpoint: ") + error.what());
  }
  options.endpoint.target = "/"; // SQS JSON requests always POST to "/"
  options.credentials = resolve_credentials(settings, environment);
  if (settings.ca_file) {
    http_detail::check_ca_file("sqs ca file", *settings.ca_file);
    options.ca_file = *settings.ca_file;
  }
  return options;
}

} // namespace ivsim::adapters

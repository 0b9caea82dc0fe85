#include "ivsim/adapters/sigv4.hpp"

#include "ivsim/error.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>

namespace ivsim::adapters::sigv4 {

namespace {

using Digest = std::array<unsigned char, 32>;

std::string to_hex(const unsigned char *data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex += kDigits[data[i] >> 4];
    hex += kDigits[data[i] & 0xf];
  }
  return hex;
}

Digest hmac(const void *key, std::size_t key_size, std::string_view data) {
  Digest out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key, static_cast<int>(key_size),
       reinterpret_cast<const unsigned char *>(data.data()), data.size(), out.data(), &length);
  return out;
}

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

// SigV4 canonical header values: leading/trailing blanks trimmed, inner runs folded to one.
std::string canonical_value(std::string_view value) {
  std::string result;
  bool pending_space = false;
  for (const char c : value) {
    if (c == ' ' || c == '\t') {
      pending_space = !result.empty();
      continue;
    }
    if (pending_space)
      result += ' ';
    pending_space = false;
    result += c;
  }
  return result;
}

std::vector<std::pair<std::string, std::string>> sorted_headers(const Request &request) {
  std::vector<std::pair<std::string, std::string>> headers;
  headers.reserve(request.headers.size());
  for (const auto &[name, value] : request.headers)
    headers.emplace_back(lower(name), canonical_value(value));
  std::stable_sort(headers.begin(), headers.end(),
                   [](const auto &a, const auto &b) { return a.first < b.first; });
  return headers;
}

// The query's parameters sorted by name then value, as SigV4 requires (already URI-encoded).
std::string canonical_query(std::string_view query) {
  std::vector<std::string> parameters;
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    std::string parameter(query.substr(start, end - start));
    if (parameter.find('=') == std::string::npos)
      parameter += '=';
    if (parameter != "=")
      parameters.push_back(std::move(parameter));
    start = end + 1;
  }
  std::sort(parameters.begin(), parameters.end());
  std::string result;
  for (const std::string &parameter : parameters) {
    if (!result.empty())
      result += '&';
    result += parameter;
  }
  return result;
}

bool is_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z')
    return false;
  for (std::size_t i = 0; i < 15; ++i)
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(text[i])))
      return false;
  return true;
}

} // namespace

std::string Scope::to_string() const {
  return date + "/" + region + "/" + service + "/aws4_request";
}

std::string sha256_hex(std::string_view data) {
  Digest digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return to_hex(digest.data(), digest.size());
}

std::string signed_headers(const Request &request) {
  std::string names;
  for (const auto &[name, value] : sorted_headers(request)) {
    if (!names.empty())
      names += ';';
    names += name;
  }
  return names;
}

std::string canonical_request(const Request &request) {
  std::string text =
      request.method + "\n" + request.path + "\n" + canonical_query(request.query) + "\n";
  for (const auto &[name, value] : sorted_headers(request))
    text += name + ":" + value + "\n";
  text += "\n" + signed_headers(request) + "\n" + sha256_hex(request.body);
  return text;
}

std::string string_to_sign(std::string_view amz_date, const Scope &scope,
                           std::string_view canonical) {
  return "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + scope.to_string() + "\n" +
         sha256_hex(canonical);
}

std::array<unsigned char, 32> signing_key(std::string_view secret, const Scope &scope) {
  const std::string seed = "AWS4" + std::string(secret);
  const Digest date_key = hmac(seed.data(), seed.size(), scope.date);
  const Digest region_key = hmac(date_key.data(), date_key.size(), scope.region);
  const Digest service_key = hmac(region_key.data(), region_key.size(), scope.service);
  return hmac(service_key.data(), service_key.size(), "aws4_request");
}

std::string signature(const std::array<unsigned char, 32> &key, std::string_view to_sign) {
  const Digest digest = hmac(key.data(), key.size(), to_sign);
  return to_hex(digest.data(), digest.size());
}

static void check_credentials(const Credentials &credentials, std::string_view region) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty())
    throw InputError("aws credentials: expected an access key id and a secret access key "
                     "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), got an empty one");
  if (region.empty())
    throw InputError("aws region: expected a region like us-east-1 (AWS_REGION), got nothing");
}

static void check_amz_date(std::string_view amz_date) {
  if (!is_amz_date(amz_date))
    throw InputError("x-amz-date: expected YYYYMMDDTHHMMSSZ, got \"" + std::string(amz_date) +
                     "\"");
}

// The header value, with the signed header list computed once from the sorted headers.
static std::string signed_authorization(const Request &request, std::string_view access_key_id,
                                        const Scope &scope, const Digest &key,
                                        std::string_view amz_date) {
  const auto headers = sorted_headers(request);
  std::string names;
  for (const auto &[name, value] : headers) {
    if (!names.empty())
      names += ';';
    names += name;
  }
  std::string canonical;
  canonical.reserve(256 + request.path.size() + request.query.size());
  canonical.append(request.method).append("\n").append(request.path).append("\n");
  canonical.append(canonical_query(request.query)).append("\n");
  for (const auto &[name, value] : headers)
    canonical.append(name).append(":").append(value).append("\n");
  canonical.append("\n").append(names).append("\n").append(sha256_hex(request.body));
  const std::string to_sign = string_to_sign(amz_date, scope, canonical);
  std::string header = "AWS4-HMAC-SHA256 Credential=";
  header.append(access_key_id).append("/").append(scope.to_string());
  header.append(", SignedHeaders=").append(names);
  header.append(", Signature=").append(signature(key, to_sign));
  return header;
}

std::string authorization(const Request &request, const Credentials &credentials,
                          std::string_view amz_date, std::string_view region,
                          std::string_view service) {
  check_credentials(credentials, region);
  check_amz_date(amz_date);
  const Scope scope{std::string(amz_date.substr(0, 8)), std::string(region), std::string(service)};
  return signed_authorization(request, credentials.access_key_id, scope,
                              signing_key(credentials.secret_access_key, scope), amz_date);
}

Signer::Signer(Credentials credentials, std::string region, std::string service)
    : credentials_(std::move(credentials)), scope_{"", std::move(region), std::move(service)} {
  check_credentials(credentials_, scope_.region);
}

std::string Signer::authorization(const Request &request, std::string_view amz_date) {
  check_amz_date(amz_date);
  const std::string_view date = amz_date.substr(0, 8);
  if (scope_.date != date) {
    scope_.date = std::string(date);
    key_ = signing_key(credentials_.secret_access_key, scope_);
  }
  return signed_authorization(request, credentials_.access_key_id, scope_, key_, amz_date);
}

} // namespace ivsim::adapters::sigv4

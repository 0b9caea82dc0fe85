// AWS Signature Version 4 as pure functions: canonical request, string to sign, key, signature.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ivsim::adapters::sigv4 {

/// AWS credentials; `session_token` is empty for long-term keys.
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};

/// The parts of an HTTP request that SigV4 signs. Header names may be in any case; values are
/// trimmed and inner runs of spaces folded, as SigV4 requires. `query` is the raw query string.
struct Request {
  std::string method = "POST";
  std::string path = "/";
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers; ///< must include host and x-amz-date
  std::string_view body;
};

/// Where a signature is valid: `date` is YYYYMMDD, e.g. {"20240102", "us-east-1", "sqs"}.
struct Scope {
  std::string date;
  std::string region;
  std::string service;

  /// "20240102/us-east-1/sqs/aws4_request".
  std::string to_string() const;
};

/// Lower-case hex of SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

/// The canonical request (method, URI, query, headers, signed header list, payload hash).
std::string canonical_request(const Request &request);

/// The signed header list: lower-case header names, sorted, joined by ';'.
std::string signed_headers(const Request &request);

/// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of canonical request>".
std::string string_to_sign(std::string_view amz_date, const Scope &scope,
                           std::string_view canonical);

/// kSigning = HMAC chain over "AWS4"+secret, date, region, service, "aws4_request".
std::array<unsigned char, 32> signing_key(std::string_view secret, const Scope &scope);

/// Lower-case hex of HMAC-SHA256(kSigning, string_to_sign).
std::string signature(const std::array<unsigned char, 32> &key, std::string_view to_sign);

/// The whole `Authorization` header value for `request`, signed at `amz_date`
/// (YYYYMMDDTHHMMSSZ). Throws InputError for an empty key id or secret, a malformed date, or an
/// empty region: a clear message beats a 403 from AWS.
std::string authorization(const Request &request, const Credentials &credentials,
                          std::string_view amz_date, std::string_view region,
                          std::string_view service);

/// Signs many requests with one set of credentials for one region and service, as an SDK client
/// does: the signing key (four HMACs) is derived once per day rather than per request, which
/// matters on a replay's hot path. Gives the same headers as `authorization`.
class Signer {
public:
  /// Throws InputError for an empty key id, secret or region (see `authorization`).
  Signer(Credentials credentials, std::string region, std::string service);

  /// The `Authorization` header value for `request` at `amz_date` (YYYYMMDDTHHMMSSZ); throws
  /// InputError for a malformed date.
  std::string authorization(const Request &request, std::string_view amz_date);

private:
  Credentials credentials_;
  Scope scope_;
  std::array<unsigned char, 32> key_{}; // valid for scope_.date
};

} // namespace ivsim::adapters::sigv4

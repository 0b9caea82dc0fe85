// Account-level events: the Concurrent Broadcasts/Viewers limit breaches (which name no
// resource) and the CloudTrail API-call noise a rule on `source: aws.ivs` also receives.
#include "ids.hpp"
#include "world_parts.hpp"

#include <array>
#include <memory>
#include <string_view>

namespace ivsim::sim {

namespace {

using Json = nlohmann::ordered_json;

// Only mutating API calls reach EventBridge through CloudTrail (read-only ones do not).
constexpr std::array<std::string_view, 6> kMutatingCalls = {
    "CreateChannel", "UpdateChannel", "StopStream",
    "PutMetadata",   "CreateStage",   "CreateParticipantToken"};

Instant uniform_instant(const WorldOptions &options, Rng &rng) {
  const std::int64_t span = std::chrono::floor<std::chrono::seconds>(options.duration).count();
  return options.start + std::chrono::seconds{rng.between(0, std::max<std::int64_t>(0, span - 1))};
}

void add_account_limit_breach(const WorldOptions &options, Rng &rng, EventSink &sink) {
  Event &event = sink.add(rng, uniform_instant(options, rng), DetailType::limit_breach,
                          EventName::none, /*resources=*/TextList());
  // Values are illustrative; the documented units are "active streams" and "viewers".
  if (rng.chance(0.5)) {
    event.detail.limit_name = "Concurrent Broadcasts";
    event.detail.limit_unit = "active streams";
    event.detail.limit_value = 100;
    event.detail.exceeded_by = rng.between(1, 5);
  } else {
    event.detail.limit_name = "Concurrent Viewers";
    event.detail.limit_unit = "viewers";
    event.detail.limit_value = 15'000;
    event.detail.exceeded_by = rng.between(1, 2'000);
  }
}

// The typed Detail does not model CloudTrail: the event keeps a built document.
void add_cloudtrail_call(const WorldOptions &options, Rng &rng, EventSink &sink) {
  const Instant at = uniform_instant(options, rng);
  Event &event =
      sink.add(rng, at, DetailType::cloudtrail_api_call, EventName::none, /*resources=*/TextList());
  const std::string_view call = kMutatingCalls[rng.below(kMutatingCalls.size())];
  const std::string user = "ops-" + alphanumeric_id(rng, 4);
  Json json = to_json(event);
  json["detail"] = Json{
      {"eventVersion", "1.09"},
      {"userIdentity",
       {{"type", "IAMUser"},
        {"principalId", "AIDA" + alphanumeric_id(rng, 17)},
        {"arn", "arn:aws:iam::" + options.account + ":user/" + user},
        {"accountId", options.account},
        {"accessKeyId", "AKIA" + alphanumeric_id(rng, 16)},
        {"userName", user}}},
      {"eventTime", format_rfc3339(at)},
      {"eventSource", "ivs.amazonaws.com"},
      {"eventName", std::string(call)},
      {"awsRegion", options.region},
      {"sourceIPAddress", "203.0.113." + std::to_string(rng.between(1, 254))},
      {"userAgent", "aws-cli/2.15.30"},
      {"requestParameters", Json::object()},
      {"responseElements", nullptr},
      {"requestID", uuid_shaped_hex(rng)},
      {"eventID", uuid_shaped_hex(rng)},
      {"readOnly", false},
      {"eventType", "AwsApiCall"},
      {"managementEvent", true},
      {"recipientAccountId", options.account},
      {"eventCategory", "Management"},
  };
  event.original = std::make_shared<const Json>(std::move(json));
}

} // namespace

void generate_account_noise(const WorldOptions &options, Rng &rng, EventSink &sink) {
  for (std::uint32_t n = rng.poisson_count(options.account_limit_breach_per_hour, options.duration);
       n > 0; --n)
    add_account_limit_breach(options, rng, sink);
  for (std::uint32_t n = rng.poisson_count(options.cloudtrail_per_hour, options.duration); n > 0;
       --n)
    add_cloudtrail_call(options, rng, sink);
}

} // namespace ivsim::sim

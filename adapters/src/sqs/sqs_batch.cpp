// The pure parts of the SQS transport: FIFO group and deduplication ids, batch splitting.
#include "ivsim/adapters/sqs_transport.hpp"

#include "ivsim/error.hpp"

#include <array>

namespace ivsim::adapters {

namespace {
constexpr std::array<std::pair<SqsMessageGroup, std::string_view>, 3> kGroupNames = {{
    {SqsMessageGroup::per_channel, "channel"},
    {SqsMessageGroup::per_stage, "stage"},
    {SqsMessageGroup::single, "one"},
}};
// The group of events that name no resource (account-level Limit Breach, CloudTrail).
constexpr std::string_view kDefaultGroup = "ivsim";
} // namespace

std::string_view to_string(SqsMessageGroup group) {
  for (const auto &[value, name] : kGroupNames)
    if (value == group)
      return name;
  return "";
}

SqsMessageGroup parse_sqs_message_group(std::string_view text) {
  for (const auto &[value, name] : kGroupNames)
    if (name == text)
      return value;
  throw InputError("sqs message group: expected channel, stage or one, got \"" + std::string(text) +
                   "\"");
}

bool is_fifo_queue(std::string_view queue_url) {
  constexpr std::string_view kSuffix = ".fifo";
  const std::string_view name = queue_url.substr(queue_url.rfind('/') + 1);
  return name.size() > kSuffix.size() && name.substr(name.size() - kSuffix.size()) == kSuffix;
}

// MessageGroupId allows at most 128 characters; ARNs are shorter, but an edited scenario might
// not be. Keeping the tail keeps the distinguishing resource id.
static std::string fit_group_id(std::string_view id) {
  constexpr std::size_t kMaxGroupId = 128;
  if (id.empty())
    return std::string(kDefaultGroup);
  return std::string(id.size() > kMaxGroupId ? id.substr(id.size() - kMaxGroupId) : id);
}

std::string message_group_id(const Event &event, SqsMessageGroup group) {
  switch (group) {
  case SqsMessageGroup::single:
    return std::string(kDefaultGroup);
  case SqsMessageGroup::per_stage:
    // A composition runs on a stage: its events join the stage's group (detail.stage_arn).
    if (event.detail_type == DetailType::composition_state_change &&
        !event.detail.stage_arn.empty())
      return fit_group_id(event.detail.stage_arn);
    return fit_group_id(event.resource());
  case SqsMessageGroup::per_channel:
    return fit_group_id(event.resource());
  }
  return std::string(kDefaultGroup);
}

std::string deduplication_id(const Event &event, std::uint32_t copy) {
  return event.id + "-" + std::to_string(copy);
}

std::vector<std::pair<std::size_t, std::size_t>>
split_batches(std::span<const std::size_t> body_sizes) {
  std::vector<std::pair<std::size_t, std::size_t>> batches;
  std::size_t begin = 0;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < body_sizes.size(); ++i) {
    const bool full = i - begin == kMaxBatchEntries || bytes + body_sizes[i] > kMaxBatchBytes;
    if (i > begin && full) {
      batches.emplace_back(begin, i);
      begin = i;
      bytes = 0;
    }
    bytes += body_sizes[i];
  }
  if (begin < body_sizes.size())
    batches.emplace_back(begin, body_sizes.size());
  return batches;
}

} // namespace ivsim::adapters

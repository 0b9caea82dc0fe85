#include "ids.hpp"

#include <array>
#include <chrono>
#include <cstring>

namespace ivsim::sim {

namespace {

constexpr std::string_view kAlphanumerics =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kHex = "0123456789abcdef";

// Each byte as its two hex digits, low nibble first: the order event ids have always been written
// in, so a seed's ids keep every digit they had.
constexpr std::array<std::array<char, 2>, 256> kByteDigits = [] {
  std::array<std::array<char, 2>, 256> digits{};
  for (std::size_t byte = 0; byte < digits.size(); ++byte)
    digits[byte] = {kHex[byte & 0xF], kHex[byte >> 4]};
  return digits;
}();

void append_alphanumerics(Rng &rng, std::string &out, std::size_t length) {
  // One 64-bit draw gives ten characters (62^10 < 2^64 / 300: bias is negligible here).
  const std::size_t start = out.size();
  out.resize(start + length);
  char *next = out.data() + start;
  while (length > 0) {
    std::uint64_t bits = rng.next();
    for (int i = 0; i < 10 && length > 0; ++i, --length) {
      *next++ = kAlphanumerics[bits % kAlphanumerics.size()];
      bits /= kAlphanumerics.size();
    }
  }
}

std::string prefixed_id(Rng &rng, std::size_t length) {
  // Every real IVS stream and stage session id we have seen begins "st-1".
  std::string id = "st-1";
  id.reserve(3 + length);
  append_alphanumerics(rng, id, length - 1);
  return id;
}

} // namespace

std::string alphanumeric_id(Rng &rng, std::size_t length) {
  std::string id;
  id.reserve(length);
  append_alphanumerics(rng, id, length);
  return id;
}

Text uuid_shaped_hex(Rng &rng) {
  // Two draws, as ever, so the rest of a generator's stream does not move.
  const std::uint64_t high = rng.next();
  const std::uint64_t low = rng.next();
  char digits[32];
  char *next = digits;
  for (std::uint64_t word : {high, low})
    for (int byte = 0; byte < 8; ++byte, word >>= 8, next += 2)
      std::memcpy(next, kByteDigits[word & 0xFF].data(), 2);
  // 8-4-4-4-12, every digit random: EventBridge ids fix no UUID version or variant digit (real
  // captures: db65fc17-1612-ef68-3aad-..., afd67cde-8c16-58fc-6397-...).
  std::array<char, 36> text;
  text.fill('-');
  std::memcpy(text.data(), digits, 8);
  std::memcpy(text.data() + 9, digits + 8, 4);
  std::memcpy(text.data() + 14, digits + 12, 4);
  std::memcpy(text.data() + 19, digits + 16, 4);
  std::memcpy(text.data() + 24, digits + 20, 12);
  return Text(std::string_view(text.data(), text.size()));
}

std::string stream_id(Rng &rng) { return prefixed_id(rng, 23); }

std::string stage_session_id(Rng &rng) { return prefixed_id(rng, 13); }

std::string ivs_arn(std::string_view region, std::string_view account, std::string_view kind,
                    std::string_view id) {
  std::string arn = "arn:aws:ivs:";
  arn.append(region).append(":").append(account).append(":").append(kind).append("/").append(id);
  return arn;
}

std::string channel_recording_prefix(std::string_view account, std::string_view channel_id,
                                     Instant started, std::string_view recording_id) {
  const auto day = std::chrono::floor<std::chrono::days>(started);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{std::chrono::floor<std::chrono::seconds>(started - day)};
  std::string prefix = "ivs/v1/";
  prefix.append(account).append("/").append(channel_id);
  for (const unsigned part :
       {static_cast<unsigned>(static_cast<int>(date.year())), static_cast<unsigned>(date.month()),
        static_cast<unsigned>(date.day()), static_cast<unsigned>(time.hours().count()),
        static_cast<unsigned>(time.minutes().count())})
    prefix.append("/").append(std::to_string(part));
  return prefix.append("/").append(recording_id);
}

std::string participant_recording_prefix(std::string_view stage_id, std::string_view session_id,
                                         std::string_view participant_id, Instant started) {
  // "2024-01-01T12:00:55Z" with ':' replaced by '-', as in the documented prefix.
  std::string stamp = format_rfc3339(std::chrono::floor<std::chrono::seconds>(started));
  for (char &c : stamp)
    if (c == ':')
      c = '-';
  std::string prefix;
  prefix.append(stage_id).append("/").append(session_id).append("/").append(participant_id);
  return prefix.append("/").append(stamp);
}

} // namespace ivsim::sim

// What every fuzz target shares: the libFuzzer entry point and the rule that bad input may only
// ever end in ivsim::InputError.
#pragma once

#include "ivsim/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

/// libFuzzer's entry point, defined once per target; the corpus driver calls it too.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace ivsim::fuzz {

/// The input as text.
inline std::string_view as_text(const std::uint8_t *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

/// Stops the run with a message: a law every accepted input must satisfy was broken. An abort is
/// what libFuzzer records as a crash, with the input that caused it.
[[noreturn]] inline void broken(const char *law) {
  std::fprintf(stderr, "fuzz: broken law: %s\n", law);
  std::abort();
}

} // namespace ivsim::fuzz

// Words of a printed command (the replay line), quoted so a shell reads them back unchanged.
#pragma once

#include <string>

namespace ivsim::cli {

/// `text` in single quotes, a quote inside written as '\'' (close, escaped quote, reopen).
inline std::string single_quoted(const std::string &text) {
  std::string quoted = "'";
  for (const char c : text)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

/// `word` as is when it holds only plain characters, else single-quoted.
inline std::string shell_word(const std::string &word) {
  const bool plain =
      !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789-_./:=@,+") == std::string::npos;
  return plain ? word : single_quoted(word);
}

} // namespace ivsim::cli

// The words of printed commands (replay and search lines): the SUT flags as given, no secrets.
#include "replay_words.hpp"

#include "ivsim/cli/sut_options.hpp"
#include "shell_quote.hpp"
#include "sqs_sut_options.hpp"

#include <boost/any.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>
#include <vector>

namespace ivsim::cli {

namespace po = boost::program_options;

namespace {

// The shortest text that reads back as `number`: 600, not 600.000000.
std::string number_text(double number) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, number);
  return std::string(text, result.ptr);
}

// The flag name of `word` when it is a long option (`--name` or `--name=value`), else "".
std::string flag_name(const std::string &word) {
  if (word.rfind("--", 0) != 0)
    return "";
  return word.substr(2, word.find('=') - 2);
}

// A `NAME: VALUE` header whose name says it carries a credential keeps its name and loses its
// value: `--header 'x-api-key: ...'` shows where the key goes without putting it in a CI log.
std::string header_shown(const std::string &header) {
  const std::size_t colon = header.find(':');
  if (colon == std::string::npos)
    return header;
  std::string name = header.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const std::string_view secret : {"auth", "cookie", "key", "token", "secret", "password"})
    if (name.find(secret) != std::string::npos)
      return header.substr(0, colon) + ": ...";
  return header;
}

} // namespace

std::string sut_flags(const po::variables_map &values) {
  std::string flags;
  const po::options_description options = sut_options(); // outlives the loop
  for (const auto &option : options.options()) {
    const std::string name = option->long_name();
    if (values.count(name) == 0 || values[name].defaulted() || is_secret_flag(name))
      continue;
    const boost::any &value = values[name].value();
    if (const auto *text = boost::any_cast<std::string>(&value)) {
      flags += " --" + name + " " + single_quoted(*text);
    } else if (const auto *texts = boost::any_cast<std::vector<std::string>>(&value)) {
      for (const std::string &item : *texts)
        flags += " --" + name + " " + single_quoted(name == "header" ? header_shown(item) : item);
    } else if (const auto *on = boost::any_cast<bool>(&value); on && *on) {
      flags += " --" + name;
    } else if (const auto *number = boost::any_cast<double>(&value)) {
      flags += " --" + name + " " + number_text(*number);
    } else if (const auto *count = boost::any_cast<std::uint32_t>(&value)) {
      flags += " --" + name + " " + std::to_string(*count);
    }
  }
  return flags;
}

std::string search_command(const Arguments &arguments, std::uint64_t seed) {
  std::string command = "ivsim check --seed " + std::to_string(seed);
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string name = flag_name(arguments[i]);
    const bool value_follows = arguments[i].find('=') == std::string::npos;
    if (name == "seed" || is_secret_flag(name)) {
      if (value_follows)
        ++i;
      continue;
    }
    if (name == "header") {
      const std::string header = value_follows ? (++i < arguments.size() ? arguments[i] : "")
                                               : arguments[i].substr(arguments[i].find('=') + 1);
      command += " --header " + shell_word(header_shown(header));
      continue;
    }
    command += " " + shell_word(arguments[i]);
  }
  return command;
}

} // namespace ivsim::cli

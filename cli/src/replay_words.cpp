#include "replay_words.hpp"

#include "ivsim/cli/sut_options.hpp"
#include "shell_quote.hpp"
#include "sqs_sut_options.hpp"

#include <boost/any.hpp>

#include <charconv>
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
        flags += " --" + name + " " + single_quoted(item);
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
    if (name == "seed" || is_secret_flag(name)) {
      if (arguments[i].find('=') == std::string::npos)
        ++i; // its value is the next word
      continue;
    }
    command += " " + shell_word(arguments[i]);
  }
  return command;
}

} // namespace ivsim::cli

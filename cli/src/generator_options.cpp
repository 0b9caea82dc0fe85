#include "ivsim/cli/generator_options.hpp"

#include "ivsim/error.hpp"

#include <charconv>

namespace ivsim::cli {

namespace po = boost::program_options;
using Json = nlohmann::ordered_json;

std::string flag_name(std::string_view knob_name) {
  std::string flag(knob_name);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

namespace {

const char *value_name(sim::KnobType type) {
  switch (type) {
  case sim::KnobType::count:
    return "N";
  case sim::KnobType::probability:
    return "P";
  case sim::KnobType::rate:
    return "RATE";
  case sim::KnobType::duration:
    return "DURATION";
  case sim::KnobType::flag:
    return "true|false";
  case sim::KnobType::text:
    return "TEXT";
  case sim::KnobType::per_kind:
    return "JSON";
  }
  return "VALUE";
}

std::string preset_list() {
  std::string names;
  for (const std::string &name : sim::preset_names())
    names += (names.empty() ? "" : ", ") + name;
  return names;
}

template <typename Number> std::optional<Number> parse_number(const std::string &text) {
  Number value{};
  const char *end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end)
    return std::nullopt;
  return value;
}

} // namespace

po::options_description generator_options() {
  po::options_description options("Generator options (a generated run)");
  options.add_options()("seed", po::value<std::uint64_t>()->value_name("N"),
                        "the run's seed: the same spec and seed give the same plan, bit for bit")(
      "preset", po::value<std::string>()->value_name("NAME"),
      ("fault preset, replacing the fault options: " + preset_list()).c_str())(
      "scenario", po::value<std::string>()->value_name("FILE"),
      "start from the \"generator\" spec of this scenario file; flags then override it");
  for (const sim::KnobInfo &knob : sim::knobs()) {
    const std::string flag = flag_name(knob.name);
    options.add_options()(flag.c_str(), po::value<std::string>()->value_name(value_name(knob.type)),
                          (std::string(knob.section) + ": " + std::string(knob.help)).c_str());
  }
  return options;
}

bool has_generator_flags(const po::variables_map &options) {
  if (options.count("seed") != 0 || options.count("preset") != 0)
    return true;
  for (const sim::KnobInfo &knob : sim::knobs())
    if (options.count(flag_name(knob.name)) != 0)
      return true;
  return false;
}

Json knob_value_from_text(const sim::KnobInfo &knob, const std::string &text) {
  switch (knob.type) {
  case sim::KnobType::count:
    if (const auto number = parse_number<std::int64_t>(text))
      return *number;
    return text;
  case sim::KnobType::probability:
  case sim::KnobType::rate:
    if (const auto number = parse_number<double>(text))
      return *number;
    return text;
  case sim::KnobType::flag:
    if (text == "true" || text == "false")
      return text == "true";
    return text;
  case sim::KnobType::per_kind:
    return Json::accept(text) ? Json::parse(text) : Json(text);
  case sim::KnobType::duration:
  case sim::KnobType::text:
    return text;
  }
  return text;
}

sim::GeneratorSpec spec_from_options(const po::variables_map &options, const Scenario *scenario) {
  sim::GeneratorSpec spec;
  if (scenario != nullptr) {
    try {
      spec = sim::parse_generator_spec(scenario->generator, "/generator");
    } catch (const InputError &error) {
      if (scenario->source == nullptr)
        throw;
      scenario->source->relocate(error, "");
    }
  }
  if (options.count("preset") != 0)
    sim::apply_preset(spec.faults, options["preset"].as<std::string>());
  if (options.count("seed") != 0)
    spec.seed = options["seed"].as<std::uint64_t>();
  for (const sim::KnobInfo &knob : sim::knobs()) {
    const std::string flag = flag_name(knob.name);
    if (options.count(flag) != 0)
      sim::set_knob(spec, knob, knob_value_from_text(knob, options[flag].as<std::string>()),
                    "--" + flag);
  }
  return spec;
}

} // namespace ivsim::cli

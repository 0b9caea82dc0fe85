// Saving a shrunk failure as a regression scenario, and finding the saved ones again.
#include "ivsim/cli/check/regression.hpp"

#include "ivsim/cli/check/failure.hpp"
#include "ivsim/error.hpp"
#include "ivsim/scenario_file.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace ivsim::cli::check {

namespace fs = std::filesystem;

namespace {

std::string ordinal(std::uint32_t n) {
  const std::uint32_t last_two = n % 100;
  const char *suffix = "th";
  if (last_two < 11 || last_two > 13) {
    if (n % 10 == 1)
      suffix = "st";
    else if (n % 10 == 2)
      suffix = "nd";
    else if (n % 10 == 3)
      suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

std::string dump(const oracle::Json &value) {
  return value.dump(-1, ' ', false, oracle::Json::error_handler_t::replace);
}

// FNV-1a: a stable name for the same scenario text on every platform.
std::uint32_t fnv1a(const std::string &text) {
  std::uint32_t hash = 2166136261u;
  for (const unsigned char c : text)
    hash = (hash ^ c) * 16777619u;
  return hash;
}

} // namespace

std::string describe_failure(const Plan &plan, const oracle::Report &report,
                             const std::string &failure_key, const std::string &origin) {
  std::ostringstream text;
  text << "Regression found by ivsim check (" << origin << "): ";
  const oracle::Divergence *divergence = find_divergence(report, failure_key);
  if (divergence == nullptr)
    return text.str() + "the run failed.";
  text << to_string(divergence->kind) << " at " << failure_key << ": expected "
       << dump(divergence->expected) << ", got " << dump(divergence->actual) << ".";
  if (!divergence->evidence.empty()) {
    text << " Events involved, by delivery order:";
    const char *separator = " ";
    for (const oracle::EvidenceEvent &event : divergence->evidence) {
      text << separator << event.what << " (delivered " << ordinal(event.order + 1);
      if (!event.faults.empty())
        text << ", " << to_string(event.faults);
      text << ")";
      separator = "; ";
    }
    text << ".";
  }
  text << " " << plan.events.size() << " events, " << sent_deliveries(plan) << " deliveries.";
  return text.str();
}

std::string regression_file_name(const oracle::Divergence &divergence,
                                 const std::string &scenario_text) {
  // Paths alternate table names and entity keys: channels.<arn>.live,
  // stages.<arn>.sessions.<id>.participants.<id>.publishing, deliveries.<index>.
  std::string name;
  for (std::size_t i = 0; i < divergence.path.size(); i += 2)
    name += (name.empty() ? "" : "-") + divergence.path[i];
  if (name.empty())
    name = "failure";
  char hash[9];
  std::snprintf(hash, sizeof hash, "%08x", fnv1a(scenario_text));
  return name + "-" + hash + ".json";
}

fs::path save_regression(const fs::path &directory, const Plan &plan,
                         const oracle::Divergence &divergence, const std::string &description,
                         const oracle::Scope &scope) {
  Scenario scenario = scenario_from_plan(plan, description);
  scenario.scope = scope.paths();
  const std::string text = to_scenario_text(scenario);
  std::error_code error;
  fs::create_directories(directory, error);
  if (error)
    throw InputError(directory.string() + ": cannot be created: " + error.message());
  const fs::path path = directory / regression_file_name(divergence, text);
  save_scenario(path.string(), scenario);
  return path;
}

std::vector<fs::path> list_regressions(const fs::path &directory) {
  std::error_code error;
  if (!fs::exists(directory, error))
    return {};
  if (!fs::is_directory(directory, error))
    throw InputError(directory.string() + ": expected a directory of regression scenarios");
  std::vector<fs::path> files;
  for (const fs::directory_entry &entry : fs::directory_iterator(directory))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

} // namespace ivsim::cli::check

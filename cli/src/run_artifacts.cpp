#include "ivsim/cli/run_artifacts.hpp"

#include "ivsim/cli/html_report.hpp"

#include "ivsim/error.hpp"
#include "ivsim/oracle/report.hpp"
#include "ivsim/scenario_file.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace ivsim::cli {

namespace {

using Json = nlohmann::ordered_json;

double as_milliseconds(Duration duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

void write_file(const std::filesystem::path &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out)
    throw InputError(path.string() + ": cannot be written");
}

} // namespace

Json delivery_history(const Plan &plan, const adapters::RunResult &result) {
  Json history = Json::array();
  for (std::size_t i = 0; i < plan.deliveries.size(); ++i) {
    const Delivery &delivery = plan.deliveries[i];
    const adapters::DeliveryRecord &record = result.records[i];
    Json entry = Json::object();
    entry["delivery"] = i;
    entry["event"] = plan.events[delivery.event].id;
    entry["what"] = describe(plan.events[delivery.event]);
    entry["outcome"] = std::string(adapters::to_string(record.outcome.outcome));
    entry["attempts"] = record.outcome.attempts;
    if (!record.outcome.reason.empty())
      entry["reason"] = record.outcome.reason;
    if (record.outcome.indeterminate)
      entry["indeterminate"] = true;
    if (!record.outcome.output.empty())
      entry["output"] = record.outcome.output;
    entry["wall_started_ms"] = as_milliseconds(record.wall_started);
    entry["wall_finished_ms"] = as_milliseconds(record.wall_finished);
    entry["acknowledged_as"] =
        record.acknowledged_as ? Json(*record.acknowledged_as) : Json(nullptr);
    history.push_back(std::move(entry));
  }
  return history;
}

std::string report_text(const CheckedRun &run) {
  std::string text = oracle::to_text(run.report);
  if (run.divergent_step)
    text += describe(*run.divergent_step);
  return text;
}

Json report_json(const CheckedRun &run) {
  Json report = oracle::to_json(run.report);
  if (run.steps_checked == 0)
    return report;
  Json step = nullptr;
  if (const auto &divergent = run.divergent_step)
    step = {{"first", divergent->first}, {"last", divergent->last}, {"events", divergent->events}};
  report["check_every"] = {{"steps_checked", run.steps_checked}, {"divergent_step", step}};
  return report;
}

std::string format_counts(const adapters::RunCounts &counts) {
  std::ostringstream text;
  text << "acknowledged " << counts.acknowledged << ", dropped " << counts.dropped << ", rejected "
       << counts.rejected << ", failed " << counts.failed << " (of " << counts.total()
       << " deliveries; " << counts.retries << " retries";
  if (counts.indeterminate != 0)
    text << ", " << counts.indeterminate << " indeterminate";
  // Every delivery the plan did not drop went unsent: nothing reached the SUT at all, which the
  // bucket "failed" alone does not say.
  if (counts.not_sent != 0 && counts.not_sent == counts.total() - counts.dropped)
    text << "; none sent: the run could not start";
  else if (counts.not_sent != 0)
    text << ", " << counts.not_sent << " not sent";
  text << ")";
  return text.str();
}

void write_report_file(std::string_view flag, const std::string &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out)
    throw InputError("--" + std::string(flag) + ": " + path + ": cannot be written");
}

void require_writable(std::string_view flag, const std::filesystem::path &path, bool is_directory) {
  namespace fs = std::filesystem;
  const auto fail = [&](const std::string &why) {
    throw InputError("--" + std::string(flag) + ": " + path.string() + ": " + why);
  };
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (fs::exists(status)) {
    if (is_directory != fs::is_directory(status))
      fail(is_directory ? "expected a directory, found a file"
                        : "expected a file, found a directory");
    if (::access(path.c_str(), W_OK) != 0)
      fail("cannot be written (no permission)");
    return;
  }
  // The nearest ancestor that exists is where the file or the missing directories would go.
  fs::path parent = fs::absolute(path, error).parent_path();
  while (!parent.empty() && !fs::exists(parent, error) && parent != parent.parent_path())
    parent = parent.parent_path();
  if (!is_directory && parent != fs::absolute(path, error).parent_path())
    fail("cannot be written: " + path.parent_path().string() + " does not exist");
  if (!fs::is_directory(parent, error))
    fail("cannot be created: " + parent.string() + " is not a directory");
  if (::access(parent.c_str(), W_OK | X_OK) != 0)
    fail("cannot be created: " + parent.string() + " is not writable");
}

std::vector<std::filesystem::path> save_run(const std::filesystem::path &directory,
                                            const Plan &plan, const std::string &description,
                                            const CheckedRun &run, const oracle::Scope &scope) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    throw InputError(directory.string() +
                     ": cannot create the output directory: " + error.message());
  const std::vector<std::filesystem::path> paths = {
      directory / "plan.json", directory / "history.json", directory / "report.txt",
      directory / "report.json", directory / "report.html"};
  Scenario scenario = scenario_from_plan(plan, description);
  scenario.scope = scope.paths();
  write_file(paths[0], to_scenario_text(scenario));
  Json history = Json::object();
  history["counts"] = {{"acknowledged", run.result.counts.acknowledged},
                       {"dropped", run.result.counts.dropped},
                       {"rejected", run.result.counts.rejected},
                       {"failed", run.result.counts.failed},
                       {"indeterminate", run.result.counts.indeterminate},
                       {"not_sent", run.result.counts.not_sent},
                       {"retries", run.result.counts.retries}};
  history["deliveries"] = delivery_history(plan, run.result);
  write_file(paths[1], history.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
  write_file(paths[2], report_text(run));
  write_file(paths[3], report_json(run).dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
  write_file(paths[4], to_html({plan, run.result, run.report}));
  return paths;
}

} // namespace ivsim::cli

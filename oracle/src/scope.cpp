// Scope paths, validated against the contract's shape so a typo is an error, not an empty check.
#include "ivsim/oracle/scope.hpp"

#include "ivsim/error.hpp"
#include "ivsim/state_paths.hpp"

#include <algorithm>

namespace ivsim::oracle {

namespace {

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos)
      return out;
    start = end + 1;
  }
}

bool segment_matches(const std::string &pattern, const std::string &segment) {
  return pattern == "*" || pattern == segment;
}

} // namespace

Scope::Scope(const std::vector<std::string> &paths) {
  for (const std::string &path : paths) {
    if (const std::optional<std::string> problem = field_path_problem(path))
      throw InputError("scope \"" + path + "\": " + *problem);
    patterns_.push_back(split(path, '.'));
  }
}

Scope Scope::parse(std::string_view comma_separated) {
  std::vector<std::string> paths;
  for (std::string &path : split(comma_separated, ','))
    if (!path.empty())
      paths.push_back(std::move(path));
  return Scope(paths);
}

bool Scope::touches(const std::vector<std::string> &path) const {
  if (patterns_.empty())
    return true;
  return std::any_of(patterns_.begin(), patterns_.end(), [&](const auto &pattern) {
    const std::size_t n = std::min(pattern.size(), path.size());
    for (std::size_t i = 0; i < n; ++i)
      if (!segment_matches(pattern[i], path[i]))
        return false;
    return true;
  });
}

bool Scope::covers(const std::vector<std::string> &path) const {
  if (patterns_.empty())
    return true;
  return std::any_of(patterns_.begin(), patterns_.end(), [&](const auto &pattern) {
    if (pattern.size() > path.size())
      return false;
    for (std::size_t i = 0; i < pattern.size(); ++i)
      if (!segment_matches(pattern[i], path[i]))
        return false;
    return true;
  });
}

std::vector<std::string> Scope::paths() const {
  std::vector<std::string> out;
  for (const auto &pattern : patterns_) {
    std::string path;
    for (const std::string &segment : pattern)
      path += (path.empty() ? "" : ".") + segment;
    out.push_back(std::move(path));
  }
  return out;
}

std::string Scope::to_string() const {
  if (patterns_.empty())
    return "everything";
  std::string out;
  for (const std::string &path : paths())
    out += (out.empty() ? "" : ",") + path;
  return out;
}

} // namespace ivsim::oracle

#include "ivsim/cli/state_notes.hpp"

#include <algorithm>

namespace ivsim::cli {

void merge_state_notes(std::vector<oracle::DocumentNote> &into,
                       const std::vector<oracle::DocumentNote> &more) {
  for (const oracle::DocumentNote &note : more) {
    const bool known = std::any_of(into.begin(), into.end(), [&](const oracle::DocumentNote &had) {
      return had.pattern == note.pattern;
    });
    if (!known)
      into.push_back(note);
  }
}

void print_state_notes(std::ostream &out, const std::vector<oracle::DocumentNote> &notes) {
  // A SUT that keeps much more than the contract would otherwise bury the report.
  constexpr std::size_t kMostShown = 10;
  const std::size_t shown = std::min(notes.size(), kMostShown);
  for (std::size_t i = 0; i < shown; ++i)
    out << "ivsim: warning: state document: " << notes[i].pattern << ": " << notes[i].message
        << "\n";
  if (notes.size() > shown)
    out << "ivsim: warning: state document: and " << notes.size() - shown << " more like these\n";
}

} // namespace ivsim::cli

// Warnings about a SUT's state document (keys the contract does not name, times that look like
// epoch seconds), gathered over the documents a command reads and printed once.
#pragma once

#include "ivsim/oracle/state_document.hpp"

#include <ostream>
#include <vector>

namespace ivsim::cli {

/// Appends to `into` each note of `more` whose pattern `into` does not hold yet.
void merge_state_notes(std::vector<oracle::DocumentNote> &into,
                       const std::vector<oracle::DocumentNote> &more);

/// Prints `ivsim: warning: state document: PATTERN: MESSAGE` for each note, at most 10 lines,
/// then one line saying how many more there are. Prints nothing for no note.
void print_state_notes(std::ostream &out, const std::vector<oracle::DocumentNote> &notes);

} // namespace ivsim::cli

#include "ivsim/cli/state_notes.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace ivsim::cli {
namespace {

oracle::DocumentNote note(int i) {
  return {"/x" + std::to_string(i), "/x" + std::to_string(i), "not a collection of the contract"};
}

TEST(StateNotes, MergeKeepsOneNotePerPattern) {
  std::vector<oracle::DocumentNote> notes = {note(1)};
  oracle::DocumentNote same_pattern = note(1);
  same_pattern.pointer = "/elsewhere";
  merge_state_notes(notes, {same_pattern, note(2)});
  ASSERT_EQ(notes.size(), 2U);
  EXPECT_EQ(notes[0].pointer, "/x1");
  EXPECT_EQ(notes[1].pattern, "/x2");
}

// Test that a SUT keeping many extra keys gets ten lines and a count, not a wall of warnings.
TEST(StateNotes, PrintsAtMostTenLinesAndHowManyMore) {
  std::vector<oracle::DocumentNote> notes;
  for (int i = 0; i < 13; ++i)
    notes.push_back(note(i));
  std::ostringstream out;
  print_state_notes(out, notes);
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 11);
  EXPECT_NE(text.find("ivsim: warning: state document: /x0: not a collection of the contract\n"),
            std::string::npos);
  EXPECT_EQ(text.find("/x10"), std::string::npos);
  EXPECT_NE(text.find("ivsim: warning: state document: and 3 more like these\n"),
            std::string::npos);
  std::ostringstream none;
  print_state_notes(none, {});
  EXPECT_EQ(none.str(), "");
}

} // namespace
} // namespace ivsim::cli

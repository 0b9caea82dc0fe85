#include "ivsim/oracle/scope.hpp"

#include "ivsim/error.hpp"

#include <gtest/gtest.h>

namespace ivsim::oracle {
namespace {

using Path = std::vector<std::string>;

TEST(Scope, EverythingIsTheDefault) {
  EXPECT_TRUE(Scope().covers({"streams", "s", "state"}));
  EXPECT_EQ(Scope().to_string(), "everything");
}

TEST(Scope, AFieldPathCoversOnlyThatField) {
  const Scope scope({"channels.*.live"});
  EXPECT_TRUE(scope.covers({"channels", "arn", "live"}));
  EXPECT_FALSE(scope.covers({"channels", "arn", "name"}));
  EXPECT_TRUE(scope.touches({"channels", "arn"}));
  EXPECT_FALSE(scope.touches({"streams", "s"}));
}

TEST(Scope, ACollectionCoversEverythingUnderIt) {
  const Scope scope = Scope::parse("streams,stages.*.sessions.*.participants.*.publishing");
  EXPECT_TRUE(scope.covers({"streams", "s", "healthy"}));
  EXPECT_TRUE(scope.covers({"stages", "a", "sessions", "b", "participants", "c", "publishing"}));
  EXPECT_FALSE(scope.covers({"stages", "a", "sessions", "b", "participants", "c", "user_id"}));
  EXPECT_EQ(scope.to_string(), "streams,stages.*.sessions.*.participants.*.publishing");
}

TEST(Scope, ATypoIsAnErrorThatListsTheChoices) {
  try {
    Scope({"channels.*.lve"});
    FAIL() << "expected an InputError";
  } catch (const InputError &error) {
    EXPECT_STREQ(error.what(), "scope \"channels.*.lve\": expected a field of channels (name, "
                               "live, stream_id, recording), got \"lve\"");
  }
  EXPECT_THROW(Scope({"channel"}), InputError);
}

std::string problem_of(const std::string &path) {
  try {
    Scope({path});
  } catch (const InputError &error) {
    return error.what();
  }
  return "no error";
}

// `channels.live` reads as "the channel whose key is live": a forgotten `*` that would check
// nothing and pass.
TEST(Scope, AFieldInTheKeysPlaceIsAForgottenStar) {
  EXPECT_EQ(problem_of("channels.live"),
            "scope \"channels.live\": expected a key of channels or * before \"live\" (write "
            "channels.*.live), got \"live\"");
  EXPECT_EQ(problem_of("stages.*.sessions.participants"),
            "scope \"stages.*.sessions.participants\": expected a key of sessions or * before "
            "\"participants\" (write stages.*.sessions.*.participants), got \"participants\"");
  EXPECT_EQ(problem_of("channels.arn:x.live"), "no error"); // a key, then its field
}

TEST(Scope, NothingFollowsAField) {
  EXPECT_EQ(problem_of("streams.*.state.more"),
            "scope \"streams.*.state.more\": expected the path to end at the field \"state\", got "
            "\"more\"");
  EXPECT_EQ(problem_of("recordings.*.stream_ids.*"),
            "scope \"recordings.*.stream_ids.*\": expected the path to end at the field "
            "\"stream_ids\", got \"*\"");
}

} // namespace
} // namespace ivsim::oracle

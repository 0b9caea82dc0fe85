// The entity table behind reduce: numbers keys by first appearance, finds equal text at any
// address.
#include "aggregates.hpp"
#include "flat_table.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ivsim::oracle::detail {
namespace {

struct Count {
  int uses = 0;
};

// Short keys from a small alphabet repeat often, and hundreds of them make the table grow.
rc::Gen<std::vector<std::string>> keys() {
  return rc::gen::container<std::vector<std::string>>(
      rc::gen::container<std::string>(rc::gen::elementOf(std::string("ab"))));
}

RC_GTEST_PROP(FlatTable, NumbersKeysInOrderOfFirstAppearanceLikeAMap, ()) {
  const std::vector<std::string> inserted = *keys();
  FlatTable<std::string_view, Count> table;
  std::map<std::string, std::uint32_t> reference;
  for (const std::string &key : inserted) {
    const auto expected = reference.try_emplace(key, reference.size()).first->second;
    RC_ASSERT(table.number(key) == expected);
    ++table[key].uses;
  }
  RC_ASSERT(table.size() == reference.size());
  for (const auto &[key, number] : reference) {
    const std::string copy = key; // equal text at another address
    RC_ASSERT(table.find(copy) == number);
    RC_ASSERT(table.key(number) == key);
  }
  for (const std::string &absent : *keys())
    if (!reference.contains(absent))
      RC_ASSERT(table.find(absent) == table.kAbsent);
}

TEST(FlatTable, KeepsEveryValueThroughGrowth) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5000; ++i)
    ids.push_back("st-1" + std::to_string(i * 7919));
  FlatTable<std::string_view, Count> table;
  for (int round = 0; round < 2; ++round)
    for (const std::string &id : ids)
      ++table[id].uses;
  ASSERT_EQ(table.size(), ids.size());
  for (std::uint32_t number = 0; number < ids.size(); ++number) {
    EXPECT_EQ(table.key(number), ids[number]);
    EXPECT_EQ(table.value(number).uses, 2);
  }
}

TEST(FlatTable, SameTextComparesCharactersOnlyAtDifferentAddresses) {
  const std::string a = "arn:aws:ivs:us-west-2:123456789012:channel/abc";
  const std::string b = a;
  EXPECT_TRUE(same_text(a, a));
  EXPECT_TRUE(same_text(a, b));
  EXPECT_FALSE(same_text(a, std::string_view(a).substr(1)));
  EXPECT_EQ(hash_key(std::string_view(a)), hash_key(std::string_view(b)));
}

// Texts from a small alphabet, each repeated as copies (one address) and as equal texts built
// apart (another address), as generated and parsed events have them.
RC_GTEST_PROP(MemoTable, NumbersKeysAsTheTableDoesWhereverTheirTextsLive, ()) {
  const std::vector<std::string> inserted = *keys();
  std::vector<Text> shared;
  for (const std::string &key : inserted)
    shared.emplace_back(key);
  const std::vector<std::size_t> picks =
      *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, 1000));
  MemoTable<std::string_view, Count, 1> memo;
  FlatTable<std::string_view, Count> reference;
  std::vector<Text> apart; // equal texts at new addresses, kept alive as events are
  for (const std::size_t pick : picks) {
    if (shared.empty())
      break;
    const Text &text = pick % 2 == 0 ? shared[pick / 2 % shared.size()]
                                     : apart.emplace_back(shared[pick / 2 % shared.size()].str());
    RC_ASSERT(memo.remembered_number(text.view(), {identity_of(text)}) ==
              reference.number(text.view()));
  }
  RC_ASSERT(memo.size() == reference.size());
}

TEST(MemoTable, TellsParentsApartAtTheSameTextAddress) {
  const Text id("dest-1");
  MemoTable<ChildKey, Count, 2> children;
  EXPECT_EQ(children.remembered_number({0, id.view()}, {0, identity_of(id)}), 0U);
  EXPECT_EQ(children.remembered_number({1, id.view()}, {1, identity_of(id)}), 1U);
  EXPECT_EQ(children.remembered_number({0, id.view()}, {0, identity_of(id)}), 0U);
  EXPECT_EQ(children.size(), 2U);
}

} // namespace
} // namespace ivsim::oracle::detail

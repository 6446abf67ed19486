// TextIndex: the emitters' index of items by the keys the items hold (logical ids, addresses).
#include "backends/aws/text_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace berth::aws {
namespace {

TEST(TextIndex, FindsEveryItemByItsKeyAcrossGrowth) {
  std::vector<std::string> keys;
  auto key_of = [&](uint32_t i) -> std::string_view { return keys[i]; };
  TextIndex index;  // no Reserve: grows from 16 slots
  for (uint32_t i = 0; i < 5000; ++i) {
    keys.push_back("service.svc" + std::to_string(i));
    EXPECT_EQ(index.FindOrAdd(keys.back(), i, key_of), i);
  }
  EXPECT_EQ(index.size(), 5000u);
  for (uint32_t i = 0; i < 5000; ++i)
    EXPECT_EQ(index.Find("service.svc" + std::to_string(i), key_of), i);
  EXPECT_EQ(index.Find("service.svc5000", key_of), TextIndex::kNone);
  EXPECT_EQ(index.Find("", key_of), TextIndex::kNone);
}

TEST(TextIndex, KeepsTheFirstItemOfAKeyUnlessTheCallerReplacesIt) {
  std::vector<std::string> keys = {"a", "b", "a"};
  auto key_of = [&](uint32_t i) -> std::string_view { return keys[i]; };
  TextIndex index;
  index.Reserve(3);
  EXPECT_EQ(index.FindOrAdd("a", 0, key_of), 0u);
  EXPECT_EQ(index.FindOrAdd("b", 1, key_of), 1u);
  uint32_t& slot = index.FindOrAdd("a", 2, key_of);
  EXPECT_EQ(slot, 0u);  // found, not added
  EXPECT_EQ(index.size(), 2u);
  slot = 2;  // a later item of the same key takes its place
  EXPECT_EQ(index.Find("a", key_of), 2u);
  EXPECT_EQ(index.Find("b", key_of), 1u);
}

TEST(TextIndex, AnEmptyIndexFindsNothing) {
  TextIndex index;
  auto key_of = [](uint32_t) -> std::string_view { return "never read"; };
  EXPECT_EQ(index.Find("anything", key_of), TextIndex::kNone);
}

}  // namespace
}  // namespace berth::aws

// The helpers builders make request bodies with (backends/aws/ir_access.h): the trees and texts
// they make are those of nlohmann's own operator[] and initializer lists, and a member written
// twice is refused rather than silently replaced.
#include <gtest/gtest.h>

#include <stdexcept>

#include "backends/aws/ir_access.h"

namespace berth::aws {
namespace {

TEST(RequestJson, PutAppendsInOrderLikeOperatorBrackets) {
  Json put = JsonObject();
  Json indexed = Json::object();
  // More members than the first growth makes room for: values must survive the moves.
  for (int i = 0; i < 40; ++i) {
    std::string key = "member_with_a_long_name_" + std::to_string(39 - i);
    Json value = JsonObject("nested", JsonArray(i, "text that is longer than fifteen bytes"));
    Put(put, key, value);
    indexed[key] = value;
  }
  EXPECT_EQ(put, indexed);
  EXPECT_EQ(put.dump(2), indexed.dump(2));
  EXPECT_EQ(put.begin().key(), "member_with_a_long_name_39");
}

TEST(RequestJson, PutRefusesASecondWriteOfTheSameKey) {
  Json body = JsonObject("family", "api", "cpu", "256");
  EXPECT_THROW(Put(body, "cpu", "512"), std::logic_error);
  EXPECT_THROW(Put(body, "family", "web"), std::logic_error);
  Put(body, "cpus", "1");  // same first byte, another key
  EXPECT_EQ(body.dump(), R"({"family":"api","cpu":"256","cpus":"1"})");
}

TEST(RequestJson, ObjectAndArrayMatchTheInitializerListTrees) {
  Json made = JsonObject("Type", "forward", "Priority", 10LL, "Actions",
                         JsonArray(JsonObject("Values", JsonArray("/api/*"))), "Enabled", true);
  Json listed = {{"Type", "forward"},
                 {"Priority", 10},
                 {"Actions", {{{"Values", {"/api/*"}}}}},
                 {"Enabled", true}};
  EXPECT_EQ(made, listed);
  EXPECT_EQ(made.dump(), listed.dump());
  EXPECT_EQ(JsonObject().dump(), Json::object().dump());
  EXPECT_EQ(JsonArray().dump(), Json::array().dump());
}

}  // namespace
}  // namespace berth::aws

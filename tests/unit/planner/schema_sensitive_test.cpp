// MarkSchemaSensitive marks the values of attributes a schema declares sensitive, however deep
// their block, and walks no tree whose blocks declare none (issue 15: no resource kind does
// today, and the walk of 70,000 trees was a third of a no-op plan's diff).
#include <gtest/gtest.h>

#include "compiler/schema/schema.h"
#include "planner/value_diff.h"

namespace berth::planner {
namespace {

TEST(SchemaSensitive, MarksDeclaredAttributesInNestedBlocksOnly) {
  schema::BlockSpec secret_block;
  secret_block.name = "container";
  secret_block.ir_key = "containers";
  secret_block.attributes.push_back({.name = "password", .sensitive = true});
  secret_block.attributes.push_back({.name = "image"});
  schema::BlockSpec resource;
  resource.name = "thing";
  resource.attributes.push_back({.name = "name"});
  resource.blocks.push_back(&secret_block);

  Value attributes = Value::Map({
      {"name", Value::String("x")},
      {"containers", Value::List({Value::Map({{"image", Value::String("nginx")},
                                              {"password", Value::String("hunter2")}}),
                                  Value::Map({{"password", Value::Null()}})})},
  });
  MarkSchemaSensitive(attributes, {&resource, nullptr});
  const ValueList& containers = attributes.Get("containers")->list();
  EXPECT_TRUE(containers[0].Get("password")->sensitive());
  EXPECT_FALSE(containers[0].Get("image")->sensitive());
  EXPECT_FALSE(containers[1].Get("password")->sensitive()) << "null stays unmarked";
  EXPECT_FALSE(attributes.Get("name")->sensitive());

  // A schema without a sensitive attribute marks nothing.
  schema::BlockSpec plain;
  plain.name = "plain";
  plain.attributes.push_back({.name = "name"});
  Value other = Value::Map({{"name", Value::String("y")}});
  MarkSchemaSensitive(other, {&plain, nullptr});
  EXPECT_FALSE(other.ContainsSensitive());
}

}  // namespace
}  // namespace berth::planner

// Invariants every schema table must keep: the checker, lowering, planner and docs all rely on
// them, and a table edit that breaks one should fail here rather than in a user's plan.
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>

#include "compiler/schema/schema.h"

namespace berth::schema {
namespace {

// Calls `visit` on every block reachable from the resource kinds, with a path for messages.
void ForEachBlock(const std::function<void(const BlockSpec&, const std::string&)>& visit) {
  std::function<void(const BlockSpec&, const std::string&)> walk = [&](const BlockSpec& block,
                                                                       const std::string& path) {
    visit(block, path);
    for (const BlockSpec* nested : block.blocks)
      walk(*nested, path + "." + std::string(nested->name));
  };
  for (const BlockSpec* kind : AllResources()) walk(*kind, std::string(kind->name));
}

void ForEachAttribute(
    const std::function<void(const AttributeSpec&, const BlockSpec&, const std::string&)>& visit) {
  ForEachBlock([&](const BlockSpec& block, const std::string& path) {
    for (const AttributeSpec& a : block.attributes)
      visit(a, block, path + "." + std::string(a.name));
  });
}

// Whether a default value has the shape its type asks for (enums as strings, as lowered).
bool Fits(const Value& v, const Type& t) {
  switch (t.kind) {
    case TypeKind::kAny:
      return true;
    case TypeKind::kString:
      return v.is(ValueKind::kString);
    case TypeKind::kNumber:
      return v.is(ValueKind::kNumber);
    case TypeKind::kBool:
      return v.is(ValueKind::kBool);
    case TypeKind::kDuration:
      return v.is(ValueKind::kDuration);
    case TypeKind::kSize:
      return v.is(ValueKind::kSize);
    case TypeKind::kPercent:
      return v.is(ValueKind::kPercent);
    case TypeKind::kCpu:
      return v.is(ValueKind::kCpu);
    case TypeKind::kSecretOrString:
      return v.is(ValueKind::kString) || v.is(ValueKind::kSecret);
    case TypeKind::kRef:
      return false;  // a default cannot point at a resource
    case TypeKind::kEnum: {
      if (!v.is(ValueKind::kString)) return false;
      for (std::string_view e : t.enum_values) {
        if (e == v.str()) return true;
      }
      return false;
    }
    case TypeKind::kList:
      if (!v.is(ValueKind::kList)) return false;
      for (const Value& item : v.list()) {
        if (!Fits(item, *t.element)) return false;
      }
      return true;
    case TypeKind::kMap:
      if (!v.is(ValueKind::kMap)) return false;
      for (const auto& [k, item] : v.map()) {
        if (!Fits(item, *t.element)) return false;
      }
      return true;
  }
  return false;
}

void CheckType(const Type& t, const std::string& path) {
  switch (t.kind) {
    case TypeKind::kList:
    case TypeKind::kMap:
      ASSERT_NE(t.element, nullptr) << path;
      CheckType(*t.element, path);
      break;
    case TypeKind::kEnum: {
      EXPECT_FALSE(t.enum_values.empty()) << path;
      std::set<std::string_view> unique(t.enum_values.begin(), t.enum_values.end());
      EXPECT_EQ(unique.size(), t.enum_values.size()) << path << ": duplicate enum value";
      break;
    }
    case TypeKind::kRef:
      EXPECT_FALSE(t.ref_kinds.empty()) << path;
      for (std::string_view kind : t.ref_kinds) {
        EXPECT_NE(FindResource(kind), nullptr) << path << " refers to unknown kind " << kind;
      }
      break;
    default:
      break;
  }
}

TEST(SchemaTables, KindsAreRegisteredInOrder) {
  std::vector<std::string> names;
  for (const BlockSpec* kind : AllResources()) names.emplace_back(kind->name);
  EXPECT_EQ(names, (std::vector<std::string>{"cluster", "task", "service", "load_balancer",
                                             "listener_rule", "target_group", "role", "log_group",
                                             "schedule", "security_group"}));
  for (const BlockSpec* kind : AllResources()) {
    EXPECT_EQ(FindResource(kind->name), kind);
    EXPECT_TRUE(kind->labeled) << kind->name << ": resources are addressed by label";
    EXPECT_FALSE(kind->repeated);
  }
  EXPECT_EQ(FindResource("container"), nullptr);
  EXPECT_EQ(FindResource(""), nullptr);
}

TEST(SchemaTables, EveryAttributeHasATypeAndDoc) {
  ForEachAttribute([](const AttributeSpec& a, const BlockSpec&, const std::string& path) {
    ASSERT_NE(a.type, nullptr) << path;
    EXPECT_FALSE(a.doc.empty()) << path;
    EXPECT_EQ(a.doc.back(), '.') << path << ": docs are sentences";
    CheckType(*a.type, path);
  });
  ForEachBlock(
      [](const BlockSpec& b, const std::string& path) { EXPECT_FALSE(b.doc.empty()) << path; });
}

TEST(SchemaTables, NamesAreUniqueWithinABlock) {
  ForEachBlock([](const BlockSpec& b, const std::string& path) {
    std::vector<std::string> names = b.Names();
    std::set<std::string> unique(names.begin(), names.end());
    EXPECT_EQ(unique.size(), names.size()) << path;
    for (std::string_view c : b.computed) {
      EXPECT_EQ(b.FindAttribute(c), nullptr) << path << ": computed " << c << " is also declared";
    }
  });
}

TEST(SchemaTables, DefaultsFitTheirTypes) {
  ForEachAttribute([](const AttributeSpec& a, const BlockSpec&, const std::string& path) {
    if (a.required) {
      EXPECT_FALSE(a.default_value.has_value()) << path << ": required with a default";
      EXPECT_FALSE(a.default_is_label) << path << ": required with a default";
    }
    if (a.default_is_label) {
      EXPECT_EQ(a.type, &String()) << path;
      EXPECT_FALSE(a.default_value.has_value()) << path;
    }
    if (a.default_value) {
      EXPECT_TRUE(Fits(*a.default_value, *a.type))
          << path << ": default " << a.default_value->ToSource() << " is not a "
          << a.type->Describe();
    }
  });
}

TEST(SchemaTables, NestedBlocksHaveKeys) {
  ForEachBlock([](const BlockSpec& b, const std::string& path) {
    for (const BlockSpec* nested : b.blocks) {
      EXPECT_FALSE(nested->ir_key.empty() && nested->repeated) << path << "." << nested->name;
      // Lowering stores a labeled block's label under "name": no attribute may claim it, except
      // where an AWS name may be no identifier (containers, volumes: "log-router"), and then
      // `name` overrides the label.
      bool name_overrides = nested->name == "container" || nested->name == "volume";
      if (nested->labeled && !name_overrides) {
        EXPECT_EQ(nested->FindAttribute("name"), nullptr) << path << "." << nested->name;
      }
    }
    std::set<std::string_view> keys;
    for (const BlockSpec* nested : b.blocks) {
      std::string_view key = nested->ir_key.empty() ? nested->name : nested->ir_key;
      EXPECT_TRUE(keys.insert(key).second) << path << ": IR key " << key << " used twice";
      EXPECT_EQ(b.FindAttribute(key), nullptr) << path << ": IR key " << key << " is an attribute";
    }
  });
}

TEST(SchemaTables, NameLikeAttributesDefaultToTheLabel) {
  for (const BlockSpec* kind : AllResources()) {
    // AWS gives listener rules no name: an ARN and a priority only.
    if (kind->name == "listener_rule") {
      EXPECT_EQ(kind->FindAttribute("name"), nullptr);
      continue;
    }
    const AttributeSpec* name = kind->FindAttribute(kind->name == "task" ? "family" : "name");
    ASSERT_NE(name, nullptr) << kind->name;
    EXPECT_TRUE(name->default_is_label) << kind->name;
  }
}

TEST(SchemaTables, TaggedKinds) {
  for (const char* kind : {"cluster", "task", "service", "load_balancer", "listener_rule",
                           "target_group", "role", "log_group", "schedule", "security_group"}) {
    const AttributeSpec* tags = FindResource(kind)->FindAttribute("tags");
    ASSERT_NE(tags, nullptr) << kind;
    EXPECT_EQ(tags->type, &MapOf(String()));
    EXPECT_FALSE(tags->forces_replacement) << kind;
  }
}

TEST(SchemaTables, TaskChangesAreNewRevisions) {
  const BlockSpec* task = FindResource("task");
  EXPECT_TRUE(task->FindAttribute("cpu")->forces_replacement);
  EXPECT_TRUE(task->FindBlock("container")->FindAttribute("image")->forces_replacement);
  EXPECT_TRUE(task->FindBlock("container")
                  ->FindBlock("health")
                  ->FindAttribute("interval")
                  ->forces_replacement);
  EXPECT_FALSE(task->FindAttribute("tags")->forces_replacement);
}

TEST(SchemaTables, DesiredCountIsOwnedByAutoscaling) {
  const AttributeSpec* desired = FindResource("service")->FindAttribute("desired_count");
  ASSERT_NE(desired, nullptr);
  EXPECT_EQ(desired->owned_by, Owner::kAutoscaling);
  EXPECT_EQ(*desired->default_value, Value::Number(1));
}

TEST(SchemaTables, ContainerBlockShape) {
  const BlockSpec* container = FindResource("task")->FindBlock("container");
  ASSERT_NE(container, nullptr);
  EXPECT_TRUE(container->labeled);
  EXPECT_TRUE(container->repeated);
  EXPECT_TRUE(container->required);
  EXPECT_EQ(container->ir_key, "containers");
  EXPECT_TRUE(container->FindAttribute("image")->required);
  EXPECT_EQ(*container->FindAttribute("essential")->default_value, Value::Bool(true));
  const BlockSpec* health = container->FindBlock("health");
  ASSERT_NE(health, nullptr);
  EXPECT_FALSE(health->repeated);
  EXPECT_EQ(*health->FindAttribute("interval")->default_value, Value::Duration(30000));
  EXPECT_EQ(*health->FindAttribute("timeout")->default_value, Value::Duration(5000));
  EXPECT_EQ(*health->FindAttribute("retries")->default_value, Value::Number(3));
  EXPECT_EQ(*health->FindAttribute("start_period")->default_value, Value::Duration(0));
  EXPECT_EQ(container->FindBlock("nope"), nullptr);
  EXPECT_EQ(container->FindAttribute("nope"), nullptr);
}

TEST(SchemaTables, SharedBlocksAreShared) {
  // service and schedule place tasks alike, from one table.
  EXPECT_EQ(FindResource("service")->FindBlock("network"),
            FindResource("schedule")->FindBlock("network"));
}

TEST(SchemaTables, NamesListsAttributesThenBlocks) {
  std::vector<std::string> names = FindResource("cluster")->Names();
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "name", "container_insights", "capacity_providers", "service_connect_namespace",
                "tags", "default_capacity_provider", "execute_command", "managed_storage"}));
  std::vector<std::string> target_group = FindResource("target_group")->Names();
  EXPECT_EQ(target_group.back(), "health_check");
}

TEST(SchemaTypes, InterningGivesStableAddresses) {
  EXPECT_EQ(&ListOf(String()), &ListOf(String()));
  EXPECT_NE(&ListOf(String()), &MapOf(String()));
  EXPECT_EQ(&MapOf(ListOf(Number())), &MapOf(ListOf(Number())));
  EXPECT_EQ(ListOf(String()).element, &String());
  EXPECT_EQ(&RefTo({"role"}), &RefTo({"role"}));
  EXPECT_NE(&RefTo({"role"}), &RefTo({"task"}));
  EXPECT_EQ(&EnumOf({"a", "b"}), &EnumOf({"a", "b"}));
  EXPECT_NE(&EnumOf({"a", "b"}), &EnumOf({"b", "a"}));
  // The views point into interned storage, not into the caller's strings.
  std::string temporary = "ephemeral_kind";
  const Type& ref = RefTo({temporary});
  temporary.assign("overwritten!!!");
  EXPECT_EQ(ref.ref_kinds.at(0), "ephemeral_kind");
}

TEST(SchemaTypes, Describe) {
  EXPECT_EQ(Any().Describe(), "any");
  EXPECT_EQ(String().Describe(), "string");
  EXPECT_EQ(Number().Describe(), "number");
  EXPECT_EQ(Bool().Describe(), "bool");
  EXPECT_EQ(Duration().Describe(), "duration");
  EXPECT_EQ(Size().Describe(), "size");
  EXPECT_EQ(Percent().Describe(), "percentage");
  EXPECT_EQ(Cpu().Describe(), "cpu");
  EXPECT_EQ(SecretOrString().Describe(), "string or secret");
  EXPECT_EQ(ListOf(String()).Describe(), "list(string)");
  EXPECT_EQ(MapOf(ListOf(Number())).Describe(), "map(list(number))");
  EXPECT_EQ(RefTo({"role"}).Describe(), "reference to role");
  EXPECT_EQ(RefTo({"cluster", "task", "role"}).Describe(), "reference to cluster, task or role");
  EXPECT_EQ(EnumOf({"off", "on", "rollback"}).Describe(), "one of: off, on, rollback");
  EXPECT_EQ(FindResource("task")->FindAttribute("requires")->type->Describe(),
            "list(one of: FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES)");
}

}  // namespace
}  // namespace berth::schema

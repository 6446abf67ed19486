// The semantic diff: structure, not JSON blobs; ownership; unknowns; sensitive paths.
#include <gtest/gtest.h>

#include "planner/plan.h"
#include "tests/unit/planner/plan_fixture.h"

namespace berth::planner::testing {
namespace {

std::vector<std::string> Paths(const ResourceChange& c) {
  std::vector<std::string> paths;
  for (const AttributeChange& a : c.changes) paths.push_back(a.path);
  return paths;
}

TEST(Diff, SameStackIsNoChange) {
  Plan plan = Diff({}, Stack(), LiveOf(Stack()));
  EXPECT_FALSE(plan.HasChanges());
  ASSERT_EQ(plan.changes.size(), 3u);
  for (const ResourceChange& c : plan.changes) EXPECT_EQ(c.action, Action::kNoOp) << c.address;
}

TEST(Diff, OneEnvironmentVariableIsOneChange) {
  Plan plan = Diff({}, Stack("prod"), LiveOf(Stack("stg")));
  const ResourceChange* task = Find(plan, "task.api");
  ASSERT_NE(task, nullptr);
  ASSERT_EQ(task->changes.size(), 1u);
  const AttributeChange& change = task->changes[0];
  EXPECT_EQ(change.path, "containers[\"app\"].env.APP_ENV");
  EXPECT_EQ(change.before, Value::String("stg"));
  EXPECT_EQ(change.after, Value::String("prod"));
  // A container definition belongs to a task definition revision: a new one replaces it.
  EXPECT_EQ(task->action, Action::kReplace);
  EXPECT_EQ(task->replace_reasons,
            std::vector<std::string>{"`containers[\"app\"].env.APP_ENV` forces replacement"});
  EXPECT_EQ(Find(plan, "service.api")->action, Action::kNoOp);
}

TEST(Diff, ReorderedEnvironmentAndContainersAreNoChange) {
  ir::Program live_program = Stack();
  Value& task = live_program.resources[2].attributes;  // cluster, service, task by address
  ASSERT_EQ(live_program.resources[2].address, "task.api");
  ValueList containers = task.Get("containers")->list();
  std::reverse(containers.begin(), containers.end());
  // Value::Map sorts, so an environment given in another order is the same map.
  containers[1].Set("env", Value::Map({{"LOG_LEVEL", Value::String("info")},
                                       {"DB_PASS", Value::String(kSecretValue)},
                                       {"APP_ENV", Value::String("prod")}}));
  task.Set("containers", Value::List(containers));
  Plan plan = Diff({}, Stack(), LiveOf(live_program));
  EXPECT_FALSE(plan.HasChanges()) << Paths(*Find(plan, "task.api"))[0];
}

TEST(Diff, ContainersAreMatchedByName) {
  ir::Program live_program = Stack();
  Value& task = live_program.resources[2].attributes;
  ValueList containers = task.Get("containers")->list();
  std::reverse(containers.begin(), containers.end());
  containers[0].Set("image", Value::String("registry/proxy:1.9"));  // the sidecar
  containers.push_back(Container("old", "registry/old:1", {}));
  task.Set("containers", Value::List(containers));
  Plan plan = Diff({}, Stack(), LiveOf(live_program));
  const ResourceChange* c = Find(plan, "task.api");
  EXPECT_EQ(Paths(*c),
            (std::vector<std::string>{"containers[\"sidecar\"].image", "containers[\"old\"]"}));
  EXPECT_TRUE(c->changes[1].after.is_null());
}

TEST(Diff, ClusterForcesReplacementWithItsReason) {
  ir::Program live_program = Stack();
  live_program.resources[1].attributes = ServiceAttributes(2, false, "cluster.old");
  Plan plan = Diff({}, Stack(), LiveOf(live_program));
  const ResourceChange* service = Find(plan, "service.api");
  EXPECT_EQ(service->action, Action::kReplace);
  EXPECT_EQ(service->replace_reasons, std::vector<std::string>{"`cluster` forces replacement"});
  ASSERT_EQ(service->changes.size(), 1u);
  EXPECT_TRUE(service->changes[0].forces_replacement);
}

TEST(Diff, DesiredCountUnderAutoscalingIsNeverReset) {
  // The scaler moved the service to 7 tasks; the stack still says 2.
  ir::Program live_program = Stack("prod", 7, true);
  Plan plan = Diff({}, Stack("prod", 2, true), LiveOf(live_program));
  const ResourceChange* service = Find(plan, "service.api");
  EXPECT_EQ(service->action, Action::kNoOp);
  EXPECT_EQ(*service->after.Get("desired_count"), Value::Number(7)) << "apply keeps the live count";
  // Another change on the service still leaves the count alone.
  live_program.resources[1].attributes.Set("health_check_grace", Value::Duration(60000));
  plan = Diff({}, Stack("prod", 2, true), LiveOf(live_program));
  service = Find(plan, "service.api");
  EXPECT_EQ(service->action, Action::kUpdate);
  EXPECT_EQ(Paths(*service), std::vector<std::string>{"health_check_grace"});
  EXPECT_EQ(*service->after.Get("desired_count"), Value::Number(7));
}

TEST(Diff, DesiredCountWithoutAutoscalingIsEnforced) {
  Plan plan = Diff({}, Stack("prod", 2, false), LiveOf(Stack("prod", 7, false)));
  const ResourceChange* service = Find(plan, "service.api");
  EXPECT_EQ(service->action, Action::kUpdate);
  EXPECT_EQ(Paths(*service), std::vector<std::string>{"desired_count"});
}

TEST(Diff, CreateUnderAutoscalingSetsTheDeclaredCount) {
  Plan plan = Diff({}, Stack("prod", 2, true), {});
  EXPECT_EQ(*Find(plan, "service.api")->after.Get("desired_count"), Value::Number(2));
}

TEST(Diff, ImageSetByAPipelineIsNotFought) {
  ir::Program live_program = Stack();
  Value& task = live_program.resources[2].attributes;
  ValueList containers = task.Get("containers")->list();
  containers[0].Set("image", Value::String("registry/api:1.7-from-ci"));
  task.Set("containers", Value::List(containers));
  DiffOptions options;
  options.ignore.push_back(*ParseIgnoredPath("task.api:containers[\"app\"].image"));
  Plan plan = Diff(options, Stack(), LiveOf(live_program));
  const ResourceChange* c = Find(plan, "task.api");
  EXPECT_EQ(c->action, Action::kNoOp);
  EXPECT_EQ(*c->after.Get("containers")->list()[0].Get("image"),
            Value::String("registry/api:1.7-from-ci"));
  // Without the declaration the image is enforced.
  EXPECT_EQ(Paths(*Find(Diff({}, Stack(), LiveOf(live_program)), "task.api")),
            std::vector<std::string>{"containers[\"app\"].image"});
}

TEST(Diff, ReferencesAreKnownAfterApply) {
  Plan plan = Diff({}, Stack(), {});
  EXPECT_EQ(Find(plan, "service.api")->unknown_paths,
            (std::vector<std::string>{"cluster", "task"}));
  EXPECT_EQ(Find(plan, "task.api")->unknown_paths, std::vector<std::string>{"execution_role"});
}

// "https://${load_balancer.public.dns_name}/api" (issue 10, item 1).
Value PublicUrl(const char* path = "/api") {
  return Value::Template({Value::String("https://"), Value::Ref("load_balancer.public", "dns_name"),
                          Value::String(path)});
}

ir::Program StackWithUrl(Value url) {
  ir::Program program = Stack();
  Value& task = program.resources[2].attributes;
  ValueList containers = task.Get("containers")->list();
  Value env = *containers[0].Get("env");
  env.Set("PUBLIC_URL", std::move(url));
  containers[0].Set("env", env);
  task.Set("containers", Value::List(containers));
  return program;
}

TEST(Diff, TemplatesAreKnownAfterApplyAndComparedWithWhatWasRecorded) {
  Plan created = Diff({}, StackWithUrl(PublicUrl()), {});
  const ResourceChange* task = Find(created, "task.api");
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->unknown_paths,
            (std::vector<std::string>{"containers[\"app\"].env.PUBLIC_URL", "execution_role"}));
  // The state recorded the same template: no change.
  Plan same = Diff({}, StackWithUrl(PublicUrl()), LiveOf(StackWithUrl(PublicUrl())));
  EXPECT_FALSE(same.HasChanges());
  // Other text around the same reference, or the bare reference an older berth recorded for
  // it, is a change, shown with both sides.
  for (Value recorded : {PublicUrl("/v1"), Value::Ref("load_balancer.public", "dns_name"),
                         Value::String("https://lb.example.com/api")}) {
    Plan plan = Diff({}, StackWithUrl(PublicUrl()), LiveOf(StackWithUrl(recorded)));
    const ResourceChange* changed = Find(plan, "task.api");
    ASSERT_EQ(changed->changes.size(), 1u) << recorded.ToSource();
    EXPECT_EQ(changed->changes[0].path, "containers[\"app\"].env.PUBLIC_URL");
    EXPECT_EQ(changed->changes[0].before, recorded);
    EXPECT_EQ(changed->changes[0].after, PublicUrl());
  }
}

TEST(Diff, SensitivePathsAreRecorded) {
  Plan plan = Diff({}, Stack(), {});
  EXPECT_EQ(Find(plan, "task.api")->sensitive_paths,
            std::vector<std::string>{"containers[\"app\"].env.DB_PASS"});
  // A change of a sensitive value records its path too.
  ir::Program live_program = Stack();
  Value& task = live_program.resources[2].attributes;
  ValueList containers = task.Get("containers")->list();
  Value env = *containers[0].Get("env");
  env.Set("DB_PASS", Value::String("old-password").MarkSensitive());
  containers[0].Set("env", env);
  task.Set("containers", Value::List(containers));
  plan = Diff({}, Stack(), LiveOf(live_program));
  const ResourceChange* c = Find(plan, "task.api");
  ASSERT_EQ(c->changes.size(), 1u);
  EXPECT_EQ(c->changes[0].path, "containers[\"app\"].env.DB_PASS");
  EXPECT_TRUE(c->changes[0].before.sensitive());
  EXPECT_TRUE(c->changes[0].after.sensitive());
}

TEST(Diff, UnlabeledBlocksInAnotherOrderAreNoChange) {
  auto rules = [](bool reversed) {
    ValueList items = {Value::Map({{"port", Value::Number(80)}}),
                       Value::Map({{"port", Value::Number(443)}})};
    if (reversed) std::reverse(items.begin(), items.end());
    return Value::Map({{"ingress", Value::List(items)}});
  };
  ir::Program desired = Program({Resource("security_group.alb", "security_group", rules(false))});
  Plan plan = Diff({}, desired, {Live("security_group.alb", "security_group", rules(true))});
  EXPECT_FALSE(plan.HasChanges());
}

TEST(Diff, TargetsPlanOnlyThemAndTheirDependencies) {
  ir::Program program = Stack();
  program.resources.push_back(Resource("log_group.other", "log_group", Value::Map({})));
  program = Program(program.resources);
  DiffOptions options;
  options.targets = {"service.api"};
  Plan plan = Diff(options, program,
                   {Live("log_group.gone", "log_group", Value::Map({})),
                    Live("service.gone", "service", Value::Map({}))});
  std::vector<std::string> addresses;
  for (const ResourceChange& c : plan.changes) addresses.push_back(c.address);
  EXPECT_EQ(addresses, (std::vector<std::string>{"cluster.main", "task.api", "service.api"}));
  options.targets = {"service.gone"};
  plan = Diff(options, program, {Live("service.gone", "service", Value::Map({}))});
  ASSERT_EQ(plan.changes.size(), 1u);
  EXPECT_EQ(plan.changes[0].action, Action::kDelete);
}

TEST(Diff, DeletesComeLastDependentsFirst) {
  Plan plan = Diff({}, ir::Program{}, LiveOf(Stack()));
  std::vector<std::string> addresses;
  for (const ResourceChange& c : plan.changes) addresses.push_back(c.address);
  EXPECT_EQ(addresses, (std::vector<std::string>{"service.api", "task.api", "cluster.main"}));
  EXPECT_EQ(Find(plan, "task.api")->sensitive_paths,
            std::vector<std::string>{"containers[\"app\"].env.DB_PASS"});
}

TEST(Diff, IgnoredPathSyntax) {
  EXPECT_FALSE(ParseIgnoredPath("task.api"));
  EXPECT_FALSE(ParseIgnoredPath(":image"));
  auto p = ParseIgnoredPath("module.web.task.api:containers[\"app\"].image");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->address, "module.web.task.api");
  EXPECT_EQ(p->path, "containers[\"app\"].image");
}

}  // namespace
}  // namespace berth::planner::testing

namespace berth::planner::testing {
namespace {

// A live view holding an address twice (a backend's listing) is one resource, the last one:
// kept when the program has it, deleted once when it does not (issue 15: the diff marks the
// live resources it matched instead of looking each one up in the program).
TEST(Diff, AnAddressLiveTwiceIsOneResource) {
  std::vector<LiveResource> live = LiveOf(Stack());
  live.push_back(live.front());
  live.push_back(Live("cluster.old", "cluster", Value::Map({})));
  live.push_back(Live("cluster.old", "cluster", Value::Map({})));
  Plan plan = Diff({}, Stack(), std::move(live));
  EXPECT_EQ(plan.Count(Action::kNoOp), 3);
  EXPECT_EQ(plan.Count(Action::kDelete), 1);
  const ResourceChange* old = Find(plan, "cluster.old");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->action, Action::kDelete);
}

}  // namespace
}  // namespace berth::planner::testing

// What the reconciler keeps of stopped tasks (controlplane/reconciler/reconciler.h): ECS answers
// a stopped task for at least an hour (DescribeTasks, ListTasks), and the store forgets it after
// that, so a long-running server's ticks do not read its whole history.
#include <gtest/gtest.h>

#include "controlplane/model/ecs.h"
#include "controlplane/reconciler/reconciler.h"
#include "tests/unit/controlplane/temp_store.h"

namespace berth::controlplane::reconciler {
namespace {

using nlohmann::json;  // declared here too: in a unity batch of its own nothing brings it in

json StoppedTask(const std::string& id, double stopped_at) {
  return {{"taskArn", "arn:aws:ecs:us-east-1:000000000000:task/main/" + id},
          {"lastStatus", "STOPPED"},
          {"desiredStatus", "STOPPED"},
          {"stoppedAt", stopped_at},
          {"x-berth", {{"cluster", "main"}, {"instance", "i-gone"}}}};
}

class ReconcilerHistory : public test_support::TempStoreTest {};

TEST_F(ReconcilerHistory, StoppedTasksAreKeptAnHourThenForgotten) {
  double now = model::Now();
  store_->Transaction([&](store::Tx& tx) {
    tx.Put(store::kTask, "old", "main", StoppedTask("old", now - 3700));
    tx.Put(store::kTask, "recent", "main", StoppedTask("recent", now - 3500));
  });
  {
    Reconciler reconciler(*store_, model::Origin{}, {}, Options{});
    reconciler.Tick();
  }
  bool old_kept = true, recent_kept = false;
  store_->Transaction([&](store::Tx& tx) {
    old_kept = tx.Get(store::kTask, "old").has_value();
    recent_kept = tx.Get(store::kTask, "recent").has_value();
  });
  EXPECT_FALSE(old_kept) << "a task stopped more than an hour ago is still in the store";
  EXPECT_TRUE(recent_kept) << "a task stopped 58 minutes ago is gone: ECS shows it for an hour";
}

}  // namespace
}  // namespace berth::controlplane::reconciler

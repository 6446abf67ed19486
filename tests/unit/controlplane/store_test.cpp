#include "controlplane/store/store.h"

#include <gtest/gtest.h>

#include <thread>

#include "controlplane/store/task_definitions.h"
#include "tests/unit/controlplane/temp_store.h"

namespace berth::controlplane::store {
namespace {

class StoreTest : public test_support::TempStoreTest {
 protected:
};

TEST_F(StoreTest, AFailedTransactionLeavesNothing) {
  store_->Transaction([](Tx& tx) { tx.Put(kCluster, "a", "", {{"n", 1}}); });
  EXPECT_THROW(store_->Transaction([](Tx& tx) {
    tx.Put(kCluster, "a", "", {{"n", 2}});
    tx.Put(kCluster, "b", "", {{"n", 3}});
    throw std::runtime_error("midway");
  }),
               std::runtime_error);
  store_->Transaction([](Tx& tx) {
    EXPECT_EQ((*tx.Get(kCluster, "a"))["n"], 1);
    EXPECT_FALSE(tx.Get(kCluster, "b"));
  });
}

TEST_F(StoreTest, WritesSurviveReopening) {
  store_->Transaction([](Tx& tx) { tx.Put(kService, "main/web", "main", {{"d", 4}}); });
  store_.reset();
  std::string error;
  store_ = Store::Open(dir_ + "/state.db", error);
  ASSERT_TRUE(store_) << error;
  store_->Transaction([](Tx& tx) {
    std::string parent = "main";
    ASSERT_EQ(tx.List(kService, &parent).size(), 1u);
    EXPECT_EQ(tx.List(kService, &parent)[0]["d"], 4);
  });
}

TEST_F(StoreTest, TaskDefinitionsByFamilyRevisionOrArn) {
  store_->Transaction([](Tx& tx) {
    for (int revision : {1, 2, 10}) {
      tx.Put(kTaskDef, TaskDefinitionKey("web", revision), "web",
             {{"revision", revision}, {"status", revision == 10 ? "INACTIVE" : "ACTIVE"}});
    }
    EXPECT_EQ((*FindTaskDefinition(tx, "web"))["revision"], 2);  // newest ACTIVE
    EXPECT_EQ((*FindTaskDefinition(tx, "web:10"))["revision"], 10);
    EXPECT_EQ((*FindTaskDefinition(
                  tx, "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1"))["revision"],
              1);
    EXPECT_FALSE(FindTaskDefinition(tx, "web:3"));
    EXPECT_FALSE(FindTaskDefinition(tx, "api"));
  });
}

// Reads run beside a writer that holds its transaction open: they see the last commit, not the
// write in progress, and do not wait for it; a write inside a read is refused, nothing written.
TEST_F(StoreTest, ReadsSeeTheLastCommitWhileAWriterWorks) {
  store_->Transaction([](Tx& tx) { tx.Put(kCluster, "a", "", {{"n", 1}}); });
  store_->Transaction([&](Tx& tx) {
    tx.Put(kCluster, "a", "", {{"n", 2}});
    std::thread reader(
        [&] { store_->Read([](Tx& read) { EXPECT_EQ((*read.Get(kCluster, "a"))["n"], 1); }); });
    reader.join();  // would never end if reads waited for the writer
  });
  store_->Read([](Tx& tx) { EXPECT_EQ((*tx.Get(kCluster, "a"))["n"], 2); });
  EXPECT_THROW(store_->Read([](Tx& tx) { tx.Put(kCluster, "b", "", {{"n", 3}}); }), NeedsWrite);
  store_->Read([](Tx& tx) { EXPECT_FALSE(tx.Get(kCluster, "b")); });
}

}  // namespace
}  // namespace berth::controlplane::store

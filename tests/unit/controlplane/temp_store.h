// The fixture of the control plane's unit tests that work over a real store (SQLite, as berth
// serve keeps it): a store opened in a temp dir of the test's own, closed and removed after it.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "controlplane/store/store.h"

namespace berth::controlplane::test_support {

class TempStoreTest : public ::testing::Test {
 protected:
  // A fixture with more to set up calls this first, then returns on HasFatalFailure().
  void SetUp() override {
    char dir[] = "/tmp/berth-cp-test.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    std::string error;
    store_ = store::Store::Open(dir_ + "/state.db", error);
    ASSERT_TRUE(store_) << error;
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace berth::controlplane::test_support

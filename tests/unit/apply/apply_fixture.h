// Plans built by hand, a temporary state file, and a run of Apply against the fake backend.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <string>
#include <vector>

#include "backends/fake_backend.h"
#include "planner/apply.h"

namespace berth::planner {

// A change on a resource of kind "log_group" with a `name` attribute.
ResourceChange Create(const std::string& address, std::vector<std::string> depends_on = {});
ResourceChange Delete(const std::string& address, std::vector<std::string> depends_on = {});
Value Attributes(const std::string& name);

class ApplyTest : public ::testing::Test {
 protected:
  ApplyTest();
  ~ApplyTest() override;

  ApplyResult Run(const Plan& plan, int parallelism = 10,
                  const std::atomic<bool>* interrupted = nullptr);
  // The state as saved on disk now.
  state::State Saved() const;
  std::vector<std::string> SavedAddresses() const;

  std::string dir_;
  std::string state_path_;
  state::State state_;
  backends::FakeBackend backend_;
  std::ostringstream progress_;
};

}  // namespace berth::planner

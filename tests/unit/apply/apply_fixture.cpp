#include "tests/unit/apply/apply_fixture.h"

#include <stdlib.h>

#include <filesystem>

namespace berth::planner {

Value Attributes(const std::string& name) { return Value::Map({{"name", Value::String(name)}}); }

ResourceChange Create(const std::string& address, std::vector<std::string> depends_on) {
  return {address, "log_group",          Action::kCreate, Value::Null(), Attributes(address),
          {},      std::move(depends_on)};
}

ResourceChange Delete(const std::string& address, std::vector<std::string> depends_on) {
  return {address,       "log_group", Action::kDelete,      Attributes(address),
          Value::Null(), {},          std::move(depends_on)};
}

ApplyTest::ApplyTest() {
  std::string pattern = (std::filesystem::temp_directory_path() / "berth-apply-XXXXXX").string();
  dir_ = mkdtemp(pattern.data());
  state_path_ = dir_ + "/.berth/state.json";
}

ApplyTest::~ApplyTest() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

ApplyResult ApplyTest::Run(const Plan& plan, int parallelism,
                           const std::atomic<bool>* interrupted) {
  ApplyOptions options;
  options.parallelism = parallelism;
  options.state_path = state_path_;
  options.progress = &progress_;
  options.interrupted = interrupted;
  return Apply(options, plan, backend_, state_);
}

state::State ApplyTest::Saved() const {
  state::State saved;
  std::string error;
  EXPECT_TRUE(state::LoadState(state_path_, saved, error)) << error;
  return saved;
}

std::vector<std::string> ApplyTest::SavedAddresses() const {
  std::vector<std::string> out;
  for (const state::Resource& r : Saved().resources) out.push_back(r.address);
  return out;
}

}  // namespace berth::planner

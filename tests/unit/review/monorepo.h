// The monorepo most review tests use: three stacks (web, api, batch) and a shared module that web
// and api import; batch stands alone.
#pragma once

#include <string>

#include "tests/unit/review/git_fixture.h"

namespace berth::testing {

std::string StackFile(const std::string& name, bool imports_shared, const std::string& extra = "");
std::string SharedModule(const std::string& retention);

// Commits the monorepo on main, then a `feature` branch changing only the shared module's log
// retention (30d to 90d). Returns the feature commit.
std::string MakeMonorepo(TestRepo& repo);

}  // namespace berth::testing

// The check phase: loads a stack (a directory of .berth files, or one file) and the modules it
// imports, resolves names, orders declarations by their references (reporting cycles), evaluates
// every expression, validates each block against its schema table, and lowers the result to the
// IR. ECS rules that need the whole program (Fargate sizes, awsvpc, load balancer ports) run on
// the lowered IR (compiler/rules/). All errors of a run are reported together.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/ir/ir.h"

namespace berth {

struct CheckOptions {
  std::string path = ".";  // stack directory or .berth file
  // --var name=value, raw text: parsed according to the variable's declared type.
  std::map<std::string, std::string> variables;
  std::vector<std::string>
      variable_files;      // --var-file: files of `name = value` lines (berth syntax)
  std::string stdlib_dir;  // where `import "std/..."` looks; empty: BERTH_STDLIB or built-in path
  // Turns `import "git::<url>//<subdir>?ref=<tag>"` into a local directory (review/git_modules.h
  // clones, caches and pins it); nullopt with an error message. Unset: git sources are an error.
  std::function<std::optional<std::string>(const std::string& source, std::string& error)>
      resolve_git_module;
};

// Returns the IR; on errors it returns nullopt and `diags` holds every error found.
std::optional<ir::Program> Check(const CheckOptions& options, SourceManager& sources,
                                 Diagnostics& diags);

}  // namespace berth

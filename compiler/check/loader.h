// Loading: the stack's files, and every module they import (transitively), parsed once each.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/check/check.h"
#include "compiler/check/module.h"

namespace berth::check {

class Loader {
 public:
  Loader(const CheckOptions& options, SourceManager& sources, Diagnostics& diags);

  // Loads the stack at options.path and everything it imports; declarations are collected and
  // reference graphs built for each module. nullptr when the stack itself cannot be read.
  const Module* LoadRoot();

 private:
  // Loads the module in `dir` (display path) once; nullptr (after reporting at `import_range`)
  // when it is missing, empty, or part of an import cycle.
  const Module* LoadModule(const std::string& dir, const ast::Import& import);
  // Reads and parses `files` (display paths) into `module`; then loads its imports and collects
  // its declarations.
  void Populate(Module& module, const std::vector<std::string>& files);
  void ResolveImports(Module& module);
  std::string StdlibDir() const;

  const CheckOptions& options_;
  SourceManager& sources_;
  Diagnostics& diags_;
  StringMap<std::unique_ptr<Module>> cache_;  // by canonical path
  std::vector<const Module*> loading_;        // the import chain being loaded, for cycles
};

}  // namespace berth::check

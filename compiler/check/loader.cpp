#include "compiler/check/loader.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "compiler/check/declarations.h"
#include "compiler/check/file_io.h"
#include "compiler/check/names.h"
#include "compiler/check/reference_graph.h"
#include "compiler/check/variables.h"
#include "compiler/parse/parse.h"

namespace berth::check {

namespace fs = std::filesystem;

namespace {

// The `.berth` files of `dir`, sorted by name, as display paths under `dir`.
std::vector<std::string> BerthFilesIn(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code type_ec;
    if (p.extension() == ".berth" && !fs::is_directory(p, type_ec)) {
      names.push_back(p.filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  std::string prefix = dir;
  if (prefix.empty() || prefix.back() != '/') prefix += '/';
  for (std::string& name : names) name = prefix + name;
  return names;
}

std::string Canonical(const std::string& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? fs::absolute(path, ec).lexically_normal().string() : canonical.string();
}

// Joins a relative import path to the importing module's directory, keeping it relative to the
// working directory when the stack was named so (diagnostics then read `modules/x/main.berth`).
std::string JoinPath(const std::string& dir, const std::string& relative) {
  fs::path joined =
      fs::path(relative).is_absolute() ? fs::path(relative) : fs::path(dir) / relative;
  std::string text = joined.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text.empty() ? "." : text;
}

}  // namespace

Loader::Loader(const CheckOptions& options, SourceManager& sources, Diagnostics& diags)
    : options_(options), sources_(sources), diags_(diags) {}

std::string Loader::StdlibDir() const {
  if (!options_.stdlib_dir.empty()) return options_.stdlib_dir;
  if (const char* env = std::getenv("BERTH_STDLIB"); env && *env) return env;
#ifdef BERTH_STDLIB_DIR
  return BERTH_STDLIB_DIR;
#else
  return "stdlib";
#endif
}

const Module* Loader::LoadRoot() {
  const std::string& path = options_.path;
  std::error_code ec;
  std::vector<std::string> files;
  std::string dir;
  if (fs::is_directory(path, ec)) {
    files = BerthFilesIn(path);
    if (files.empty()) {
      diags_.Error({}, "no .berth files in " + path);
      return nullptr;
    }
    dir = path;
  } else {
    std::string error;
    std::optional<std::string> probe = ReadFileText(path, error);
    if (!probe) {
      diags_.Error({}, "cannot read " + path + ": " + error);
      return nullptr;
    }
    files = {path};
    dir = fs::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
  }
  auto module = std::make_unique<Module>();
  module->dir = dir;
  module->canonical = Canonical(path);
  module->is_root = true;
  Module* root = module.get();
  cache_[module->canonical] = std::move(module);
  loading_.push_back(root);
  Populate(*root, files);
  loading_.pop_back();
  return root;
}

const Module* Loader::LoadModule(const std::string& dir, const ast::Import& import) {
  std::string canonical = Canonical(dir);
  if (auto it = cache_.find(canonical); it != cache_.end()) {
    const Module* cached = it->second.get();
    auto on_chain = std::find(loading_.begin(), loading_.end(), cached);
    if (on_chain == loading_.end()) return cached;
    std::string chain;
    for (auto m = on_chain; m != loading_.end(); ++m) chain += (*m)->dir + " -> ";
    chain += cached->dir;
    diags_.Error(import.path_range, "import cycle: " + chain);
    return nullptr;
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    Diagnostic& d = diags_.Error(import.path_range,
                                 "cannot find module \"" + import.path + "\": no directory " + dir);
    if (fs::is_regular_file(dir, ec)) {
      d.notes.push_back({"a module is a directory of .berth files: import its directory", {}});
    }
    return nullptr;
  }
  std::vector<std::string> files = BerthFilesIn(dir);
  if (files.empty()) {
    diags_.Error(import.path_range, "no .berth files in " + dir);
    return nullptr;
  }
  auto module = std::make_unique<Module>();
  module->dir = dir;
  module->canonical = canonical;
  Module* loaded = module.get();
  cache_[canonical] = std::move(module);
  loading_.push_back(loaded);
  Populate(*loaded, files);
  loading_.pop_back();
  return loaded;
}

void Loader::Populate(Module& module, const std::vector<std::string>& files) {
  module.files.reserve(files.size());
  ParseOptions parse_options;
  for (const std::string& path : files) {
    std::string error;
    std::optional<std::string> content = ReadFileText(path, error);
    if (!content) {
      diags_.Error({}, "cannot read " + path + ": " + error);
      continue;
    }
    uint32_t id = sources_.Add(path, std::move(*content));
    module.files.push_back(Parse(parse_options, sources_, id, diags_));
  }
  ResolveImports(module);
  CollectDeclarations(module, diags_);
  BuildReferenceGraph(module, diags_);
  EvaluateVariableDefaults(module, diags_);
}

void Loader::ResolveImports(Module& module) {
  for (const ast::File& file : module.files) {
    for (const ast::TopItem& item : file.items) {
      if (!item.import) continue;
      const ast::Import& import = *item.import;
      const std::string& alias = import.alias;
      SourceRange alias_range = import.range;
      // The parser reports aliases that are not names (`web-service` without `as`).
      if (!IsIdentifier(alias)) continue;
      if (schema::FindResource(alias) || IsReservedName(alias)) {
        Diagnostic& d = diags_.Error(
            alias_range, "the import alias `" + alias + "` shadows " +
                             (schema::FindResource(alias) ? "the resource kind `" + alias + "`"
                                                          : "the keyword `" + alias + "`"));
        d.notes.push_back({"bind the module to another name with `as NAME`", {}});
        continue;
      }
      if (auto it = module.imports.find(alias); it != module.imports.end()) {
        Diagnostic& d = diags_.Error(alias_range, "duplicate import alias `" + alias + "`");
        d.notes.push_back({"first imported here", it->second.decl->range});
        d.notes.push_back({"bind one of them to another name with `as NAME`", {}});
        continue;
      }
      std::string dir;
      if (import.path.rfind("std/", 0) == 0) {
        dir = JoinPath(StdlibDir(), import.path.substr(4));
      } else if (import.path.starts_with("git::")) {
        std::string error = "git module sources are not available in this command";
        std::optional<std::string> resolved;
        if (options_.resolve_git_module) {
          error.clear();
          resolved = options_.resolve_git_module(import.path, error);
        }
        if (!resolved) {
          diags_.Error(import.path_range, "cannot fetch module \"" + import.path + "\": " + error);
          // Bound without a target, as a missing local module is: no cascade of unknown blocks.
          module.imports[alias] = ImportBinding{alias, &import, nullptr};
          continue;
        }
        dir = *resolved;
      } else if (import.path.empty()) {
        diags_.Error(import.path_range, "empty import path");
        continue;
      } else {
        dir = JoinPath(module.dir, import.path);
      }
      const Module* target = LoadModule(dir, import);
      module.imports[alias] = ImportBinding{alias, &import, target};
    }
  }
}

}  // namespace berth::check

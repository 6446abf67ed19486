// berth fmt [--check] [PATH]: rewrites .berth files in the canonical format, keeping comments.
// With --check nothing is written: the files that would change are listed and the exit code
// is 1 when there is any, like `terraform fmt -check`.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/compile_stack.h"
#include "cli/output_file.h"
#include "compiler/fmt/format.h"
#include "compiler/parse/parse.h"

namespace berth::cli {

namespace {

// The .berth files named by PATH: the file itself, or every .berth file of the directory.
std::vector<std::string> BerthFiles(const std::string& path, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".berth") {
        files.push_back((fs::path(path) / entry.path().filename()).string());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) error = "no .berth files in " + path;
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    error = "cannot read " + path + ": No such file or directory";
  }
  return files;
}

}  // namespace

int FmtCommand(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<FlagSpec> flags = {
      {"check", false, false, "change nothing; list files that are not formatted, exit 1 if any"},
      {"diagnostics", true, false, "how errors are printed: text (default) or json"},
      {"help", false, false, "show this help"},
  };
  auto parsed = ParseCommandArgs("fmt", args, flags, io);
  if (!parsed) return 1;
  if (parsed->Has("help")) {
    io.out << "usage: berth fmt [--check] [PATH...]\n\n" << FlagsHelp(flags);
    return 0;
  }
  bool check = parsed->Get("check") == "true";
  std::vector<std::string> paths = parsed->positional;
  if (paths.empty()) paths.push_back(".");

  SourceManager sources;
  Diagnostics diags;
  int unformatted = 0;
  bool failed = false;
  for (const std::string& path : paths) {
    std::string error;
    std::vector<std::string> files = BerthFiles(path, error);
    if (!error.empty()) {
      io.err << "berth fmt: " << error << "\n";
      failed = true;
      continue;
    }
    for (const std::string& file : files) {
      std::ifstream in(file, std::ios::binary);
      std::stringstream content;
      content << in.rdbuf();
      uint32_t id = sources.Add(file, content.str());
      size_t errors_before = diags.error_count();
      ast::File ast = Parse({}, sources, id, diags);
      // A file with syntax errors is never rewritten: formatting what was recovered would
      // drop the rest.
      if (diags.error_count() != errors_before) continue;
      std::string formatted = Format({}, ast, *sources.Get(id));
      if (formatted == sources.Get(id)->content) continue;
      ++unformatted;
      io.out << file << "\n";
      if (!check && !WriteFileAtomically(file, formatted, error)) {
        io.err << "berth fmt: " << error << "\n";
        failed = true;
      }
    }
  }
  PrintDiagnostics(*parsed, diags, sources, io);
  if (failed || diags.HasErrors()) return 1;
  return check && unformatted > 0 ? 1 : 0;
}

}  // namespace berth::cli

// Writing a set of generated files into an output directory as a whole or not at all: shared by
// `berth emit aws` (requests, manifest.json, apply.sh) and `berth emit cloudformation`
// (templates, order.json).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace berth::aws {

struct OutputFile {
  std::string name;  // relative to the directory
  std::string content;
  bool executable = false;
  // When set, writes the file's text instead of `content`: a file of tens of MiB (apply.sh of
  // 100,000 calls) goes to disk as it is made and never sits in memory whole.
  std::function<void(std::ostream&)> write = nullptr;
};

// Writes `files` into `dir`, replacing what was there. Everything goes to `DIR.tmp` first, which
// is renamed to DIR only when complete, so a failure leaves no half-written set. A directory is
// replaced only when berth wrote it (it holds `marker`, e.g. "manifest.json"), so that someone
// else's files are never destroyed. False with `error` when DIR cannot be written.
bool WriteFileSet(const std::string& dir, const std::string& marker,
                  const std::vector<OutputFile>& files, std::string& error);

// The same for `count` files that `file(i)` makes one at a time, each written before the next is
// made: a set of 100,000 request files never sits in memory as a whole.
bool WriteFileSet(const std::string& dir, const std::string& marker, size_t count,
                  const std::function<OutputFile(size_t)>& file, std::string& error);

}  // namespace berth::aws

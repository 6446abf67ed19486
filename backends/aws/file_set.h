// Writing a set of generated files into an output directory as a whole or not at all: shared by
// `berth emit aws` (requests, manifest.json, apply.sh) and `berth emit cloudformation`
// (templates, order.json).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
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

// A set of files written one at a time into `DIR.tmp`, which Commit renames to DIR only when
// every file was written, so a failure leaves no half-written set. A directory is replaced only
// when berth wrote it (it holds `marker`, e.g. "manifest.json"), so that someone else's files are
// never destroyed. Without Commit, the destructor removes the staging directory.
class FileSetWriter {
 public:
  FileSetWriter() = default;
  FileSetWriter(const FileSetWriter&) = delete;
  FileSetWriter& operator=(const FileSetWriter&) = delete;
  ~FileSetWriter();

  // Checks DIR and makes an empty `DIR.tmp`. False with `error` when DIR cannot be written (it is
  // a file, a directory berth did not write, its parent cannot be made...).
  bool Open(const std::string& dir, const std::string& marker, std::string& error);
  // One file of the set: one open (relative to the staging directory), one write, one close.
  bool Write(std::string_view name, std::string_view content, bool executable, std::string& error);
  bool Write(const OutputFile& file, std::string& error);
  // Moves the staging directory to DIR (the previous set, if any, is removed).
  bool Commit(std::string& error);

 private:
  std::string target_;
  std::string staging_;
  int dir_fd_ = -1;
};

// Writes `files` into `dir`, replacing what was there (FileSetWriter). False with `error` when
// DIR cannot be written.
bool WriteFileSet(const std::string& dir, const std::string& marker,
                  const std::vector<OutputFile>& files, std::string& error);

// The same for `count` files that `file(i)` makes one at a time, each written before the next is
// made: a set of 100,000 request files never sits in memory as a whole.
bool WriteFileSet(const std::string& dir, const std::string& marker, size_t count,
                  const std::function<OutputFile(size_t)>& file, std::string& error);

}  // namespace berth::aws

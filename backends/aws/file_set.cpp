#include "backends/aws/file_set.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <filesystem>
#include <fstream>

namespace berth::aws {

namespace fs = std::filesystem;

namespace {

bool MakeExecutable(const fs::path& path, const OutputFile& file, std::string& error) {
  if (file.executable && ::chmod(path.c_str(), 0755) != 0) {
    error = "cannot make " + path.string() + " executable";
    return false;
  }
  return true;
}

bool WriteStream(const fs::path& path, const OutputFile& file, std::string& error) {
  std::vector<char> buffer(1 << 20);
  std::ofstream out;
  out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  out.open(path, std::ios::binary | std::ios::trunc);
  if (out) file.write(out);
  out.close();
  if (!out) {
    error = "cannot write " + path.string();
    return false;
  }
  return MakeExecutable(path, file, error);
}

// One open, write and close per file: 100,000 request files made std::ofstream's buffers and
// locale machinery a visible part of `berth emit aws`.
bool WriteText(const fs::path& path, const OutputFile& file, std::string& error) {
  if (file.write) return WriteStream(path, file, error);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  bool written = fd >= 0;
  for (size_t at = 0; written && at < file.content.size();) {
    ssize_t n = ::write(fd, file.content.data() + at, file.content.size() - at);
    if (n < 0 && errno == EINTR) continue;
    written = n > 0;
    if (written) at += static_cast<size_t>(n);
  }
  if (fd >= 0 && ::close(fd) != 0) written = false;
  if (!written) {
    error = "cannot write " + path.string();
    return false;
  }
  return MakeExecutable(path, file, error);
}

}  // namespace

bool WriteFileSet(const std::string& dir, const std::string& marker,
                  const std::vector<OutputFile>& files, std::string& error) {
  return WriteFileSet(
      dir, marker, files.size(), [&](size_t i) { return files[i]; }, error);
}

bool WriteFileSet(const std::string& dir, const std::string& marker, size_t count,
                  const std::function<OutputFile(size_t)>& file, std::string& error) {
  fs::path target = fs::path(dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();  // "out/" names "out"
  std::error_code ec;
  if (fs::exists(target, ec) && !fs::is_directory(target, ec)) {
    error = target.string() + " is a file; -o takes a directory";
    return false;
  }
  // Replacing a directory berth did not write could destroy someone's files.
  if (fs::is_directory(target, ec) && !fs::is_empty(target, ec) &&
      !fs::exists(target / marker, ec)) {
    error = target.string() + " is a directory berth did not write (no " + marker +
            "); choose another -o or empty it";
    return false;
  }
  fs::path staging = target.string() + ".tmp";
  fs::path previous = target.string() + ".old";
  fs::remove_all(staging, ec);
  fs::remove_all(previous, ec);
  if (!target.parent_path().empty()) fs::create_directories(target.parent_path(), ec);
  if (!fs::create_directory(staging, ec)) {
    error = "cannot create " + staging.string() + (ec ? ": " + ec.message() : "");
    return false;
  }
  bool written = true;
  for (size_t i = 0; i < count && written; ++i) {
    OutputFile next = file(i);
    written = WriteText(staging / next.name, next, error);
  }
  if (written && fs::exists(target, ec)) {
    fs::rename(target, previous, ec);
    if (ec) {
      error = "cannot replace " + target.string() + ": " + ec.message();
      written = false;
    }
  }
  if (written) {
    fs::rename(staging, target, ec);
    if (ec) {
      error = "cannot rename " + staging.string() + " to " + target.string() + ": " + ec.message();
      fs::rename(previous, target, ec);  // put the old set back
      written = false;
    }
  }
  fs::remove_all(written ? previous : staging, ec);
  return written;
}

}  // namespace berth::aws

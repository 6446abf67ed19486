#include "compiler/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <streambuf>
#include <vector>

namespace berth {

namespace {

// Closes the descriptor on every path out of WriteFileAtomically.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Closing can report a deferred write error, so callers check it.
  int Close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd);
  }

 private:
  int fd_;
};

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

bool Fail(std::string& error, const std::string& what, const std::string& path,
          const std::string& tmp) {
  error = what + " " + path + ": " + std::strerror(errno);
  if (!tmp.empty()) ::unlink(tmp.c_str());
  return false;
}

// An output stream buffer over a descriptor; remembers the first write error.
class DescriptorBuffer : public std::streambuf {
 public:
  explicit DescriptorBuffer(int fd) : fd_(fd), buffer_(1 << 20) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  bool failed() const { return failed_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return Drain() ? 0 : -1; }

 private:
  bool Drain() {
    const char* data = pbase();
    size_t size = static_cast<size_t>(pptr() - pbase());
    while (size > 0 && !failed_) {
      ssize_t n = ::write(fd_, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        failed_ = true;
        break;
      }
      data += n;
      size -= static_cast<size_t>(n);
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return !failed_;
  }

  int fd_;
  std::vector<char> buffer_;
  bool failed_ = false;
};

}  // namespace

bool WriteFileAtomically(const std::string& path, const std::string& content, std::string& error,
                         FileAccess access) {
  return WriteFileAtomically(
      path, [&](std::ostream& out) { out.write(content.data(), content.size()); }, error, access);
}

bool WriteFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write,
                         std::string& error, FileAccess access) {
  // mkstemp gives a unique name, so two writers (processes or threads) never share a temporary.
  std::string tmp = path + ".tmp.XXXXXX";
  FileDescriptor fd(::mkostemp(tmp.data(), O_CLOEXEC));
  if (fd.get() < 0) return Fail(error, "cannot write", path, "");
  // mkstemp creates 0600, which a private file keeps from its first byte (it is never readable by
  // others, not even as a temporary); an output file is as readable as any other the user makes.
  if (access == FileAccess::kShared) {
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd.get(), 0666 & ~mask);
  }
  DescriptorBuffer buffer(fd.get());
  std::ostream out(&buffer);
  write(out);
  out.flush();
  if (buffer.failed() || !out) return Fail(error, "cannot write", path, tmp);
  if (::fsync(fd.get()) != 0 || fd.Close() != 0) return Fail(error, "cannot write", path, tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Fail(error, "cannot replace", path, tmp);
  // The rename lives in the directory; without this fsync a crash could bring the old file back.
  FileDescriptor dir(::open(DirectoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
  return true;
}

}  // namespace berth

// TruncationGuard: a mapped file truncated under its reader gives zeros and a flag, not SIGBUS.
#include "planner/truncation_guard.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "tests/unit/state/state_test_util.h"

namespace berth::state {
namespace {

// A file of three pages of 'x', mapped read-only and private, as the state reader maps it.
class MappedFile {
 public:
  explicit MappedFile(const ScratchDir& dir) {
    size_ = 3 * static_cast<size_t>(sysconf(_SC_PAGESIZE));
    path_ = dir.Write("mapped", std::string(size_, 'x'));
    fd_ = open(path_.c_str(), O_RDWR | O_CLOEXEC);
    void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd_, 0);
    bytes_ = p == MAP_FAILED ? nullptr : static_cast<const volatile char*>(p);
  }
  ~MappedFile() {
    if (bytes_ != nullptr) munmap(const_cast<char*>(bytes_), size_);
    if (fd_ >= 0) close(fd_);
  }
  const volatile char* bytes() const { return bytes_; }
  size_t size() const { return size_; }
  bool TruncateToNothing() const { return ftruncate(fd_, 0) == 0; }

 private:
  std::string path_;
  int fd_ = -1;
  size_t size_ = 0;
  const volatile char* bytes_ = nullptr;
};

TEST(TruncationGuard, AnUntouchedFileReadsAsWrittenAndDoesNotTrip) {
  ScratchDir dir;
  MappedFile file(dir);
  ASSERT_NE(file.bytes(), nullptr);
  TruncationGuard guard(const_cast<const char*>(file.bytes()), file.size());
  EXPECT_EQ(file.bytes()[0], 'x');
  EXPECT_EQ(file.bytes()[file.size() - 1], 'x');
  EXPECT_FALSE(guard.Tripped());
}

TEST(TruncationGuard, AFileTruncatedUnderTheReaderGivesZerosAndTrips) {
  ScratchDir dir;
  MappedFile file(dir);
  ASSERT_NE(file.bytes(), nullptr);
  TruncationGuard guard(const_cast<const char*>(file.bytes()), file.size());
  ASSERT_TRUE(file.TruncateToNothing());
  // Without the guard this read raises SIGBUS and ends the test binary.
  EXPECT_EQ(file.bytes()[file.size() / 2], '\0');
  EXPECT_EQ(file.bytes()[file.size() - 1], '\0');
  EXPECT_TRUE(guard.Tripped());
}

TEST(TruncationGuard, ASigbusOutsideTheGuardedRangeKeepsItsOldAction) {
  EXPECT_EXIT(
      {
        ScratchDir dir;
        MappedFile guarded(dir);
        TruncationGuard guard(const_cast<const char*>(guarded.bytes()), guarded.size());
        ScratchDir other_dir;
        MappedFile other(other_dir);
        if (!other.TruncateToNothing()) _exit(2);
        (void)other.bytes()[other.size() / 2];
        _exit(0);
      },
      testing::KilledBySignal(SIGBUS), "");
}

TEST(TruncationGuard, TheOldActionIsBackOnceTheGuardEnds) {
  EXPECT_EXIT(
      {
        ScratchDir dir;
        MappedFile file(dir);
        { TruncationGuard guard(const_cast<const char*>(file.bytes()), file.size()); }
        if (!file.TruncateToNothing()) _exit(2);
        (void)file.bytes()[file.size() / 2];
        _exit(0);
      },
      testing::KilledBySignal(SIGBUS), "");
}

}  // namespace
}  // namespace berth::state

// tcmalloc's memory from the system, in transparent huge pages (linked into `berth` only when it
// links tcmalloc, CMakeLists.txt).
//
// Why: a large compile, emission or plan touches hundreds of MiB of fresh memory, and with 4 KiB
// pages each first touch is a page fault and each later access risks a TLB miss; on this
// virtual machine those were a third of the CPU of every command at 10,000 services
// (docs/performance.md). The kernel hands out 2 MiB pages only where a mapping asks for them
// (/sys/kernel/mm/transparent_hugepage/enabled is `madvise` on Debian), and tcmalloc's own
// system allocator grows the heap in 1 MiB steps, too small for one. So berth maps 64 MiB
// chunks, aligned to 2 MiB and marked MADV_HUGEPAGE, and hands tcmalloc pieces of them; the
// kernel backs a chunk only where tcmalloc touches it.
//
// The hook: tcmalloc (gperftools >= 2.6) calls the weak `tc_get_sysalloc_override` once, at its
// first allocation, with its default allocator; an executable's definition takes precedence over
// the library's. The runtime package has no headers, so SysAllocator is declared here as
// gperftools/malloc_extension.h declares it (its ABI has not changed since 2011).
// BERTH_HUGE_PAGES=0 keeps tcmalloc's default (for measuring, or a kernel that misbehaves).
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

class SysAllocator {
 public:
  SysAllocator() {}
  virtual ~SysAllocator();
  virtual void* Alloc(size_t size, size_t* actual_size, size_t alignment) = 0;
};

namespace {

constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
constexpr size_t kChunk = size_t{64} << 20;

uintptr_t RoundUp(uintptr_t value, uintptr_t alignment) {
  return (value + alignment - 1) & ~(alignment - 1);
}

// Called under tcmalloc's page heap lock: no locking of its own, and it must not allocate.
class HugePageAllocator : public SysAllocator {
 public:
  explicit HugePageAllocator(SysAllocator* fallback) : fallback_(fallback) {}

  void* Alloc(size_t size, size_t* actual_size, size_t alignment) override {
    if (alignment < 4096) alignment = 4096;
    uintptr_t start = RoundUp(next_, alignment);
    if (next_ == 0 || start + size > end_) {
      // A new chunk (larger for a request larger than a chunk); the rest of the old one is
      // never touched, so it costs address space, not memory.
      size_t length = RoundUp(size + alignment, kHugePage);
      if (length < kChunk) length = kChunk;
      void* mapped = mmap(nullptr, length + kHugePage, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (mapped == MAP_FAILED) return fallback_->Alloc(size, actual_size, alignment);
      next_ = RoundUp(reinterpret_cast<uintptr_t>(mapped), kHugePage);
      end_ = next_ + length;
      madvise(reinterpret_cast<void*>(next_), length, MADV_HUGEPAGE);
      start = RoundUp(next_, alignment);
    }
    next_ = start + size;
    if (actual_size != nullptr) *actual_size = size;
    return reinterpret_cast<void*>(start);
  }

 private:
  SysAllocator* fallback_;
  uintptr_t next_ = 0;
  uintptr_t end_ = 0;
};

// Static storage without a destructor: tcmalloc uses the allocator until the process ends, and
// registering an exit handler here could allocate while tcmalloc initialises.
alignas(HugePageAllocator) unsigned char allocator_storage[sizeof(HugePageAllocator)];

}  // namespace

SysAllocator* tc_get_sysalloc_override(SysAllocator* default_allocator) {
  const char* wanted = std::getenv("BERTH_HUGE_PAGES");
  if (wanted != nullptr && std::strcmp(wanted, "0") == 0) return default_allocator;
  return new (allocator_storage) HugePageAllocator(default_allocator);
}

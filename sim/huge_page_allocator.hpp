#pragma once
// An allocator for the engine's big arrays (the case pool): allocations of at least 4 MiB are
// mapped directly and marked for transparent huge pages (madvise MADV_HUGEPAGE), smaller ones
// use operator new. A national model's pool is tens of megabytes touched at random, one case
// per event: with 4 KiB pages nearly every access also misses the TLB (a two-level page walk
// in a virtual machine), which a profile showed as the largest single cost of the event loop.
// With 2 MiB pages the pool's translations fit in the TLB. The kernel may decline (THP set to
// "never"): the memory is then ordinary pages and only slower. Contents and results are the
// same either way.

#include <sys/mman.h>

#include <cstddef>
#include <new>

namespace courtflow::sim {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  static constexpr std::size_t kThreshold = 2 * kHugePage;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  static std::size_t mapped_bytes(std::size_t n) { return (n * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage; }

  T* allocate(std::size_t n) {
    if (n * sizeof(T) < kThreshold) return static_cast<T*>(::operator new(n * sizeof(T)));
    const std::size_t bytes = mapped_bytes(n);
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    ::madvise(p, bytes, MADV_HUGEPAGE);  // advice only: failure leaves ordinary pages
#endif
    return static_cast<T*>(p);
  }

  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < kThreshold) {
      ::operator delete(p);
      return;
    }
    ::munmap(p, mapped_bytes(n));
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};

}  // namespace courtflow::sim

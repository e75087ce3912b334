// The CPU executor's collectives: a stable parallel LSD radix sort (the
// order CUB's DeviceRadixSort gives) and stream compaction.
#include <algorithm>

#include "cpu/cpu_executor.hpp"

namespace tribody::cpu {
namespace {

constexpr int digit_bits = engine::radix_digit_bits;
constexpr ull buckets = 1ULL << digit_bits;

}  // namespace

// Each pass sorts by one digit: thread t histograms its contiguous chunk,
// the (digit, thread) counts are scanned digit-major, and each thread
// scatters its chunk in order, so equal digits keep their relative order.
template <class Key>
void radix_sort_permutation(const Key* keys, ull n, int bits, ull* perm, Key* sorted, int threads) {
  const int T = std::max(1, threads);
  const int passes = std::max(1, (bits + digit_bits - 1) / digit_bits);
  // A single pass goes straight to the output.
  std::vector<ull> perm_tmp(passes > 1 ? n : 0);
  std::vector<Key> key_tmp(passes > 1 ? n : 0);
  std::vector<ull> counts(static_cast<std::size_t>(T) * buckets);
  // Pass p reads (src_key, src_perm) and writes (dst_key, dst_perm); the
  // buffers alternate so the last pass lands in (sorted, perm).
  const Key* src_key = keys;
  const ull* src_perm = nullptr;  // identity on the first pass
  for (int p = 0; p < passes; ++p) {
    const bool to_out = (passes - 1 - p) % 2 == 0;
    Key* dst_key = to_out ? sorted : key_tmp.data();
    ull* dst_perm = to_out ? perm : perm_tmp.data();
    const int shift = p * digit_bits;
    std::fill(counts.begin(), counts.end(), 0);
#pragma omp parallel num_threads(T)
    {
#if defined(_OPENMP)
      const int t = omp_get_thread_num();
      const int nt = omp_get_num_threads();
#else
      const int t = 0, nt = 1;
#endif
      const ull lo = n * t / nt, hi = n * (t + 1) / nt;
      ull* mine = counts.data() + static_cast<std::size_t>(t) * buckets;
      for (ull i = lo; i < hi; ++i) ++mine[(static_cast<ull>(src_key[i]) >> shift) & (buckets - 1)];
#pragma omp barrier
#pragma omp single
      {
        ull at = 0;
        for (ull d = 0; d < buckets; ++d) {
          for (int u = 0; u < nt; ++u) {
            ull& c = counts[static_cast<std::size_t>(u) * buckets + d];
            const ull k = c;
            c = at;
            at += k;
          }
        }
      }
      for (ull i = lo; i < hi; ++i) {
        const ull d = (static_cast<ull>(src_key[i]) >> shift) & (buckets - 1);
        const ull to = mine[d]++;
        dst_key[to] = src_key[i];
        dst_perm[to] = src_perm != nullptr ? src_perm[i] : i;
      }
    }
    src_key = dst_key;
    src_perm = dst_perm;
  }
}

template void radix_sort_permutation<unsigned>(const unsigned*, ull, int, ull*, unsigned*, int);
template void radix_sort_permutation<ull>(const ull*, ull, int, ull*, ull*, int);

ull select_flagged(const int* flags, ull n, unsigned* out) {
  ull m = 0;
  for (ull i = 0; i < n; ++i) {
    if (flags[i] != 0) out[m++] = static_cast<unsigned>(i);
  }
  return m;
}

}  // namespace tribody::cpu

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>

namespace tribody::cpu {

// Arrays of 2 MiB and more are mapped on their own, on a 2 MiB boundary,
// asking for huge pages; freeing one unmaps it. (Through malloc, freed
// construction scratch stayed in the process, 120 MB after brunel's CSRs,
// under everything built after it: the memory check could not count it.)
// Under AddressSanitizer every array goes through malloc, whose bounds it
// checks.
#if defined(__SANITIZE_ADDRESS__)
#define TRIBODY_MALLOC_ONLY 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRIBODY_MALLOC_ONLY 1
#endif
#endif
namespace {
constexpr std::size_t huge = std::size_t{2} << 20;
std::size_t mapped_size(std::size_t bytes) { return (bytes + huge - 1) / huge * huge; }
#if defined(TRIBODY_MALLOC_ONLY)
constexpr bool map_large = false;
#else
constexpr bool map_large = true;
#endif
}  // namespace

void* acquire_pages(std::size_t bytes) {
  if (bytes < huge || !map_large) {
    void* p = std::malloc(bytes > 0 ? bytes : 1);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  const std::size_t size = mapped_size(bytes);
  void* map = mmap(nullptr, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) throw std::bad_alloc();
  // Keep the 2 MiB-aligned part, unmap the rest.
  auto* base = static_cast<char*>(map);
  auto* p = reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(base) + huge - 1) & ~(std::uintptr_t{huge} - 1));
  if (p > base) munmap(base, static_cast<std::size_t>(p - base));
  if (p + size < base + size + huge) munmap(p + size, static_cast<std::size_t>(base + size + huge - (p + size)));
#if defined(MADV_HUGEPAGE)
  madvise(p, size, MADV_HUGEPAGE);  // a hint: without it, ordinary pages
#endif
  return p;
}

void release_pages(void* p, std::size_t bytes) {
  if (p == nullptr) return;
  if (bytes < huge || !map_large) std::free(p);
  else munmap(p, mapped_size(bytes));
}

}  // namespace tribody::cpu

// The header holds the inline functions; this file gives the target a translation unit, and the
// AVX-512 unescaping, which is compiled for those instructions alone and chosen at run time.
#include "csimd.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

// Whether the processor has AVX-512 F, BW and VBMI2 and the system saves their registers.
static int reckon_detect_vbmi2(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !((c >> 27) & 1)) return 0;  // OSXSAVE
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    if (!((b >> 16) & 1) || !((b >> 30) & 1) || !((c >> 6) & 1)) return 0;  // F, BW, VBMI2
    unsigned low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return (low & 0xE6) == 0xE6;  // SSE, AVX, opmask, ZMM 0-15 and 16-31 state
}

static int reckon_vbmi2 = -1;

__attribute__((target("avx512f,avx512bw,avx512vbmi2")))
static long reckon_unescape_vbmi2(uint8_t *base, long start, long end) {
    const __m512i quote = _mm512_set1_epi8('"');
    long read = start, write = start;
    uint64_t carry = 0;  // a kept quote ended the last block: drop the next block's first byte
    while (read < end) {
        long left = end - read;
        __mmask64 valid = left >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << left) - 1);
        __m512i bytes = _mm512_maskz_loadu_epi8(valid, base + read);
        uint64_t quotes = _mm512_mask_cmpeq_epi8_mask(valid, bytes, quote) & ~carry;
        uint64_t drop = carry;
        carry = 0;
        // As the byte loop does: a quote is kept and the byte after it dropped, left to right.
        while (quotes) {
            uint64_t kept = quotes & (0 - quotes);
            uint64_t next = kept << 1;
            if (next == 0) carry = 1;
            drop |= next;
            quotes &= ~(kept | next);
        }
        uint64_t keep = valid & ~drop;
        long count = __builtin_popcountll(keep);
        // In place: write <= read, and the store covers only bytes already loaded or processed.
        __m512i packed = _mm512_maskz_compress_epi8(keep, bytes);
        _mm512_mask_storeu_epi8(base + write, count == 64 ? ~(__mmask64)0 : (((__mmask64)1 << count) - 1), packed);
        write += count;
        read += left >= 64 ? 64 : left;
    }
    return write;
}

long reckon_unescape_quotes(uint8_t *base, long start, long end) {
    int has = __atomic_load_n(&reckon_vbmi2, __ATOMIC_RELAXED);
    if (has < 0) {
        has = reckon_detect_vbmi2();
        __atomic_store_n(&reckon_vbmi2, has, __ATOMIC_RELAXED);
    }
    return has ? reckon_unescape_vbmi2(base, start, end) : -1;
}
#else
long reckon_unescape_quotes(uint8_t *base, long start, long end) {
    (void)base; (void)start; (void)end;
    return -1;
}
#endif

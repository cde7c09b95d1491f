// The header holds the inline functions; this file holds the AVX-512 ones, each compiled for those
// instructions alone and chosen at run time (cpuid and xgetbv, once).
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

// Whether the processor has AVX-512 F and BW and the system saves their registers.
static int reckon_detect_avx512bw(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !((c >> 27) & 1)) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    if (!((b >> 16) & 1) || !((b >> 30) & 1)) return 0;
    unsigned low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return (low & 0xE6) == 0xE6;
}

int reckon_has_avx512bw = 0;

__attribute__((constructor)) static void reckon_detect_features(void) {
    reckon_has_avx512bw = reckon_detect_avx512bw();
}

int reckon_avx512bw_available(void) { return reckon_has_avx512bw; }

__attribute__((target("avx512f,avx512bw")))
void reckon_classify64_avx512(const uint8_t *p, uint64_t *separators, uint64_t *quotes, uint64_t *lineFeeds, uint64_t *lineEnds) {
    __m512i v = _mm512_loadu_si512((const void *)p);
    uint64_t lf = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
    uint64_t ends = lf | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\r'));
    *separators = ends | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(','));
    *quotes = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
    *lineFeeds = lf;
    *lineEnds = ends;
}

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
int reckon_has_avx512bw = 0;

int reckon_avx512bw_available(void) { return 0; }

void reckon_classify64_avx512(const uint8_t *p, uint64_t *separators, uint64_t *quotes, uint64_t *lineFeeds, uint64_t *lineEnds) {
    (void)p; (void)separators; (void)quotes; (void)lineFeeds; (void)lineEnds;
}

long reckon_unescape_quotes(uint8_t *base, long start, long end) {
    (void)base; (void)start; (void)end;
    return -1;
}
#endif

// The header holds the inline functions; this file holds the AVX-512 ones, each compiled for those
// instructions alone and chosen at run time (cpuid and xgetbv, once).
#include "csimd.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#if defined(__APPLE__)
#include <sys/sysctl.h>
#endif

// Whether the system saves the AVX-512 registers. macOS turns that state on when a thread first
// uses it, so XCR0 does not show it at start-up; the kernel says whether it supports it instead.
static int reckon_os_saves_avx512(void) {
#if defined(__APPLE__)
    int has = 0;
    size_t size = sizeof(has);
    return sysctlbyname("hw.optional.avx512f", &has, &size, NULL, 0) == 0 && has;
#else
    unsigned low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return (low & 0xE6) == 0xE6;  // SSE, AVX, opmask, ZMM 0-15 and 16-31 state
#endif
}

// What the processor and the system support: AVX-512 F and BW (bit 0), and VBMI2 too (bit 1).
static int reckon_detect_avx512(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !((c >> 27) & 1)) return 0;  // OSXSAVE
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    if (!((b >> 16) & 1) || !((b >> 30) & 1) || !reckon_os_saves_avx512()) return 0;  // F, BW
    return 1 | (((c >> 6) & 1) << 1);  // VBMI2
}

int reckon_has_avx512bw = 0;
static int reckon_has_vbmi2 = 0;

// Runs when the program starts; until then (and where it does not run) both paths stay off.
__attribute__((constructor)) static void reckon_detect_features(void) {
    int features = reckon_detect_avx512();
    reckon_has_avx512bw = features & 1;
    reckon_has_vbmi2 = (features >> 1) & 1;
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
static ptrdiff_t reckon_unescape_vbmi2(uint8_t *base, ptrdiff_t start, ptrdiff_t end) {
    const __m512i quote = _mm512_set1_epi8('"');
    ptrdiff_t read = start, write = start;
    uint64_t carry = 0;  // a kept quote ended the last block: drop the next block's first byte
    while (read < end) {
        ptrdiff_t left = end - read;
        __mmask64 valid = left >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << left) - 1);
        __m512i bytes = _mm512_maskz_loadu_epi8(valid, base + read);
        uint64_t quotes = _mm512_mask_cmpeq_epi8_mask(valid, bytes, quote) & ~carry;
        uint64_t drop = carry;
        carry = 0;
        // As `CSVRecord.unescapeWords` does: a quote is kept and the byte after it dropped, left
        // to right.
        while (quotes) {
            uint64_t kept = quotes & (0 - quotes);
            uint64_t next = kept << 1;
            if (next == 0) carry = 1;
            drop |= next;
            quotes &= ~(kept | next);
        }
        uint64_t keep = valid & ~drop;
        ptrdiff_t count = __builtin_popcountll(keep);
        // In place: write <= read, and the store covers only bytes already loaded or processed.
        __m512i packed = _mm512_maskz_compress_epi8(keep, bytes);
        _mm512_mask_storeu_epi8(base + write, count == 64 ? ~(__mmask64)0 : (((__mmask64)1 << count) - 1), packed);
        write += count;
        read += left >= 64 ? 64 : left;
    }
    return write;
}

ptrdiff_t reckon_unescape_quotes(uint8_t *base, ptrdiff_t start, ptrdiff_t end) {
    return reckon_has_vbmi2 ? reckon_unescape_vbmi2(base, start, end) : -1;
}
#else
int reckon_has_avx512bw = 0;

int reckon_avx512bw_available(void) { return 0; }

void reckon_classify64_avx512(const uint8_t *p, uint64_t *separators, uint64_t *quotes, uint64_t *lineFeeds, uint64_t *lineEnds) {
    (void)p; (void)separators; (void)quotes; (void)lineFeeds; (void)lineEnds;
}

ptrdiff_t reckon_unescape_quotes(uint8_t *base, ptrdiff_t start, ptrdiff_t end) {
    (void)base; (void)start; (void)end;
    return -1;
}
#endif

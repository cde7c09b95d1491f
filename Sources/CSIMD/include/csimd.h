// Byte classification for the CSV reader's hot loop.
//
// Why C: Swift's portable SIMD types have no "move mask" operation, and turning 64 byte
// comparisons into a 64-bit mask is what lets the reader jump from separator to separator
// (the simdjson/simdcsv technique). With SSE2 (every x86_64) this is 4 loads and a few compares
// per 64 bytes, with AVX-512 BW (chosen at run time) one load and four compares; other
// processors get a plain loop with the same result.
#ifndef RECKON_CSIMD_H
#define RECKON_CSIMD_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// 1 when the processor has AVX-512 BW (set once when the program starts; 0 until then and
/// elsewhere, which takes the SSE2 path). Read it through `reckon_avx512bw_available`.
extern int reckon_has_avx512bw;
/// Whether `reckon_classify64` takes the AVX-512 path.
int reckon_avx512bw_available(void);
/// `reckon_classify64` with AVX-512 BW: one load and four compares into mask registers
/// (compiled for those instructions alone; call it only where they are available).
void reckon_classify64_avx512(const uint8_t *p, uint64_t *separators, uint64_t *quotes, uint64_t *lineFeeds, uint64_t *lineEnds);

/// `reckon_classify64` with SSE2 (every x86_64) or a plain loop.
static inline void reckon_classify64_sse2(const uint8_t *p, uint64_t *separators, uint64_t *quotes, uint64_t *lineFeeds, uint64_t *lineEnds) {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i quote = _mm_set1_epi8('"');
    uint64_t seps = 0, quo = 0, lfs = 0, ends = 0;
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * i));
        __m128i isLF = _mm_cmpeq_epi8(v, lf);
        __m128i end = _mm_or_si128(isLF, _mm_cmpeq_epi8(v, cr));
        __m128i s = _mm_or_si128(_mm_cmpeq_epi8(v, comma), end);
        seps |= (uint64_t)(uint16_t)_mm_movemask_epi8(s) << (16 * i);
        quo |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) << (16 * i);
        lfs |= (uint64_t)(uint16_t)_mm_movemask_epi8(isLF) << (16 * i);
        ends |= (uint64_t)(uint16_t)_mm_movemask_epi8(end) << (16 * i);
    }
    *separators = seps;
    *quotes = quo;
    *lineFeeds = lfs;
    *lineEnds = ends;
#else
    uint64_t seps = 0, quo = 0, lfs = 0, ends = 0;
    for (int i = 0; i < 64; i++) {
        uint8_t c = p[i];
        if (c == ',' || c == '\n' || c == '\r') seps |= (uint64_t)1 << i;
        if (c == '"') quo |= (uint64_t)1 << i;
        if (c == '\n') lfs |= (uint64_t)1 << i;
        if (c == '\n' || c == '\r') ends |= (uint64_t)1 << i;
    }
    *separators = seps;
    *quotes = quo;
    *lineFeeds = lfs;
    *lineEnds = ends;
#endif
}

/// Masks of 64 bytes starting at `p`: bit i of `*separators` is set when p[i] is ',', '\n' or
/// '\r'; of `*quotes` when p[i] is '"'; of `*lineFeeds` when p[i] is '\n'; of `*lineEnds` when
/// p[i] is '\n' or '\r'. Reads exactly 64 bytes. AVX-512 BW where the processor has it (a
/// predictable branch and a call, still 3–5 % less CPU for `inspect --threads 1`), else SSE2.
static inline void reckon_classify64(const uint8_t *p, uint64_t *separators, uint64_t *quotes, uint64_t *lineFeeds, uint64_t *lineEnds) {
    if (reckon_has_avx512bw) {
        reckon_classify64_avx512(p, separators, quotes, lineFeeds, lineEnds);
    } else {
        reckon_classify64_sse2(p, separators, quotes, lineFeeds, lineEnds);
    }
}

/// Undoes the doubled quotes of a quoted field's content `base[start..<end]` in place, as the
/// word loop `CSVRecord.unescapeWords` does (each quote is kept and the byte after it dropped),
/// 64 bytes at a time with AVX-512 VBMI2's byte compress. Returns where the content now ends, or
/// -1 when the processor lacks those instructions (the caller then runs its own loop).
ptrdiff_t reckon_unescape_quotes(uint8_t *base, ptrdiff_t start, ptrdiff_t end);

/// Asks the processor to bring the cache line at `p` in for reading, without waiting for it (the
/// string pool's slots, ahead of their lookups). Never faults, whatever `p` is.
static inline void reckon_prefetch(const void *p) {
    __builtin_prefetch(p, 0, 3);
}

#endif

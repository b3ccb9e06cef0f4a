// See include/CHalfPrecision.h. The portable conversions follow IEEE 754 binary16: round to
// nearest even, subnormals kept, overflow to infinity. Which rounding is used does not matter to
// the callers for correctness (they bound distances by the measured residual), only for tightness.
#include "CHalfPrecision.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define PREINDEX_X86 1
#endif

static uint16_t float_to_half(float value) {
    uint32_t bits;
    memcpy(&bits, &value, 4);
    uint32_t sign = (bits >> 16) & 0x8000u, exponent = (bits >> 23) & 0xffu, mantissa = bits & 0x7fffffu;
    if (exponent == 0xffu) return (uint16_t)(sign | 0x7c00u | (mantissa ? 0x200u : 0));  // ∞, NaN
    int e = (int)exponent - 127 + 15;
    if (e >= 31) return (uint16_t)(sign | 0x7c00u);  // overflow
    if (e <= 0) {
        if (e < -10) return (uint16_t)sign;  // below half the smallest subnormal
        mantissa |= 0x800000u;
        uint32_t shift = (uint32_t)(14 - e), half = mantissa >> shift, rest = mantissa & ((1u << shift) - 1);
        uint32_t halfway = 1u << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1u))) half += 1;
        return (uint16_t)(sign | half);
    }
    uint32_t half = ((uint32_t)e << 10) | (mantissa >> 13), rest = mantissa & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) half += 1;  // may carry into ∞: correct
    return (uint16_t)(sign | half);
}

static float half_to_float(uint16_t half) {
    uint32_t sign = ((uint32_t)half & 0x8000u) << 16, exponent = (half >> 10) & 0x1fu, mantissa = half & 0x3ffu, bits;
    if (exponent == 0x1fu) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;
    } else {  // subnormal: normalise
        int shift = 0;
        while (!(mantissa & 0x400u)) { mantissa <<= 1; shift += 1; }
        bits = sign | ((uint32_t)(113 - shift) << 23) | ((mantissa & 0x3ffu) << 13);
    }
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

static void store_portable(const float *row, uint16_t *half, long count, float *residual_squared, float *norm_squared) {
    float residual = 0, norm = 0;
    for (long i = 0; i < count; i++) {
        half[i] = float_to_half(row[i]);
        float rounded = half_to_float(half[i]), difference = row[i] - rounded;
        residual += difference * difference;
        norm += rounded * rounded;
    }
    *residual_squared = residual;
    *norm_squared = norm;
}

static float dot_portable(const uint16_t *a, const uint16_t *b, long count) {
    float sum = 0;
    for (long i = 0; i < count; i++) sum += half_to_float(a[i]) * half_to_float(b[i]);
    return sum;
}

#ifdef PREINDEX_X86
#define AVX2 __attribute__((target("avx2,fma,f16c")))
#define AVX512 __attribute__((target("avx512f")))

AVX2 static float sum_lanes(__m256 lanes) {
    __m128 pairs = _mm_add_ps(_mm256_castps256_ps128(lanes), _mm256_extractf128_ps(lanes, 1));
    pairs = _mm_add_ps(pairs, _mm_movehl_ps(pairs, pairs));
    pairs = _mm_add_ss(pairs, _mm_movehdup_ps(pairs));
    return _mm_cvtss_f32(pairs);
}

AVX2 static void store_avx2(const float *row, uint16_t *half, long count, float *residual_squared, float *norm_squared) {
    // Two accumulators per sum, like the dot product's four: each lane adds count / 16 terms.
    __m256 residual[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()}, norm[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 values = _mm256_loadu_ps(row + i);
        __m128i packed = _mm256_cvtps_ph(values, _MM_FROUND_TO_NEAREST_INT);
        _mm_storeu_si128((__m128i *)(half + i), packed);
        __m256 rounded = _mm256_cvtph_ps(packed), difference = _mm256_sub_ps(values, rounded);
        int lane = (int)((i >> 3) & 1);
        residual[lane] = _mm256_fmadd_ps(difference, difference, residual[lane]);
        norm[lane] = _mm256_fmadd_ps(rounded, rounded, norm[lane]);
    }
    float tailResidual = 0, tailNorm = 0;
    if (i < count) store_portable(row + i, half + i, count - i, &tailResidual, &tailNorm);
    *residual_squared = sum_lanes(_mm256_add_ps(residual[0], residual[1])) + tailResidual;
    *norm_squared = sum_lanes(_mm256_add_ps(norm[0], norm[1])) + tailNorm;
}

AVX2 static float dot_avx2(const uint16_t *a, const uint16_t *b, long count) {
    // Four accumulators hide the FMA latency; each widens 8 halves of each side with one instruction.
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    long i = 0;
#define WIDEN(p, at) _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)((p) + (at))))
    for (; i + 32 <= count; i += 32) {
        s0 = _mm256_fmadd_ps(WIDEN(a, i), WIDEN(b, i), s0);
        s1 = _mm256_fmadd_ps(WIDEN(a, i + 8), WIDEN(b, i + 8), s1);
        s2 = _mm256_fmadd_ps(WIDEN(a, i + 16), WIDEN(b, i + 16), s2);
        s3 = _mm256_fmadd_ps(WIDEN(a, i + 24), WIDEN(b, i + 24), s3);
    }
    for (; i + 8 <= count; i += 8) s0 = _mm256_fmadd_ps(WIDEN(a, i), WIDEN(b, i), s0);
#undef WIDEN
    float sum = sum_lanes(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    return i < count ? sum + dot_portable(a + i, b + i, count - i) : sum;
}

AVX512 static float dot_avx512(const uint16_t *a, const uint16_t *b, long count) {
    // The same four accumulators, 16 lanes each: each lane still adds at most count / 64 terms.
    __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    long i = 0;
#define WIDEN(p, at) _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)((p) + (at))))
    for (; i + 64 <= count; i += 64) {
        s0 = _mm512_fmadd_ps(WIDEN(a, i), WIDEN(b, i), s0);
        s1 = _mm512_fmadd_ps(WIDEN(a, i + 16), WIDEN(b, i + 16), s1);
        s2 = _mm512_fmadd_ps(WIDEN(a, i + 32), WIDEN(b, i + 32), s2);
        s3 = _mm512_fmadd_ps(WIDEN(a, i + 48), WIDEN(b, i + 48), s3);
    }
    for (; i + 16 <= count; i += 16) s0 = _mm512_fmadd_ps(WIDEN(a, i), WIDEN(b, i), s0);
#undef WIDEN
    float sum = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
    return i < count ? sum + dot_portable(a + i, b + i, count - i) : sum;
}

/// CPUID: FMA, F16C and OSXSAVE (leaf 1 ECX bits 12, 29, 27), the OS saving the YMM registers
/// (XCR0 bits 1, 2) and AVX2 (leaf 7 EBX bit 5) give 1; AVX-512F (leaf 7 EBX bit 16) with the
/// OS saving the ZMM state (XCR0 bits 5, 6, 7) gives 2.
static int detect(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 12)) || !(c & (1u << 29)) || !(c & (1u << 27))) return 0;
    unsigned low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    if ((low & 6u) != 6u) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & (1u << 5))) return 0;
    return ((b & (1u << 16)) && (low & 0xe0u) == 0xe0u) ? 2 : 1;
}
#endif

/// -1 until the first call looks; the same answer every time, so racing first calls are harmless.
static int best = -1;

int preindex_half_best_kernels(void) {
    int known = __atomic_load_n(&best, __ATOMIC_RELAXED);
    if (known < 0) {
#ifdef PREINDEX_X86
        known = detect();
#else
        known = 0;
#endif
        __atomic_store_n(&best, known, __ATOMIC_RELAXED);
    }
    return known;
}

void preindex_half_store_with(int kernels, const float *row, uint16_t *half, long count, float *residual_squared, float *norm_squared) {
#ifdef PREINDEX_X86
    if (kernels >= 1) {
        store_avx2(row, half, count, residual_squared, norm_squared);
        return;
    }
#endif
    (void)kernels;
    store_portable(row, half, count, residual_squared, norm_squared);
}

float preindex_half_dot_with(int kernels, const uint16_t *a, const uint16_t *b, long count) {
#ifdef PREINDEX_X86
    if (kernels >= 2) return dot_avx512(a, b, count);
    if (kernels == 1) return dot_avx2(a, b, count);
#endif
    (void)kernels;
    return dot_portable(a, b, count);
}

void preindex_half_store(const float *row, uint16_t *half, long count, float *residual_squared, float *norm_squared) {
    preindex_half_store_with(preindex_half_best_kernels(), row, half, count, residual_squared, norm_squared);
}

float preindex_half_dot(const uint16_t *a, const uint16_t *b, long count) {
    return preindex_half_dot_with(preindex_half_best_kernels(), a, b, count);
}

// Half-precision (IEEE binary16) copies of Float32 rows and dot products between such copies:
// the kernels k-means bounds its distances with. Written for PreIndex; each function
// picks, once per process, AVX2 + F16C + FMA code where the CPU has them (checked with CPUID),
// and portable C otherwise. The `_portable` variants are the fallback, exposed so that tests can
// compare both paths. Wrapped once, by `HalfPrecision` in the Tensors module.
#ifndef PREINDEX_HALF_PRECISION_H
#define PREINDEX_HALF_PRECISION_H

#include <stdint.h>

/// Rounds `count` floats of `row` to binary16 into `half` and returns, through the two pointers,
/// Σ (row[i] − half[i])² and Σ half[i]², each summed in float. A value beyond binary16's range
/// becomes ±∞ in `half`, which makes both sums non-finite.
void preindex_half_store(const float *row, uint16_t *half, long count, float *residual_squared, float *norm_squared);
void preindex_half_store_portable(const float *row, uint16_t *half, long count, float *residual_squared, float *norm_squared);

/// Σ a[i] · b[i] over `count` values of two binary16 vectors, summed in float.
float preindex_half_dot_half(const uint16_t *a, const uint16_t *b, long count);
float preindex_half_dot_half_portable(const uint16_t *a, const uint16_t *b, long count);

/// 1 when the AVX2 + F16C + FMA kernels serve the functions above, 0 when the portable ones do.
int preindex_half_accelerated(void);

#endif

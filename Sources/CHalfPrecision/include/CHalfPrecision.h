// Half-precision (IEEE binary16) copies of Float32 rows and dot products between such copies:
// the kernels k-means bounds its distances with. Written for PreIndex. Three sets of kernels:
// 0, portable C; 1, AVX2 + F16C + FMA; 2, AVX-512F for the dot product (AVX2 for storing). The
// plain functions use the best set this CPU has, checked once per process with CPUID; the `_with`
// variants take the set, so that tests can compare all of them. Wrapped once, by `HalfPrecision`
// in the Tensors module.
#ifndef PREINDEX_HALF_PRECISION_H
#define PREINDEX_HALF_PRECISION_H

#include <stdint.h>

/// The best set of kernels this CPU and OS support: 0, 1 or 2 (see above).
int preindex_half_best_kernels(void);

/// Rounds `count` floats of `row` to binary16 (nearest, ties to even) into `half` and returns,
/// through the two pointers, Σ (row[i] − half[i])² and Σ half[i]², each summed in float. A value
/// beyond binary16's range becomes ±∞ in `half`, which makes both sums non-finite.
void preindex_half_store(const float *row, uint16_t *half, long count, float *residual_squared, float *norm_squared);
void preindex_half_store_with(int kernels, const float *row, uint16_t *half, long count, float *residual_squared, float *norm_squared);

/// Σ a[i] · b[i] over `count` values of two binary16 vectors, summed in float.
float preindex_half_dot(const uint16_t *a, const uint16_t *b, long count);
float preindex_half_dot_with(int kernels, const uint16_t *a, const uint16_t *b, long count);

#endif

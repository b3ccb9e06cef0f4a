import CHalfPrecision

/// IEEE binary16 copies of Float32 rows and dot products between such copies, by PreIndex's own
/// C kernels (`CHalfPrecision`): AVX-512 or AVX2 + F16C where the CPU has them, chosen at run time
/// by CPUID (Swift's portable code generation has neither), portable C otherwise. A binary16 row
/// is half the bytes, so a pass over copies reads half the memory; k-means bounds its distances
/// with them before reading Float32 rows.
///
/// This is the one place that calls `CHalfPrecision`.
package enum HalfPrecision {
    /// A set of kernels, from the portable fallback up.
    package enum Kernels: Int32, CaseIterable, Sendable {
        case portable = 0
        /// AVX2, F16C and FMA.
        case avx2 = 1
        /// AVX-512F for dot products (AVX2 for storing).
        case avx512 = 2

        /// The best set this CPU and OS support.
        package static var best: Kernels { Kernels(rawValue: preindex_half_best_kernels()) ?? .portable }

        /// Every set this CPU can run, the portable one first.
        package static var available: [Kernels] { allCases.filter { $0.rawValue <= best.rawValue } }
    }

    /// What ``store(_:into:count:kernels:)`` measured about the copy of one row.
    package struct Stored: Equatable, Sendable {
        /// `Σ (x − x̃)²` for the row `x` and its copy `x̃`, summed in Float (non-finite when a value
        /// is beyond binary16's range).
        package var residualSquared: Float
        /// `Σ x̃²`, summed in Float.
        package var normSquared: Float
    }

    /// Whether vector kernels serve this process (the portable ones are slower than Float32 BLAS).
    package static var isAccelerated: Bool { Kernels.best != .portable }

    /// Rounds `count` floats of `row` to binary16 (nearest, ties to even) into `half`.
    @inline(__always)
    package static func store(
        _ row: UnsafePointer<Float>, into half: UnsafeMutablePointer<UInt16>, count: Int, kernels: Kernels? = nil
    ) -> Stored {
        var residual: Float = 0, norm: Float = 0
        if let kernels {
            preindex_half_store_with(kernels.rawValue, row, half, count, &residual, &norm)
        } else {
            preindex_half_store(row, half, count, &residual, &norm)
        }
        return Stored(residualSquared: residual, normSquared: norm)
    }

    /// `Σ a[i] · b[i]` over `count` values of two binary16 vectors, summed in Float.
    @inline(__always)
    package static func dot(_ a: UnsafePointer<UInt16>, _ b: UnsafePointer<UInt16>, count: Int, kernels: Kernels? = nil) -> Float {
        if let kernels { return preindex_half_dot_with(kernels.rawValue, a, b, count) }
        return preindex_half_dot(a, b, count)
    }
}

import CHalfPrecision

/// IEEE binary16 copies of Float32 rows and dot products between such copies, by
/// PreIndex's own C kernels (`CHalfPrecision`): AVX2 + F16C + FMA where the CPU has them, chosen
/// at run time, portable C otherwise. A binary16 row is half the bytes, so a pass over a copy
/// reads half the memory; k-means bounds its distances with them before reading Float32 rows.
///
/// This is the one place that calls `CHalfPrecision`.
package enum HalfPrecision {
    /// What ``store(_:into:count:)`` measured about the copy of one row.
    package struct Stored: Equatable, Sendable {
        /// `Σ (x − x̃)²` for the row `x` and its copy `x̃`, summed in Float (non-finite when a value
        /// is beyond binary16's range).
        package var residualSquared: Float
        /// `Σ x̃²`, summed in Float.
        package var normSquared: Float
    }

    /// Whether the AVX2 + F16C kernels serve this process.
    package static var isAccelerated: Bool { preindex_half_accelerated() != 0 }

    /// Rounds `count` floats of `row` to binary16 (nearest, ties to even) into `half`.
    @inline(__always)
    package static func store(_ row: UnsafePointer<Float>, into half: UnsafeMutablePointer<UInt16>, count: Int) -> Stored {
        var residual: Float = 0, norm: Float = 0
        preindex_half_store(row, half, count, &residual, &norm)
        return Stored(residualSquared: residual, normSquared: norm)
    }

    /// `Σ a[i] · b[i]` over `count` values of two binary16 vectors, summed in Float.
    @inline(__always)
    package static func dot(_ a: UnsafePointer<UInt16>, _ b: UnsafePointer<UInt16>, count: Int) -> Float {
        preindex_half_dot_half(a, b, count)
    }

    /// The portable C kernels, whatever the CPU: for tests that compare both paths.
    package enum Portable {
        package static func store(_ row: UnsafePointer<Float>, into half: UnsafeMutablePointer<UInt16>, count: Int) -> Stored {
            var residual: Float = 0, norm: Float = 0
            preindex_half_store_portable(row, half, count, &residual, &norm)
            return Stored(residualSquared: residual, normSquared: norm)
        }

        package static func dot(_ a: UnsafePointer<UInt16>, _ b: UnsafePointer<UInt16>, count: Int) -> Float {
            preindex_half_dot_half_portable(a, b, count)
        }
    }
}

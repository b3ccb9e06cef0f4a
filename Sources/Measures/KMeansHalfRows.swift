import Tensors

extension KMeans {
    /// Rows rounded to binary16 (``HalfPrecision``), each with how far it is from its copy, so that
    /// an assignment pass can bound a row's distances from half the bytes and read the Float32 row
    /// only when the bounds leave its nearest centre open. The centres get a copy too.
    ///
    /// For a row `x`, a centre `c` and their copies `x̃`, `c̃`, the triangle inequality gives
    /// `| ‖x − c‖ − ‖x̃ − c̃‖ | ≤ ‖x − x̃‖ + ‖c − c̃‖`. `‖x̃ − c̃‖² = ‖x̃‖² − 2 x̃·c̃ + ‖c̃‖²` is computed
    /// in Float32 and widened by `w · (‖x̃‖² + ‖c̃‖²)`, `w = 4 (features/16 + 16) · 2⁻²⁴` (6.5e-5 at
    /// 4,096 features): the vector kernels' partial sums add at most features/16 products in
    /// sequence (8 or 16 lanes × 2 or 4 accumulators), so each of the three terms is off by less
    /// than (features/16 + 16) · 2⁻²⁴ of `‖x̃‖² + ‖c̃‖²`, and the two additions by less again. The
    /// residuals `‖x − x̃‖`, measured from the stored halves in the same way, are widened by 1e-4 and
    /// rounded up. The bounds hold for the exact distances, so the labels stay those of full
    /// passes. A row with a value beyond binary16's range gets no bounds. Copies are made only where
    /// the vector kernels run (the portable ones sum in sequence and are slower than Float32 BLAS).
    struct HalfRows: Sendable {
        let features: Int
        private let storage: Storage

        /// The relative widening `w` of `‖x̃ − c̃‖²` for Float32 rounding (see above).
        private let rounding: Float

        /// The copy's memory, written once while the rows are prepared and only read afterwards.
        private final class Storage: @unchecked Sendable {
            /// `[rows · features]`.
            let halves: UnsafeMutablePointer<UInt16>
            /// Per row, an upper bound on `‖x − x̃‖` (+∞ when the copy has no finite bounds).
            let residuals: UnsafeMutablePointer<Float>
            /// Per row, `‖x̃‖²`.
            let norms: UnsafeMutablePointer<Float>

            init(rows: Int, features: Int) {
                halves = .allocate(capacity: rows * features)
                residuals = .allocate(capacity: rows)
                norms = .allocate(capacity: rows)
            }

            deinit {
                halves.deallocate()
                residuals.deallocate()
                norms.deallocate()
            }
        }

        /// A copy of `rows` rows of `features` values, each handed once to the `store` closure that
        /// `fill` receives (from any thread). `nil` when this CPU has no fast binary16 kernels:
        /// the portable ones are slower than reading the Float32 rows.
        static func copying(
            rows: Int, features: Int, _ fill: (_ store: (@Sendable (Int, UnsafePointer<Float>) -> Void)?) -> Void
        ) -> HalfRows? {
            guard HalfPrecision.isAccelerated, rows > 0, features > 0 else {
                fill(nil)
                return nil
            }
            let storage = Storage(rows: rows, features: features)
            fill { row, values in
                let stored = HalfPrecision.store(values, into: storage.halves + row * features, count: features)
                let residual = stored.residualSquared.squareRoot() * (1 + 1e-4)
                let usable = residual.isFinite && stored.normSquared.isFinite
                storage.residuals[row] = usable ? residual.nextUp : .infinity
                storage.norms[row] = stored.normSquared
            }
            return HalfRows(features: features, storage: storage, rounding: Float(4 * (features / 16 + 16)) * .ulpOfOne / 2)
        }

        /// The copy's memory without a reference to its owner, for hot loops that must not count
        /// references: valid while this value (or the ``KMeans/Points`` holding it) lives.
        var view: View {
            View(
                features: features, rounding: rounding, halves: storage.halves, residuals: storage.residuals,
                norms: storage.norms)
        }

        /// Borrowed access to a copy (see ``view``).
        struct View: @unchecked Sendable {
            let features: Int
            let rounding: Float
            let halves: UnsafePointer<UInt16>
            let residuals: UnsafePointer<Float>
            let norms: UnsafePointer<Float>

            init(
                features: Int, rounding: Float, halves: UnsafeMutablePointer<UInt16>, residuals: UnsafeMutablePointer<Float>,
                norms: UnsafeMutablePointer<Float>
            ) {
                self.features = features
                self.rounding = rounding
                self.halves = UnsafePointer(halves)
                self.residuals = UnsafePointer(residuals)
                self.norms = UnsafePointer(norms)
            }

            /// Whether row `row` has bounds at all.
            @inline(__always)
            func bounds(_ row: Int) -> Bool { residuals[row].isFinite }

            /// An upper bound (`upper`) or a lower bound on `‖x − c‖` for row `row` and row `centre` of
            /// `centres`, a copy of the centres: one dot product of two binary16 rows, whose
            /// distance is off by at most both residuals.
            ///
            /// - Precondition: ``bounds(_:)`` is true for `row` and, in `centres`, for `centre`.
            @inline(__always)
            func distanceBound(_ row: Int, to centre: Int, of centres: View, upper: Bool) -> Float {
                let dot = HalfPrecision.dot(halves + row * features, centres.halves + centre * features, count: features)
                let norm = norms[row], centreNorm = centres.norms[centre], squared = norm - 2 * dot + centreNorm
                let widening = rounding * (norm + centreNorm), r = (residuals[row] + centres.residuals[centre]).nextUp
                if upper { return ((squared + widening).squareRoot().nextUp + r).nextUp }
                return max(0, (max(0, squared - widening).squareRoot().nextDown - r).nextDown)
            }
        }
    }
}

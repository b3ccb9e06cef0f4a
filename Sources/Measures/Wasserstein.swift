/// The 1-Wasserstein distance between two weighted samples on the real line, as
/// `scipy.stats.wasserstein_distance(u, v, uWeights, vWeights)`:
///
/// ```
/// W1 = ∫ |F_u(x) − F_v(x)| dx    (F = the weighted empirical CDFs, weights normalised to sum 1)
/// ```
/// computed exactly by sweeping the merged, sorted supports (``sweep(_:_:_:_:points:)``, which
/// PreIndex's count histograms call directly on their bin centres). Accumulated in `Double`.
public enum Wasserstein {
    public static func distance(
        _ u: UnsafeBufferPointer<Double>, weights uWeights: UnsafeBufferPointer<Double>,
        _ v: UnsafeBufferPointer<Double>, weights vWeights: UnsafeBufferPointer<Double>
    ) -> Double {
        let uTotal = uWeights.reduce(0, +), vTotal = vWeights.reduce(0, +)
        guard uTotal > 0, vTotal > 0 else { return 0 }
        // Each side as the sweep wants it: ascending points, then +∞; normalised weights.
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * (u.count + v.count + 2)) { scratch in
            func lay(_ points: UnsafeBufferPointer<Double>, _ weights: UnsafeBufferPointer<Double>, total: Double, at base: Int) {
                let order = isAscending(points) ? Array(points.indices) : points.indices.sorted { points[$0] < points[$1] }
                for (slot, index) in order.enumerated() {
                    scratch[base + slot] = points[index]
                    scratch[base + points.count + 1 + slot] = weights[index] / total
                }
                scratch[base + points.count] = .infinity
            }
            let vBase = 2 * (u.count + 1)
            lay(u, uWeights, total: uTotal, at: 0)
            lay(v, vWeights, total: vTotal, at: vBase)
            let base = scratch.baseAddress!
            return sweep(base, base + u.count + 1, base + vBase, base + vBase + v.count + 1, points: u.count + v.count)
        }
    }

    /// `∫ |U(x) − V(x)| dx` for the cumulative weights `U`, `V` of two ascending supports `u` and
    /// `v`, each followed by +∞ (which ends it), over `points` points of both. Weights are taken as
    /// they are (normalised, or equal totals and the result divided by the total). Which side comes
    /// next is unpredictable, so the sweep picks it without branching.
    @inline(__always)
    static func sweep(
        _ u: UnsafePointer<Double>, _ uWeights: UnsafePointer<Double>,
        _ v: UnsafePointer<Double>, _ vWeights: UnsafePointer<Double>, points: Int
    ) -> Double {
        var i = 0, j = 0, difference = 0.0, area = 0.0
        var previous = min(u[0], v[0])
        for _ in 0..<points {
            let x = u[i], y = v[j]
            let fromU = x <= y
            let point = fromU ? x : y
            area += abs(difference) * (point - previous)
            difference += fromU ? uWeights[i] : -vWeights[j]
            previous = point
            i += fromU ? 1 : 0
            j += fromU ? 0 : 1
        }
        return area
    }

    private static func isAscending(_ values: UnsafeBufferPointer<Double>) -> Bool {
        values.indices.dropFirst().allSatisfy { values[$0 - 1] <= values[$0] }
    }

    /// ``distance(_:weights:_:weights:)`` for arrays.
    public static func distance(_ u: [Double], weights uWeights: [Double], _ v: [Double], weights vWeights: [Double]) -> Double {
        u.withUnsafeBufferPointer { u in
            uWeights.withUnsafeBufferPointer { uw in
                v.withUnsafeBufferPointer { v in
                    vWeights.withUnsafeBufferPointer { vw in distance(u, weights: uw, v, weights: vw) }
                }
            }
        }
    }
}

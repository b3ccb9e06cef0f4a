/// The 1-Wasserstein distance between two weighted samples on the real line, as
/// `scipy.stats.wasserstein_distance(u, v, uWeights, vWeights)`:
///
/// ```
/// W1 = ∫ |F_u(x) − F_v(x)| dx    (F = the weighted empirical CDFs, weights normalised to sum 1)
/// ```
/// computed exactly by sweeping the merged, sorted supports (bin centres come sorted, so PreIndex's
/// histograms merge without sorting or allocating). Accumulated in `Double`.
public enum Wasserstein {
    public static func distance(
        _ u: UnsafeBufferPointer<Double>, weights uWeights: UnsafeBufferPointer<Double>,
        _ v: UnsafeBufferPointer<Double>, weights vWeights: UnsafeBufferPointer<Double>
    ) -> Double {
        let uTotal = uWeights.reduce(0, +), vTotal = vWeights.reduce(0, +)
        guard uTotal > 0, vTotal > 0 else { return 0 }
        guard isAscending(u), isAscending(v) else {
            // Sort both supports with their weights, then sweep them as below.
            let su = u.indices.sorted { u[$0] < u[$1] }, sv = v.indices.sorted { v[$0] < v[$1] }
            return distance(su.map { u[$0] }, weights: su.map { uWeights[$0] }, sv.map { v[$0] }, weights: sv.map { vWeights[$0] })
        }
        // Merge the two ascending supports; the CDF difference changes by the signed mass at each
        // point (+u weight, −v weight) and is constant up to the next point.
        var i = 0, j = 0, difference = 0.0, total = 0.0
        var previous = -Double.infinity
        while i < u.count || j < v.count {
            let fromU = j == v.count || (i < u.count && u[i] <= v[j])
            let x = fromU ? u[i] : v[j]
            if previous > -.infinity { total += abs(difference) * (x - previous) }
            if fromU {
                difference += uWeights[i] / uTotal
                i += 1
            } else {
                difference -= vWeights[j] / vTotal
                j += 1
            }
            previous = x
        }
        return total
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

/// The 1-Wasserstein distance between two weighted samples on the real line, as
/// `scipy.stats.wasserstein_distance(u, v, uWeights, vWeights)`:
///
/// ```
/// W1 = ∫ |F_u(x) − F_v(x)| dx    (F = the weighted empirical CDFs, weights normalised to sum 1)
/// ```
/// computed exactly by sweeping the merged, sorted support. Accumulated in `Double`.
public enum Wasserstein {
    public static func distance(
        _ u: UnsafeBufferPointer<Double>, weights uWeights: UnsafeBufferPointer<Double>,
        _ v: UnsafeBufferPointer<Double>, weights vWeights: UnsafeBufferPointer<Double>
    ) -> Double {
        let uTotal = uWeights.reduce(0, +), vTotal = vWeights.reduce(0, +)
        guard uTotal > 0, vTotal > 0 else { return 0 }
        // Signed mass per point: +u weight, −v weight; the CDF difference changes at each point.
        var points: [(x: Double, mass: Double)] = []
        points.reserveCapacity(u.count + v.count)
        for i in 0..<u.count { points.append((u[i], uWeights[i] / uTotal)) }
        for i in 0..<v.count { points.append((v[i], -vWeights[i] / vTotal)) }
        points.sort { $0.x < $1.x }
        var difference = 0.0, total = 0.0
        for i in 0..<(points.count - 1) {
            difference += points[i].mass
            total += abs(difference) * (points[i + 1].x - points[i].x)
        }
        return total
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

import Foundation

/// The four distances PreIndex compares a sample's clean and shifted histograms with.
///
/// For probability vectors `p` (clean) and `q` (shifted) of one length:
/// ```
/// w1             reference: mean |sort(p) − sort(q)|   (scipy.stats.wasserstein_distance(p, q))
///                principled: W1 between the two histograms over their bin centres
/// js             ½ Σ p ln(p/m) + ½ Σ q ln(q/m),  m = (p + q)/2       (nats, no square root)
/// bhattacharyya  1 − Σ √(p q)
/// kl             Σ p ln(p/q), terms that are inf or nan set to 0     (may come out negative)
/// ```
/// Terms with `p = 0` contribute 0 (scipy's `rel_entr`). Accumulated in `Double`.
///
/// This form takes any probability vectors. PreIndex's histograms are integer counts over the
/// row length, where ``CountHistograms`` evaluates the same formulas on the counts (a table of
/// logarithms, no sorting); the two agree to rounding.
public enum Distance: String, CaseIterable, Codable, Sendable, Hashable {
    case w1, js, bhattacharyya, kl

    /// How W1 treats the bins.
    public enum WassersteinMode: String, Codable, Sendable, CaseIterable {
        /// The probabilities themselves are the samples; bin order is ignored (what the reference does).
        case reference
        /// The histograms are distributions over their bin centres.
        case principled
    }

    /// The distance between `p` and `q`; `centresP`/`centresQ` are needed for principled W1 only.
    public func callAsFunction(
        _ p: UnsafeBufferPointer<Double>, _ q: UnsafeBufferPointer<Double>, mode: WassersteinMode = .reference,
        centresP: UnsafeBufferPointer<Double>? = nil, centresQ: UnsafeBufferPointer<Double>? = nil
    ) -> Double {
        precondition(p.count == q.count, "histograms of \(p.count) and \(q.count) bins")
        switch self {
        case .w1:
            if mode == .principled, let centresP, let centresQ {
                return Wasserstein.distance(centresP, weights: p, centresQ, weights: q)
            }
            // Sorted copies in temporary (stack) storage: this runs for every sample and layer.
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * p.count) { scratch in
                var sp = UnsafeMutableBufferPointer(rebasing: scratch[0..<p.count])
                var sq = UnsafeMutableBufferPointer(rebasing: scratch[p.count...])
                _ = sp.initialize(from: p)
                _ = sq.initialize(from: q)
                sp.sort()
                sq.sort()
                var sum = 0.0
                for i in 0..<p.count { sum += abs(sp[i] - sq[i]) }
                return sum / Double(p.count)
            }
        case .js:
            var sum = 0.0
            for i in 0..<p.count {
                let m = (p[i] + q[i]) / 2
                sum += Self.relativeEntropy(p[i], m) + Self.relativeEntropy(q[i], m)
            }
            return sum / 2
        case .bhattacharyya:
            var sum = 0.0
            for i in 0..<p.count { sum += (p[i] * q[i]).squareRoot() }
            return 1 - sum
        case .kl:
            var sum = 0.0
            for i in 0..<p.count {
                let term = Self.relativeEntropy(p[i], q[i])
                if term.isFinite { sum += term }
            }
            return sum
        }
    }

    /// ``callAsFunction(_:_:mode:centresP:centresQ:)`` for arrays.
    public func callAsFunction(
        _ p: [Double], _ q: [Double], mode: WassersteinMode = .reference, centresP: [Double]? = nil, centresQ: [Double]? = nil
    ) -> Double {
        p.withUnsafeBufferPointer { p in
            q.withUnsafeBufferPointer { q in
                (centresP ?? []).withUnsafeBufferPointer { cp in
                    (centresQ ?? []).withUnsafeBufferPointer { cq in
                        self(p, q, mode: mode, centresP: centresP == nil ? nil : cp, centresQ: centresQ == nil ? nil : cq)
                    }
                }
            }
        }
    }

    /// scipy's `rel_entr(x, y)`: `x ln(x/y)` for x, y > 0; 0 for x = 0 ≤ y; +∞ otherwise.
    @inline(__always)
    static func relativeEntropy(_ x: Double, _ y: Double) -> Double {
        if x > 0 && y > 0 { return x * log(x / y) }
        if x == 0 && y >= 0 { return 0 }
        return .infinity
    }
}

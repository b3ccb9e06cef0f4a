import Foundation
import Tensors

extension KMeans {
    /// Where PreIndex's k-means runs start.
    public enum Start: Codable, Hashable, Sendable, CustomStringConvertible {
        /// The class centroids of the clustered embedding (the reference's rule, the default).
        case classCentroids
        /// scikit-learn's greedy k-means++ (``plusPlusCentres(_:count:seed:)``), drawn with `seed`.
        case plusPlus(seed: UInt64)

        public var description: String {
            switch self {
            case .classCentroids: "class-centroids"
            case .plusPlus(let seed): "kmeans++ (seed \(seed))"
            }
        }
    }

    /// `count` initial centres chosen among the rows by greedy k-means++, as scikit-learn's
    /// `init="k-means++"` does it: the first row uniformly at random; then, for each next centre,
    /// `2 + ⌊ln count⌋` candidate rows drawn with probability proportional to their squared distance
    /// to the nearest centre so far, keeping the candidate that lowers the sum of those distances
    /// most. Seeded with ``SeededGenerator``, so the same seed gives the same centres; scikit-learn's
    /// random stream is not reproduced, only its rule.
    ///
    /// - Precondition: `1 ≤ count ≤` the number of rows.
    public static func plusPlusCentres(_ points: Points, count: Int, seed: UInt64) -> Tensor {
        let n = points.count, features = points.features
        precondition((1...n).contains(count), "k-means++ needs 1…\(n) centres, got \(count)")
        var generator = SeededGenerator(seed: seed, stream: 0x6B2B)
        let trials = 2 + Int(log(Double(count)))
        var chosen = [generator.next(below: n)]
        var nearest = squaredDistances(points, toRows: chosen)[0]
        while chosen.count < count {
            let cumulative = nearest.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
            let total = cumulative.last ?? 0
            let candidates = (0..<trials).map { _ -> Int in
                guard total > 0 else { return generator.next(below: n) }
                let target = Double(generator.next() >> 11) * 0x1p-53 * total
                // The first row whose cumulative weight exceeds the target (numpy's searchsorted).
                var low = 0, high = n - 1
                while low < high {
                    let middle = (low + high) / 2
                    if cumulative[middle] <= target { low = middle + 1 } else { high = middle }
                }
                return low
            }
            let distances = squaredDistances(points, toRows: candidates)
            var best = 0, bestPotential = Double.infinity
            for (index, row) in distances.enumerated() {
                let potential = zip(nearest, row).reduce(0) { $0 + min($1.0, $1.1) }
                if potential < bestPotential {
                    bestPotential = potential
                    best = index
                }
            }
            chosen.append(candidates[best])
            nearest = zip(nearest, distances[best]).map { min($0, $1) }
        }
        return Tensor(shape: [count, features], scalars: points.data.withUnsafeBufferPointer { x in
            chosen.flatMap { Array(x[($0 * features)..<(($0 + 1) * features)]) }
        })
    }

    /// For each of `rows`, the squared distance of every row to it (`‖x‖² − 2x·y + ‖y‖²`, ≥ 0), by one GEMM.
    private static func squaredDistances(_ points: Points, toRows rows: [Int]) -> [[Double]] {
        let n = points.count, features = points.features, m = rows.count
        var dots = [Float](repeating: 0, count: n * m)
        points.data.withUnsafeBufferPointer { x in
            let gathered = rows.flatMap { Array(x[($0 * features)..<(($0 + 1) * features)]) }
            gathered.withUnsafeBufferPointer { y in
                dots.withUnsafeMutableBufferPointer { dots in
                    BLAS.sgemm(
                        transposeB: .transposed, m: n, n: m, k: features, a: x.baseAddress!, lda: features,
                        b: y.baseAddress!, ldb: features, c: dots.baseAddress!, ldc: m)
                }
            }
        }
        return rows.enumerated().map { j, row in
            (0..<n).map { i in
                max(0, Double(points.rowNorms[i]) - 2 * Double(dots[i * m + j]) + Double(points.rowNorms[row]))
            }
        }
    }
}

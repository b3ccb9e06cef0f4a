import Tensors

/// Lloyd's k-means from given initial centres, with scikit-learn's rules (`KMeans(init=…,
/// n_init=1, algorithm="lloyd")`), so that clusterings match its results.
///
/// ```
/// tolerance = relativeTolerance · mean over features of the feature's variance
/// repeat ≤ maxIterations: assign each row to its nearest centre; centres ← cluster means
///   (an empty cluster takes the row farthest from its centre);
///   stop when no label changed (strict convergence) or Σ‖Δcentre‖² ≤ tolerance
/// if not strictly converged: assign once more to the final centres
/// ```
/// Each iteration is one pass over the rows (in parallel chunks): squared distances
/// `‖x‖² − 2 x·c + ‖c‖²` with SIMD dot products in Float32 (as scikit-learn computes float32
/// data), the nearest centre, and the row added to its cluster's sum; per-chunk sums are added
/// in chunk order, so results do not depend on the thread count.
public struct KMeans: Sendable {
    public var maxIterations = 300
    public var relativeTolerance = 1e-4

    public init(maxIterations: Int = 300, relativeTolerance: Double = 1e-4) {
        self.maxIterations = maxIterations
        self.relativeTolerance = relativeTolerance
    }

    /// The outcome of one run.
    public struct Clustering: Sendable {
        public var labels: [Int]
        /// `[k, features]`.
        public var centres: Tensor
        public var iterations: Int
    }

    /// Clusters the rows of `data` (`[n, features]`) starting from `initialCentres` (`[k, features]`).
    public func fit(_ data: Tensor, initialCentres: Tensor) -> Clustering {
        let n = data.shape[0], features = data.shape[1], k = initialCentres.shape[0]
        precondition(initialCentres.shape[1] == features && n > 0 && k > 0)
        let tolerance = Self.meanVariance(data) * relativeTolerance
        let rowNorms = Self.rowSquaredNorms(data)
        var centres = initialCentres
        var labels = [Int](repeating: -1, count: n)
        var strict = false
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            let previous = labels
            let step = lloydStep(data, rowNorms: rowNorms, centres: centres, labels: &labels)
            let updated = step.means(data, labels: labels, previous: centres)
            var shift = 0.0
            for i in 0..<centres.count {
                let d = Double(updated[flat: i]) - Double(centres[flat: i])
                shift += d * d
            }
            centres = updated
            if labels == previous {
                strict = true
                break
            }
            if shift <= tolerance { break }
        }
        if !strict { _ = lloydStep(data, rowNorms: rowNorms, centres: centres, labels: &labels) }
        return Clustering(labels: labels, centres: centres, iterations: iteration)
    }

    /// The per-class means of `data`'s rows: the initial centres PreIndex uses (class `c` → row `c`).
    /// A class with no rows gets the overall mean.
    public static func classCentroids(_ data: Tensor, labels: [Int], classes: Int) -> Tensor {
        let features = data.shape[1]
        var sums = [Double](repeating: 0, count: classes * features)
        var counts = [Int](repeating: 0, count: classes)
        var overall = [Double](repeating: 0, count: features)
        data.withUnsafeBufferPointer { x in
            for (row, label) in labels.enumerated() {
                counts[label] += 1
                for f in 0..<features {
                    sums[label * features + f] += Double(x[row * features + f])
                    overall[f] += Double(x[row * features + f])
                }
            }
        }
        return Tensor(shape: [classes, features], scalars: (0..<classes * features).map { i in
            let c = i / features
            return counts[c] > 0 ? Float(sums[i] / Double(counts[c])) : Float(overall[i % features] / Double(max(labels.count, 1)))
        })
    }

    /// Mean over features of each feature's (population) variance, as scikit-learn's tolerance.
    /// Two row-major passes in `Double`: the feature means, then the squared deviations.
    static func meanVariance(_ data: Tensor) -> Double {
        let n = data.shape[0], features = data.shape[1]
        var means = [Double](repeating: 0, count: features)
        var squares = [Double](repeating: 0, count: features)
        data.withUnsafeBufferPointer { x in
            for row in 0..<n {
                for f in 0..<features { means[f] += Double(x[row * features + f]) }
            }
            for f in 0..<features { means[f] /= Double(n) }
            for row in 0..<n {
                for f in 0..<features {
                    let d = Double(x[row * features + f]) - means[f]
                    squares[f] += d * d
                }
            }
        }
        return squares.reduce(0, +) / Double(n) / Double(features)
    }

    /// `‖row‖²` of each row of a `[rows, features]` tensor.
    static func rowSquaredNorms(_ data: Tensor) -> [Float] {
        let features = data.shape[1]
        return data.withUnsafeBufferPointer { x in
            (0..<data.shape[0]).map { row in dot(x.baseAddress! + row * features, x.baseAddress! + row * features, features) }
        }
    }

    /// What one pass over the rows found: each row's squared distance to its nearest centre,
    /// and the per-cluster sums and counts of the rows under the new labels.
    private struct Step {
        var distances: [Float]
        var sums: [Float]
        var counts: [Float]
        let k: Int

        /// The cluster means; an empty cluster takes the row farthest from its own centre, as scikit-learn.
        func means(_ data: Tensor, labels: [Int], previous: Tensor) -> Tensor {
            let features = data.shape[1]
            var sums = self.sums, counts = self.counts
            let empty = (0..<k).filter { counts[$0] == 0 }
            if !empty.isEmpty {
                let farthest = distances.indices.sorted { distances[$0] > distances[$1] }.prefix(empty.count)
                for (cluster, row) in zip(empty, farthest) {
                    let old = labels[row]
                    for f in 0..<features {
                        let value = data[flat: row * features + f]
                        sums[old * features + f] -= value
                        sums[cluster * features + f] = value
                    }
                    counts[cluster] = 1
                    counts[old] -= 1
                }
            }
            return Tensor(shape: [k, features], scalars: (0..<(k * features)).map { i in
                let cluster = i / features
                return counts[cluster] > 0 ? sums[i] / counts[cluster] : previous[flat: i]
            })
        }
    }

    /// Sets each row's label to its nearest centre (ties: the lower index) and sums the rows per cluster.
    private func lloydStep(_ data: Tensor, rowNorms: [Float], centres: Tensor, labels: inout [Int]) -> Step {
        let n = data.shape[0], k = centres.shape[0], features = centres.shape[1]
        precondition(data.shape[1] == features)
        let centreNorms = Self.rowSquaredNorms(centres)
        let chunks = min(n, 16)
        var distances = [Float](repeating: 0, count: n)
        var partials = [Float](repeating: 0, count: chunks * k * features)
        var partialCounts = [Float](repeating: 0, count: chunks * k)
        data.withUnsafeBufferPointer { x in
            centres.withUnsafeBufferPointer { c in
                labels.withUnsafeMutableBufferPointer { labels in
                    distances.withUnsafeMutableBufferPointer { distances in
                        partials.withUnsafeMutableBufferPointer { partials in
                            partialCounts.withUnsafeMutableBufferPointer { partialCounts in
                                let shared = UncheckedSendable((x, c, labels, distances, partials, partialCounts))
                                Compute.forEach(chunks) { chunk in
                                    let (x, c, labels, distances, partials, partialCounts) = shared.value
                                    let sums = partials.baseAddress! + chunk * k * features
                                    for row in (chunk * n / chunks)..<((chunk + 1) * n / chunks) {
                                        let point = x.baseAddress! + row * features
                                        var best = Float.infinity, nearest = 0
                                        var centre = 0
                                        while centre < k {
                                            let block = min(4, k - centre)
                                            let dots = Self.dots(point, c.baseAddress! + centre * features, block, features)
                                            for j in 0..<block {
                                                let distance = centreNorms[centre + j] - 2 * dots[j]
                                                if distance < best { best = distance; nearest = centre + j }
                                            }
                                            centre += block
                                        }
                                        labels[row] = nearest
                                        distances[row] = max(0, best + rowNorms[row])
                                        partialCounts[chunk * k + nearest] += 1
                                        let sum = sums + nearest * features
                                        for f in 0..<features { sum[f] += point[f] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var sums = [Float](repeating: 0, count: k * features), counts = [Float](repeating: 0, count: k)
        for chunk in 0..<chunks {
            for i in 0..<(k * features) { sums[i] += partials[chunk * k * features + i] }
            for i in 0..<k { counts[i] += partialCounts[chunk * k + i] }
        }
        return Step(distances: distances, sums: sums, counts: counts, k: k)
    }

    /// `x · c_j` for `block` (≤ 4) consecutive rows `c_j` of `centres`, loading `x` once per lane group.
    @inline(__always)
    private static func dots(
        _ x: UnsafePointer<Float>, _ centres: UnsafePointer<Float>, _ block: Int, _ count: Int
    ) -> SIMD4<Float> {
        var l0 = SIMD16<Float>(), l1 = l0, l2 = l0, l3 = l0
        // Blocks shorter than 4 repeat their last row; the extra dots are ignored by the caller.
        let r0 = centres, r1 = centres + min(1, block - 1) * count
        let r2 = centres + min(2, block - 1) * count, r3 = centres + min(3, block - 1) * count
        var i = 0
        while i + 16 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
            l0 += v * UnsafeRawPointer(r0 + i).loadUnaligned(as: SIMD16<Float>.self)
            l1 += v * UnsafeRawPointer(r1 + i).loadUnaligned(as: SIMD16<Float>.self)
            l2 += v * UnsafeRawPointer(r2 + i).loadUnaligned(as: SIMD16<Float>.self)
            l3 += v * UnsafeRawPointer(r3 + i).loadUnaligned(as: SIMD16<Float>.self)
            i += 16
        }
        var result = SIMD4<Float>(l0.sum(), l1.sum(), l2.sum(), l3.sum())
        while i < count {
            result += SIMD4(x[i] * r0[i], x[i] * r1[i], x[i] * r2[i], x[i] * r3[i])
            i += 1
        }
        return result
    }

    /// `Σ a[i]·b[i]` over `count` floats, in 16-wide SIMD lanes.
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD16<Float>()
        var i = 0
        while i + 16 <= count {
            lanes += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Float>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD16<Float>.self)
            i += 16
        }
        var sum = lanes.sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }
}

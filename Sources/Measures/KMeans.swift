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
/// Squared distances are `‖x‖² − 2 x·c + ‖c‖²` with the cross term from one `sgemm` per
/// iteration (Float32, as scikit-learn does for float32 data); means accumulate in `Double`.
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
        let rowNorms = (0..<n).map { row in
            data.withUnsafeBufferPointer { x in (0..<features).reduce(Float(0)) { $0 + x[row * features + $1] * x[row * features + $1] } }
        }
        var centres = initialCentres
        var labels = [Int](repeating: -1, count: n)
        var previous = labels
        var strict = false
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            let distances = assign(data, rowNorms: rowNorms, centres: centres, labels: &labels)
            let updated = means(data, labels: labels, k: k, distances: distances, previous: centres)
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
            previous = labels
        }
        if !strict { _ = assign(data, rowNorms: rowNorms, centres: centres, labels: &labels) }
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
    static func meanVariance(_ data: Tensor) -> Double {
        let n = data.shape[0], features = data.shape[1]
        var total = 0.0
        data.withUnsafeBufferPointer { x in
            for f in 0..<features {
                var mean = 0.0
                for row in 0..<n { mean += Double(x[row * features + f]) }
                mean /= Double(n)
                var variance = 0.0
                for row in 0..<n {
                    let d = Double(x[row * features + f]) - mean
                    variance += d * d
                }
                total += variance / Double(n)
            }
        }
        return total / Double(features)
    }

    /// Sets each row's label to its nearest centre; returns each row's squared distance to it.
    private func assign(_ data: Tensor, rowNorms: [Float], centres: Tensor, labels: inout [Int]) -> [Float] {
        let n = data.shape[0], k = centres.shape[0], features = centres.shape[1]
        let cross = try! Tensor.matmul(data, centres, transposeB: true)
        let centreNorms = (0..<k).map { c in
            centres.withUnsafeBufferPointer { x in (0..<features).reduce(Float(0)) { $0 + x[c * features + $1] * x[c * features + $1] } }
        }
        var best = [Float](repeating: 0, count: n)
        cross.withUnsafeBufferPointer { dot in
            for row in 0..<n {
                var bestDistance = Float.infinity, bestCentre = 0
                for c in 0..<k {
                    let distance = centreNorms[c] - 2 * dot[row * k + c]
                    if distance < bestDistance { bestDistance = distance; bestCentre = c }
                }
                labels[row] = bestCentre
                best[row] = max(0, bestDistance + rowNorms[row])
            }
        }
        return best
    }

    /// The cluster means; an empty cluster takes the row farthest from its own centre, as scikit-learn.
    private func means(_ data: Tensor, labels: [Int], k: Int, distances: [Float], previous: Tensor) -> Tensor {
        let features = data.shape[1]
        var sums = [Double](repeating: 0, count: k * features)
        var counts = [Double](repeating: 0, count: k)
        data.withUnsafeBufferPointer { x in
            for (row, label) in labels.enumerated() {
                counts[label] += 1
                for f in 0..<features { sums[label * features + f] += Double(x[row * features + f]) }
            }
            let empty = (0..<k).filter { counts[$0] == 0 }
            if !empty.isEmpty {
                let farthest = distances.indices.sorted { distances[$0] > distances[$1] }.prefix(empty.count)
                for (cluster, row) in zip(empty, farthest) {
                    let old = labels[row]
                    for f in 0..<features {
                        let value = Double(x[row * features + f])
                        sums[old * features + f] -= value
                        sums[cluster * features + f] = value
                    }
                    counts[cluster] = 1
                    counts[old] -= 1
                }
            }
        }
        return Tensor(shape: [k, features], scalars: (0..<k * features).map { i in
            counts[i / features] > 0 ? Float(sums[i] / counts[i / features]) : previous[flat: i]
        })
    }
}

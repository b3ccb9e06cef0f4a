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
/// Each iteration is one pass over the rows in fixed chunks, each chunk two GEMMs in Float32 (as
/// scikit-learn computes float32 data): the dot products `X·Cᵀ` that give the squared distances
/// `‖x‖² − 2 x·c + ‖c‖²`, and, once the nearest centres are known, the per-cluster sums `Wᵀ·X`
/// with `W` the rows' one-hot labels. Chunk sums are added in chunk order, so results do not
/// depend on the thread count.
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

    /// The rows to cluster with what every run on them needs once: their squared norms and the mean
    /// feature variance the tolerance scales. Prepare once to cluster the same rows from several starts.
    public struct Points: Sendable {
        /// `[n, features]`.
        public let data: Tensor
        let rowNorms: [Float]
        let meanVariance: Double

        /// Prepares the rows of `data` (`[n, features]`, n > 0).
        public init(_ data: Tensor) {
            precondition(data.shape.rank == 2 && data.shape[0] > 0)
            self.data = data
            rowNorms = KMeans.rowSquaredNorms(data)
            meanVariance = KMeans.meanVariance(data)
        }
    }

    /// Clusters the rows of `data` (`[n, features]`) starting from `initialCentres` (`[k, features]`).
    public func fit(_ data: Tensor, initialCentres: Tensor) -> Clustering {
        fit(Points(data), initialCentres: initialCentres)
    }

    /// Clusters prepared rows starting from `initialCentres` (`[k, features]`).
    public func fit(_ points: Points, initialCentres: Tensor) -> Clustering {
        let data = points.data
        let n = data.shape[0], features = data.shape[1], k = initialCentres.shape[0]
        precondition(initialCentres.shape[1] == features && n > 0 && k > 0)
        let tolerance = points.meanVariance * relativeTolerance
        var centres = initialCentres
        var labels = [Int](repeating: -1, count: n)
        var strict = false
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            let previous = labels
            let step = lloydStep(points, centres: centres, labels: &labels)
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
        if !strict { _ = lloydStep(points, centres: centres, labels: &labels) }
        return Clustering(labels: labels, centres: centres, iterations: iteration)
    }

    /// The per-class means of `data`'s rows: the initial centres PreIndex uses (class `c` → row `c`).
    /// A class with no rows gets the overall mean. Sums are in `Double`, over fixed row chunks.
    public static func classCentroids(_ data: Tensor, labels: [Int], classes: Int) -> Tensor {
        let features = data.shape[1]
        let sums = columnSums(data, groups: classes, group: { labels[$0] })
        var counts = [Int](repeating: 0, count: classes)
        for label in labels { counts[label] += 1 }
        var overall: [Double]?
        var scalars = [Float](repeating: 0, count: classes * features)
        for c in 0..<classes {
            if counts[c] > 0 {
                for f in 0..<features { scalars[c * features + f] = Float(sums[c * features + f] / Double(counts[c])) }
            } else {
                if overall == nil { overall = columnSums(data, groups: 1, group: { _ in 0 }) }
                for f in 0..<features { scalars[c * features + f] = Float(overall![f] / Double(max(labels.count, 1))) }
            }
        }
        return Tensor(shape: [classes, features], scalars: scalars)
    }

    /// Mean over features of each feature's (population) variance, as scikit-learn's tolerance.
    /// Two passes in `Double`: the feature means, then the squared deviations.
    static func meanVariance(_ data: Tensor) -> Double {
        let n = data.shape[0], features = data.shape[1]
        let means = columnSums(data, groups: 1, group: { _ in 0 }).map { $0 / Double(n) }
        let squares = columnSums(data, groups: 1, group: { _ in 0 }, centredOn: means)
        return squares.reduce(0, +) / Double(n) / Double(features)
    }

    /// Per group, the `Double` sums over its rows of each feature (`[groups · features]`), or of each feature's
    /// squared deviation from `centre` when given. Rows are summed in 16 fixed chunks in parallel and the chunks
    /// added in order, so the result does not depend on the thread count.
    private static func columnSums(
        _ data: Tensor, groups: Int, group: (Int) -> Int, centredOn centre: [Double]? = nil
    ) -> [Double] {
        let n = data.shape[0], features = data.shape[1]
        let chunks = min(n, 16)
        var partials = [Double](repeating: 0, count: chunks * groups * features)
        let groupOfRow = (0..<n).map(group)
        data.withUnsafeBufferPointer { x in
            partials.withUnsafeMutableBufferPointer { partials in
                let shared = UncheckedSendable((x, partials))
                Compute.forEach(chunks) { chunk in
                    let (x, partials) = shared.value
                    let base = partials.baseAddress! + chunk * groups * features
                    for row in (chunk * n / chunks)..<((chunk + 1) * n / chunks) {
                        let point = x.baseAddress! + row * features
                        let sum = base + groupOfRow[row] * features
                        if let centre {
                            centre.withUnsafeBufferPointer { centre in
                                for f in 0..<features {
                                    let d = Double(point[f]) - centre[f]
                                    sum[f] += d * d
                                }
                            }
                        } else {
                            for f in 0..<features { sum[f] += Double(point[f]) }
                        }
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: groups * features)
        for chunk in 0..<chunks {
            for i in 0..<(groups * features) { sums[i] += partials[chunk * groups * features + i] }
        }
        return sums
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
    private func lloydStep(_ points: Points, centres: Tensor, labels: inout [Int]) -> Step {
        let data = points.data, rowNorms = points.rowNorms
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
                                    let first = chunk * n / chunks, rows = (chunk + 1) * n / chunks - first
                                    let block = x.baseAddress! + first * features
                                    // dots[r, j] = x_r · c_j
                                    var dots = [Float](repeating: 0, count: rows * k)
                                    dots.withUnsafeMutableBufferPointer { dots in
                                        BLAS.sgemm(
                                            transposeB: .transposed, m: rows, n: k, k: features, a: block, lda: features,
                                            b: c.baseAddress!, ldb: features, c: dots.baseAddress!, ldc: k)
                                    }
                                    var oneHot = [Float](repeating: 0, count: rows * k)
                                    for r in 0..<rows {
                                        var best = Float.infinity, nearest = 0
                                        for j in 0..<k {
                                            let distance = centreNorms[j] - 2 * dots[r * k + j]
                                            if distance < best { best = distance; nearest = j }
                                        }
                                        labels[first + r] = nearest
                                        distances[first + r] = max(0, best + rowNorms[first + r])
                                        partialCounts[chunk * k + nearest] += 1
                                        oneHot[r * k + nearest] = 1
                                    }
                                    // sums[j, :] = Σ over the chunk's rows labelled j = oneHotᵀ · block
                                    oneHot.withUnsafeBufferPointer { oneHot in
                                        BLAS.sgemm(
                                            transposeA: .transposed, m: k, n: features, k: rows, a: oneHot.baseAddress!,
                                            lda: k, b: block, ldb: features, c: partials.baseAddress! + chunk * k * features,
                                            ldc: features)
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

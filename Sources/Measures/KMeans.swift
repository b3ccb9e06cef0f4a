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
/// The iterations are Lloyd's, but computed the way Elkan's algorithm does (``NearestCentreBounds``):
/// each row keeps an upper bound on the distance to its centre and a lower bound on the distance to
/// each other centre, moved by the centres' shifts, and only the distances these bounds cannot rule
/// out are computed (in Float32 as scikit-learn computes float32 data; the first pass by GEMM). The per-cluster sums (``ClusterSums``, in `Double`) follow the rows that changed cluster
/// instead of being summed again. Late iterations, where few rows move, touch few rows; the labels
/// are those Lloyd's full passes give. Results do not depend on the thread count.
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
        fit(Points(data), initialCentres: initialCentres)
    }

    /// Clusters prepared rows starting from `initialCentres` (`[k, features]`).
    public func fit(_ points: Points, initialCentres: Tensor) -> Clustering {
        fit(points, from: [initialCentres])[0]
    }

    /// Clusters prepared rows from each of several starts (each `[k, features]`, the same `k`), as
    /// separate runs that give what ``fit(_:initialCentres:)`` gives for each start. The runs go in
    /// lockstep: every assignment pass reads each row once for all the runs still iterating (the
    /// passes are bound by reading the rows), and spreads chunks of rows over the threads.
    public func fit(_ points: Points, from starts: [Tensor]) -> [Clustering] {
        let n = points.count
        precondition(!starts.isEmpty && n > 0)
        let k = starts[0].shape[0]
        precondition(starts.allSatisfy { $0.shape == [k, points.features] } && k > 0)
        let tolerance = points.meanVariance * relativeTolerance
        struct Run {
            var centres: Tensor
            var sums: ClusterSums
            var iterations = 0
            var strict = false
            var finished: Bool
        }
        // Rows prepared with k classes: every run starts from those labels and their sums.
        let classes = points.classes.flatMap { $0.sums.clusters == k ? $0 : nil }
        var runs = starts.map {
            Run(
                centres: $0, sums: classes?.sums ?? ClusterSums(clusters: k, features: points.features),
                finished: maxIterations <= 0)
        }
        var bounds = NearestCentreBounds(rows: n, runs: starts.count, labels: classes?.labels)
        while runs.contains(where: { !$0.finished }) {
            let moves = bounds.assign(points, to: runs.map { $0.finished ? nil : $0.centres })
            for r in runs.indices where !runs[r].finished {
                runs[r].iterations += 1
                runs[r].sums.follow(moves[r], of: points, labels: bounds.labels(ofRun: r))
                if let empty = runs[r].sums.emptyClusters {
                    // Rare: relocate as scikit-learn does, then start the bounds and sums afresh.
                    runs[r].sums.relocate(empty, toFarthestOf: points, labels: bounds.labels(ofRun: r), centres: runs[r].centres)
                    bounds.invalidate(run: r)
                }
                let (updated, shifts) = runs[r].sums.means(movingFrom: runs[r].centres)
                bounds.centresMoved(run: r, by: shifts)
                runs[r].centres = updated
                if moves[r].isEmpty {
                    runs[r].strict = true
                    runs[r].finished = true
                } else if shifts.reduce(0, { $0 + $1 * $1 }) <= tolerance || runs[r].iterations >= maxIterations {
                    runs[r].finished = true
                }
            }
        }
        // Runs that stopped on the tolerance or the iteration limit: labels for their final centres.
        if runs.contains(where: { !$0.strict }) {
            _ = bounds.assign(points, to: runs.map { $0.strict ? nil : $0.centres })
        }
        return runs.indices.map { r in
            Clustering(labels: bounds.labels(ofRun: r), centres: runs[r].centres, iterations: runs[r].iterations)
        }
    }

    /// The per-class means of `data`'s rows: the initial centres PreIndex uses (class `c` → row `c`).
    /// A class with no rows gets the overall mean. Sums as ``columnSums(_:groups:group:visit:)`` adds them.
    public static func classCentroids(_ data: Tensor, labels: [Int], classes: Int) -> Tensor {
        var counts = [Int](repeating: 0, count: classes)
        for label in labels { counts[label] += 1 }
        let sums = columnSums(data, groups: classes, group: { labels[$0] })
        return ClusterSums(sums: sums, counts: counts, features: data.shape[1]).centroids()
    }

    /// Per group, the `Double` sums over its rows of each feature (`[groups · features]`); `visit`
    /// sees each row too (from any thread, once). Each group's rows, in row order, are cut into
    /// pieces of at most 256 rows that go to the threads, each summed into its own `Double` row
    /// eight rows at a time (see inside); a group's pieces are then added in order, so the result
    /// does not depend on the thread count.
    static func columnSums(
        _ data: Tensor, groups: Int, group: (Int) -> Int,
        visit: (@Sendable (_ row: Int, _ values: UnsafePointer<Float>) -> Void)? = nil
    ) -> [Double] {
        let n = data.shape[0], features = data.shape[1]
        var members = [[Int]](repeating: [], count: groups)
        for row in 0..<n { members[group(row)].append(row) }
        let pieceRows = 256
        let pieces = members.enumerated().flatMap { g, rows in
            stride(from: 0, to: rows.count, by: pieceRows).map { (group: g, rows: rows[$0..<min($0 + pieceRows, rows.count)]) }
        }
        var partials = [Double](repeating: 0, count: pieces.count * features)
        data.withUnsafeBufferPointer { x in
            partials.withUnsafeMutableBufferPointer { partials in
                let shared = UncheckedSendable((x, partials))
                Compute.forEach(pieces.count) { index in
                    let (x, partials) = shared.value
                    let sum = partials.baseAddress! + index * features
                    // Runs of 8 rows are added in Float32 by OpenBLAS's axpy (its AVX kernel), each run's
                    // total then to the Double sums: a run's rounding stays below 7·2⁻²⁴·Σ|x_f| of its
                    // rows, the size of the Float32 rounding of a mean.
                    var run = [Float](repeating: 0, count: features)
                    run.withUnsafeMutableBufferPointer { run in
                        let rows = pieces[index].rows
                        for (position, row) in rows.enumerated() {
                            let point = x.baseAddress! + row * features
                            visit?(row, point)
                            BLAS.saxpy(count: features, alpha: 1, point, run.baseAddress!)
                            if position % 8 == 7 || position == rows.count - 1 {
                                for f in 0..<features { sum[f] += Double(run[f]) }
                                run.update(repeating: 0)
                            }
                        }
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: groups * features)
        for (index, piece) in pieces.enumerated() {
            for f in 0..<features { sums[piece.group * features + f] += partials[index * features + f] }
        }
        return sums
    }

    /// `Σ a[i]·b[i]` over `count` floats, by OpenBLAS's kernel for this CPU (AVX2 or AVX-512 where
    /// present, which the engine's portable Swift does not get): these dot products bound the
    /// assignment passes.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        BLAS.sdot(count: count, a, b)
    }
}

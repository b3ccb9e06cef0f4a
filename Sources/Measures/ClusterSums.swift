import Tensors

/// The per-cluster sums (in `Double`) and counts of the rows under k-means' current labels, kept up
/// to date from the rows that change cluster, so that an iteration where few rows move costs few
/// row reads instead of a pass over all of them.
struct ClusterSums {
    let clusters: Int
    let features: Int
    /// `[clusters · features]`.
    private var sums: [Double]
    private var counts: [Int]
    /// True when the sums must be recomputed from the labels (first pass, after a relocation).
    private var stale = true

    /// Sums to be computed from the labels of the first pass.
    init(clusters: Int, features: Int) {
        self.clusters = clusters
        self.features = features
        sums = [Double](repeating: 0, count: clusters * features)
        counts = [Int](repeating: 0, count: clusters)
    }

    /// Sums already known: `sums` is `[counts.count · features]`, cluster by cluster.
    init(sums: [Double], counts: [Int], features: Int) {
        precondition(sums.count == counts.count * features)
        clusters = counts.count
        self.features = features
        self.sums = sums
        self.counts = counts
        stale = false
    }

    /// The sum of every row, per feature.
    var total: [Double] {
        (0..<features).map { f in (0..<clusters).reduce(0.0) { $0 + sums[$1 * features + f] } }
    }

    /// Brings the sums up to date with `labels` after an assignment pass that made `moves`: from the
    /// moved rows alone, or from scratch when they are stale or a quarter of the rows moved.
    mutating func follow(_ moves: [NearestCentreBounds.Move], of points: KMeans.Points, labels: [Int]) {
        if stale || moves.count * 4 > points.count {
            sums = KMeans.columnSums(points.data, groups: clusters, group: { labels[$0] })
            counts = [Int](repeating: 0, count: clusters)
            for label in labels { counts[label] += 1 }
            stale = false
            return
        }
        guard !moves.isEmpty else { return }
        for move in moves {
            counts[move.from] -= 1
            counts[move.to] += 1
        }
        // Per cluster the moved rows' difference, rows in minus rows out, in Float32 by OpenBLAS's
        // axpy (the sums' double-precision updates of each moved row took twice as long), then added
        // to the Double sum. Its rounding, at most m·2⁻²⁴·Σ|x_f| for m moves of that cluster, is in
        // rows whose sum it changes: far below the Float32 rounding of the means for the few moves
        // left once a quarter of the rows no longer move per pass. Clusters go to the threads.
        let touched = (0..<clusters).filter { cluster in moves.contains { $0.from == cluster || $0.to == cluster } }
        let features = features
        points.data.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { sums in
                let shared = UncheckedSendable((x, sums))
                Compute.forEach(touched.count) { index in
                    let (x, sums) = shared.value
                    let cluster = touched[index]
                    var difference = [Float](repeating: 0, count: features)
                    difference.withUnsafeMutableBufferPointer { difference in
                        for move in moves where move.from == cluster || move.to == cluster {
                            BLAS.saxpy(
                                count: features, alpha: move.to == cluster ? 1 : -1,
                                x.baseAddress! + move.row * features, difference.baseAddress!)
                        }
                        let sum = sums.baseAddress! + cluster * features
                        for f in 0..<features { sum[f] += Double(difference[f]) }
                    }
                }
            }
        }
    }

    /// The clusters with no rows, or `nil` when every cluster has some.
    var emptyClusters: [Int]? {
        let empty = (0..<clusters).filter { counts[$0] == 0 }
        return empty.isEmpty ? nil : empty
    }

    /// scikit-learn's rescue of empty clusters: each takes, as its only member, one of the rows
    /// farthest from their own centre in `centres` (the farthest first), which leaves its old
    /// cluster. Labels are not changed, so the sums are recomputed from them on the next pass.
    mutating func relocate(_ empty: [Int], toFarthestOf points: KMeans.Points, labels: [Int], centres: Tensor) {
        let centreNorms = KMeans.Points.rowSquaredNorms(centres)
        let distances = centres.withUnsafeBufferPointer { c in
            labels.indices.map { row in
                points.squaredDistance(row, to: c.baseAddress! + labels[row] * features, centreNorm: centreNorms[labels[row]])
            }
        }
        let farthest = distances.indices.sorted { distances[$0] > distances[$1] }.prefix(empty.count)
        for (cluster, row) in zip(empty, farthest) {
            let old = labels[row]
            for f in 0..<features {
                let value = Double(points.data[flat: row * features + f])
                sums[old * features + f] -= value
                sums[cluster * features + f] = value
            }
            counts[cluster] = 1
            counts[old] -= 1
        }
        stale = true
    }

    /// The cluster means as `[clusters, features]`, with how far each moved from its centre in
    /// `previous` (‖new − old‖, in `Double`); a cluster without rows keeps its previous centre.
    func means(movingFrom previous: Tensor) -> (centres: Tensor, shifts: [Double]) {
        var shifts = [Double](repeating: 0, count: clusters)
        let centres = previous.withUnsafeBufferPointer { previous in
            shifts.withUnsafeMutableBufferPointer { shifts in
                let out = UncheckedSendable(shifts)
                return means { cluster, mean in
                    let old = previous.baseAddress! + cluster * features
                    guard counts[cluster] > 0 else {
                        mean.update(from: old, count: features)
                        return
                    }
                    // Four lanes, so that the additions need not wait for each other.
                    var lanes = SIMD4<Double>(), f = 0
                    while f + 4 <= features {
                        let d = SIMD4<Double>(
                            Double(mean[f]) - Double(old[f]), Double(mean[f + 1]) - Double(old[f + 1]),
                            Double(mean[f + 2]) - Double(old[f + 2]), Double(mean[f + 3]) - Double(old[f + 3]))
                        lanes += d * d
                        f += 4
                    }
                    var squared = lanes.sum()
                    for f in f..<features { squared += (Double(mean[f]) - Double(old[f])) * (Double(mean[f]) - Double(old[f])) }
                    out.value[cluster] = squared.squareRoot()
                }
            }
        }
        return (centres, shifts)
    }

    /// The cluster means as `[clusters, features]`, the mean of all rows for clusters without rows:
    /// the class centroids PreIndex starts from, when the clusters are the classes.
    func centroids() -> Tensor {
        let rows = Double(counts.reduce(0, +))
        let overall = total.map { Float($0 / rows) }
        return means { cluster, mean in
            if counts[cluster] == 0 { mean.update(from: overall, count: features) }
        }
    }

    /// The cluster means as `[clusters, features]` (0 for clusters without rows), clusters spread over
    /// the threads; `finish(cluster, mean)` then sees (and may change) each cluster's row.
    private func means(finishing finish: (Int, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        var scalars = [Float](repeating: 0, count: clusters * features)
        let features = features
        sums.withUnsafeBufferPointer { sums in
            scalars.withUnsafeMutableBufferPointer { scalars in
                let shared = UncheckedSendable((sums, scalars))
                Compute.forEach(clusters) { cluster in
                    let (sums, scalars) = shared.value
                    let mean = scalars.baseAddress! + cluster * features, sum = sums.baseAddress! + cluster * features
                    if counts[cluster] > 0 {
                        let scale = 1 / Double(counts[cluster])
                        for f in 0..<features { mean[f] = Float(sum[f] * scale) }
                    }
                    finish(cluster, mean)
                }
            }
        }
        return Tensor(shape: [clusters, features], scalars: scalars)
    }
}

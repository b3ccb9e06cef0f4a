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
        // Each thread adds every move into its own band of features: no two write the same sum.
        let bands = min(features, 16), features = features
        points.data.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { sums in
                let shared = UncheckedSendable((x, sums))
                Compute.forEach(bands) { band in
                    let (x, sums) = shared.value
                    let low = band * features / bands, high = (band + 1) * features / bands
                    for move in moves {
                        let row = x.baseAddress! + move.row * features
                        let from = sums.baseAddress! + move.from * features, to = sums.baseAddress! + move.to * features
                        for f in low..<high {
                            let value = Double(row[f])
                            from[f] -= value
                            to[f] += value
                        }
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

    /// The cluster means as `[clusters, features]`; a cluster without rows keeps its centre from `previous`.
    func means(orKeeping previous: Tensor) -> Tensor {
        previous.withUnsafeBufferPointer { previous in means { cluster, f in previous[cluster * features + f] } }
    }

    /// The cluster means as `[clusters, features]`, with `empty(cluster, feature)` for clusters without rows.
    func means(empty: (Int, Int) -> Float) -> Tensor {
        var scalars = [Float](repeating: 0, count: clusters * features)
        for cluster in 0..<clusters {
            let count = Double(counts[cluster])
            for f in 0..<features {
                scalars[cluster * features + f] = count > 0 ? Float(sums[cluster * features + f] / count) : empty(cluster, f)
            }
        }
        return Tensor(shape: [clusters, features], scalars: scalars)
    }
}

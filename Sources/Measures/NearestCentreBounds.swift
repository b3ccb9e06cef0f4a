import Tensors

/// Each row's label with Elkan's bounds: an upper bound on the distance to its own centre and, per
/// centre, a lower bound on the distance to it, so that an assignment pass computes only the
/// distances the bounds cannot rule out.
///
/// After a pass the bounds are exact distances; when the centres move by `δ`, a row's upper bound
/// grows by its centre's `δ` and each lower bound shrinks by that centre's. A centre `j` cannot be
/// nearer than the row's own centre `a` when `max(lower_j, ‖c_a − c_j‖ − upper)` (triangle
/// inequality) exceeds the upper bound by more than Float32 rounding can blur: the squared gap must
/// exceed `1e-5 · (‖x‖² + max ‖c‖²)`, far above the error of the distances. Every other centre is
/// compared with the same arithmetic a full Lloyd pass uses, so the labels are the ones such a pass
/// gives; near-ties are decided by computed distances, the lower index winning exact ties.
struct NearestCentreBounds {
    /// A row that changed cluster in an assignment pass; `from` is -1 on the first pass.
    struct Move {
        let row: Int
        let from: Int
        let to: Int
    }

    private(set) var labels: [Int]
    private var upper: [Float]
    /// `[rows · k]` once the first pass has set them.
    private var lower: [Float] = []
    /// False until the first pass, and after ``invalidate()``: the next pass compares every row.
    private var valid = false

    init(rows: Int) {
        labels = [Int](repeating: -1, count: rows)
        upper = [Float](repeating: .infinity, count: rows)
    }

    /// Makes the next pass compare every row with every centre.
    mutating func invalidate() {
        valid = false
    }

    /// Sets each row's label to its nearest centre in `centres` (`[k, features]`; ties: the lower
    /// index) and returns the rows whose label changed, in row order.
    mutating func assign(_ points: KMeans.Points, to centres: Tensor) -> [Move] {
        let n = points.count, k = centres.shape[0]
        if lower.count != n * k { lower = [Float](repeating: 0, count: n * k) }
        let geometry = CentreGeometry(centres)
        let chunks = min(n, 16)
        var movesByChunk = [[Move]](repeating: [], count: chunks)
        let full = !valid
        points.data.withUnsafeBufferPointer { x in
            centres.withUnsafeBufferPointer { c in
                labels.withUnsafeMutableBufferPointer { labels in
                    upper.withUnsafeMutableBufferPointer { upper in
                        lower.withUnsafeMutableBufferPointer { lower in
                            movesByChunk.withUnsafeMutableBufferPointer { movesByChunk in
                                let shared = UncheckedSendable((x, c, labels, upper, lower, movesByChunk))
                                Compute.forEach(chunks) { chunk in
                                    let (x, c, labels, upper, lower, movesByChunk) = shared.value
                                    let rows = (chunk * n / chunks)..<((chunk + 1) * n / chunks)
                                    var pass = Pass(points: points, x: x, c: c, geometry: geometry, labels: labels, upper: upper, lower: lower)
                                    let moves = full ? pass.compareAll(rows) : pass.compareUnproven(rows)
                                    movesByChunk[chunk] = moves
                                }
                            }
                        }
                    }
                }
            }
        }
        valid = true
        return movesByChunk.flatMap { $0 }
    }

    /// Moves the bounds by how far each centre moved: a row's own centre may now be `shift` farther,
    /// every other `j` up to `shift_j` nearer.
    mutating func centresMoved(by shifts: [Double]) {
        guard valid else { return }
        let k = shifts.count
        let grown = shifts.map { Float($0).nextUp }
        for row in labels.indices {
            upper[row] += grown[labels[row]]
            for j in 0..<k { lower[row * k + j] = max(0, lower[row * k + j] - grown[j]) }
        }
    }

    /// The distances between centres and each one's half distance to its nearest other.
    private struct CentreGeometry: @unchecked Sendable {
        let k: Int
        /// `‖c_j‖²`.
        let norms: [Float]
        let largestNorm: Float
        /// `[k · k]`, rounded down.
        let distances: [Float]
        /// Half of each centre's distance to its nearest other, rounded down (infinite with one centre).
        let halfGaps: [Float]

        init(_ centres: Tensor) {
            let k = centres.shape[0], features = centres.shape[1]
            var distances = [Float](repeating: 0, count: k * k)
            centres.withUnsafeBufferPointer { c in
                for i in 0..<k {
                    for j in (i + 1)..<k {
                        var sum = 0.0
                        for f in 0..<features {
                            let d = Double(c[i * features + f]) - Double(c[j * features + f])
                            sum += d * d
                        }
                        let distance = Float(sum.squareRoot()).nextDown
                        distances[i * k + j] = distance
                        distances[j * k + i] = distance
                    }
                }
            }
            self.k = k
            norms = KMeans.Points.rowSquaredNorms(centres)
            largestNorm = norms.max() ?? 0
            halfGaps = (0..<k).map { i in
                ((0..<k).filter { $0 != i }.map { distances[i * k + $0] }.min() ?? .infinity) / 2
            }
            self.distances = distances
        }
    }

    /// One chunk's share of an assignment pass.
    private struct Pass {
        let points: KMeans.Points
        let x: UnsafeBufferPointer<Float>
        let c: UnsafeBufferPointer<Float>
        let geometry: CentreGeometry
        let labels: UnsafeMutableBufferPointer<Int>
        let upper: UnsafeMutableBufferPointer<Float>
        let lower: UnsafeMutableBufferPointer<Float>
        var moves: [Move] = []

        var k: Int { geometry.k }
        var features: Int { points.features }

        /// Every row against every centre: one GEMM for the chunk, all bounds exact.
        mutating func compareAll(_ rows: Range<Int>) -> [Move] {
            var dots = [Float](repeating: 0, count: rows.count * k)
            dots.withUnsafeMutableBufferPointer { dots in
                BLAS.sgemm(
                    transposeB: .transposed, m: rows.count, n: k, k: features, a: x.baseAddress! + rows.lowerBound * features,
                    lda: features, b: c.baseAddress!, ldb: features, c: dots.baseAddress!, ldc: k)
            }
            for (i, row) in rows.enumerated() {
                var best = Float.infinity, nearest = 0
                for j in 0..<k {
                    let distance = geometry.norms[j] - 2 * dots[i * k + j]
                    lower[row * k + j] = max(0, distance + points.rowNorms[row]).squareRoot()
                    if distance < best { best = distance; nearest = j }
                }
                upper[row] = lower[row * k + nearest]
                relabel(row, nearest)
            }
            return moves
        }

        /// Only the distances the bounds cannot rule out (Elkan's tests).
        mutating func compareUnproven(_ rows: Range<Int>) -> [Move] {
            for row in rows {
                let slack = 1e-5 * (points.rowNorms[row] + geometry.largestNorm)
                func ruledOut(_ bound: Float, _ u: Float) -> Bool { bound > u && bound * bound - u * u > slack }
                var nearest = labels[row], u = upper[row], exact = false
                if ruledOut(2 * geometry.halfGaps[nearest] - u, u) { continue }
                for j in 0..<k where j != nearest {
                    func bound() -> Float { max(lower[row * k + j], geometry.distances[nearest * k + j] - u) }
                    if ruledOut(bound(), u) { continue }
                    if !exact {
                        u = distance(row, nearest)
                        exact = true
                        if ruledOut(bound(), u) { continue }
                    }
                    let d = distance(row, j)
                    if d < u || (d == u && j < nearest) {
                        nearest = j
                        u = d
                    }
                }
                upper[row] = u
                relabel(row, nearest)
            }
            return moves
        }

        /// The distance from `row` to centre `j` by the GEMM pass's formula; it also tightens that lower bound.
        private func distance(_ row: Int, _ j: Int) -> Float {
            let dot = KMeans.dot(x.baseAddress! + row * features, c.baseAddress! + j * features, features)
            let d = max(0, points.rowNorms[row] - 2 * dot + geometry.norms[j]).squareRoot()
            lower[row * k + j] = d
            return d
        }

        private mutating func relabel(_ row: Int, _ nearest: Int) {
            guard labels[row] != nearest else { return }
            moves.append(Move(row: row, from: labels[row], to: nearest))
            labels[row] = nearest
        }
    }
}

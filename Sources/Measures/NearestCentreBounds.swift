import Tensors

/// The labels of one or more k-means runs over the same rows, with Elkan's bounds: per run and
/// row, an upper bound on the distance to the row's centre and, per centre, a lower bound on the
/// distance to it, so that an assignment pass computes only the distances the bounds cannot rule
/// out, and reads each row once for all the runs it serves.
///
/// After a pass the bounds are exact distances; when the centres move by `δ`, a row's upper bound
/// grows by its centre's `δ` and each lower bound shrinks by that centre's. A centre `j` cannot be
/// nearer than the row's own centre `a` when `max(lower_j, ‖c_a − c_j‖ − upper)` (triangle
/// inequality) exceeds the upper bound by more than Float32 rounding can blur: the squared gap must
/// exceed `1e-5 · (‖x‖² + max ‖c‖²)`, far above the error of the distances. Every other centre is
/// compared with the same arithmetic a full Lloyd pass uses, so the labels are the ones such a pass
/// gives; near-ties are decided by computed distances, the lower index winning exact ties. Where the
/// rows have a binary16 copy (``KMeans/HalfRows``), bounds from the copy come first: they hold for
/// the exact distances, and only what they leave open reads the Float32 row.
struct NearestCentreBounds {
    /// A row that changed cluster in an assignment pass; `from` is -1 on a first pass without starting labels.
    struct Move {
        let row: Int
        let from: Int
        let to: Int
    }

    let rows: Int
    let runs: Int
    /// `[runs · rows]`.
    private var labels: [Int]
    /// `[runs · rows]`.
    private var upper: [Float]
    /// `[runs · rows · k]` once the first pass has set them.
    private var lower: [Float] = []
    /// Per run: false until its first pass, and after ``invalidate(run:)``: its next pass compares every row.
    private var valid: [Bool]

    /// Bounds for `runs` runs over `rows` rows, each starting from `labels` when given (the first
    /// pass reports moves from them; from -1 otherwise).
    init(rows: Int, runs: Int = 1, labels: [Int]? = nil) {
        precondition(labels == nil || labels!.count == rows)
        self.rows = rows
        self.runs = runs
        self.labels = labels.map { Array([[Int]](repeating: $0, count: runs).joined()) } ?? [Int](repeating: -1, count: runs * rows)
        upper = [Float](repeating: .infinity, count: runs * rows)
        valid = [Bool](repeating: false, count: runs)
    }

    /// Run `run`'s label of every row.
    func labels(ofRun run: Int) -> [Int] {
        Array(labels[(run * rows)..<((run + 1) * rows)])
    }

    /// Makes run `run`'s next pass compare every row with every centre.
    mutating func invalidate(run: Int) {
        valid[run] = false
    }

    /// For each run given centres (`[k, features]`; `nil`: the run is left alone), sets each row's
    /// label to its nearest centre (ties: the lower index) and returns, per run, the rows whose label
    /// changed, in row order.
    mutating func assign(_ points: KMeans.Points, to centres: [Tensor?]) -> [[Move]] {
        precondition(centres.count == runs)
        guard let k = centres.lazy.compactMap({ $0 }).first?.shape[0] else { return Array(repeating: [], count: runs) }
        if lower.count != runs * rows * k { lower = [Float](repeating: 0, count: runs * rows * k) }
        let active = centres.indices.filter { centres[$0] != nil }
        var geometries = [CentreGeometry?](repeating: nil, count: runs)
        geometries.withUnsafeMutableBufferPointer { geometries in
            let out = UncheckedSendable(geometries)
            Compute.forEach(active.count) { index in out.value[active[index]] = CentreGeometry(centres[active[index]]!) }
        }
        let full = valid.map(!)
        // Runs that compare every row share one GEMM against all their centres: the rows, which
        // the GEMM copies into its panels, are copied once.
        let fullRuns = active.filter { full[$0] }
        let fullCentres: Tensor? =
            switch fullRuns.count {
            case 0: nil
            case 1: centres[fullRuns[0]]!
            default: Tensor(shape: [fullRuns.count * k, points.features], scalars: fullRuns.flatMap { centres[$0]!.scalars })
            }
        let chunks = min(rows, 16)
        var movesByChunk = [[[Move]]](repeating: Array(repeating: [], count: runs), count: chunks)
        let rows = rows
        labels.withUnsafeMutableBufferPointer { labels in
            upper.withUnsafeMutableBufferPointer { upper in
                lower.withUnsafeMutableBufferPointer { lower in
                    movesByChunk.withUnsafeMutableBufferPointer { movesByChunk in
                        let shared = UncheckedSendable((labels, upper, lower, movesByChunk))
                        Compute.forEach(chunks) { chunk in
                            let (labels, upper, lower, movesByChunk) = shared.value
                            let chunkRows = (chunk * rows / chunks)..<((chunk + 1) * rows / chunks)
                            var passes = active.map { run in
                                Pass(
                                    points: points, centres: centres[run]!, geometry: geometries[run]!,
                                    labels: UnsafeMutableBufferPointer(rebasing: labels[(run * rows)..<((run + 1) * rows)]),
                                    upper: UnsafeMutableBufferPointer(rebasing: upper[(run * rows)..<((run + 1) * rows)]),
                                    lower: UnsafeMutableBufferPointer(rebasing: lower[(run * rows * k)..<((run + 1) * rows * k)]),
                                    halfRows: points.halfRows.flatMap { rows in geometries[run]!.halfCentres.map { (rows.view, $0.view) } })
                            }
                            if let fullCentres {
                                let dots = Pass.dots(of: points, rows: chunkRows, with: fullCentres)
                                for (position, index) in passes.indices.filter({ full[active[$0]] }).enumerated() {
                                    passes[index].compareAll(chunkRows, dots: dots, stride: fullCentres.shape[0], first: position * k)
                                }
                            }
                            let bounded = passes.indices.filter { !full[active[$0]] }
                            if !bounded.isEmpty {
                                for row in chunkRows {
                                    for index in bounded { passes[index].compareUnproven(row) }
                                }
                            }
                            for (index, run) in active.enumerated() { movesByChunk[chunk][run] = passes[index].moves }
                        }
                    }
                }
            }
        }
        for run in active { valid[run] = true }
        return (0..<runs).map { run in movesByChunk.flatMap { $0[run] } }
    }

    /// Moves run `run`'s bounds by how far each of its centres moved: a row's own centre may now be
    /// `shift` farther, every other `j` up to `shift_j` nearer.
    mutating func centresMoved(run: Int, by shifts: [Double]) {
        guard valid[run] else { return }
        let k = shifts.count
        let grown = shifts.map { Float($0).nextUp }
        let rows = rows
        labels.withUnsafeBufferPointer { labels in
            upper.withUnsafeMutableBufferPointer { upper in
                lower.withUnsafeMutableBufferPointer { lower in
                    for index in (run * rows)..<((run + 1) * rows) {
                        upper[index] += grown[labels[index]]
                        let bounds = lower.baseAddress! + index * k
                        for j in 0..<k { bounds[j] = max(0, bounds[j] - grown[j]) }
                    }
                }
            }
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
        /// The centres in binary16, for the rows' binary16 bounds (`nil` without fast kernels).
        let halfCentres: KMeans.HalfRows?

        init(_ centres: Tensor) {
            let k = centres.shape[0], features = centres.shape[1]
            var distances = [Float](repeating: 0, count: k * k)
            let margin = Float(features / 16 + 20) * .ulpOfOne
            centres.withUnsafeBufferPointer { c in
                for i in 0..<k {
                    for j in (i + 1)..<k {
                        // In 16 Float lanes of features/16 terms each, every term is positive and within
                        // 3 roundings, so the sum's relative error stays below (features/16 + 20)·2⁻²⁴;
                        // shrinking by twice that keeps the distance a lower bound.
                        let squared = Self.squaredDistance(c.baseAddress! + i * features, c.baseAddress! + j * features, features)
                        let distance = max(0, squared * (1 - margin)).squareRoot().nextDown
                        distances[i * k + j] = distance
                        distances[j * k + i] = distance
                    }
                }
            }
            self.k = k
            halfCentres = centres.withUnsafeBufferPointer { c in
                KMeans.HalfRows.copying(rows: k, features: features) { store in
                    for j in 0..<k { store?(j, c.baseAddress! + j * features) }
                }
            }
            norms = KMeans.Points.rowSquaredNorms(centres)
            largestNorm = norms.max() ?? 0
            halfGaps = (0..<k).map { i in
                ((0..<k).filter { $0 != i }.map { distances[i * k + $0] }.min() ?? .infinity) / 2
            }
            self.distances = distances
        }

        /// `‖a − b‖²` over `count` floats in 16 Float lanes.
        private static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
            var lanes = SIMD16<Float>()
            var i = 0
            while i + 16 <= count {
                let d = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Float>.self)
                    - UnsafeRawPointer(b + i).loadUnaligned(as: SIMD16<Float>.self)
                lanes += d * d
                i += 16
            }
            var sum = lanes.sum()
            while i < count {
                sum += (a[i] - b[i]) * (a[i] - b[i])
                i += 1
            }
            return sum
        }
    }

    /// One run's share of an assignment pass over one chunk of rows.
    private struct Pass {
        let points: KMeans.Points
        let centres: Tensor
        let geometry: CentreGeometry
        let labels: UnsafeMutableBufferPointer<Int>
        let upper: UnsafeMutableBufferPointer<Float>
        let lower: UnsafeMutableBufferPointer<Float>
        var moves: [Move] = []
        /// The rows' binary16 copy, borrowed from `points`, and the centres', from `geometry`.
        let halfRows: (rows: KMeans.HalfRows.View, centres: KMeans.HalfRows.View)?

        var k: Int { geometry.k }
        var features: Int { points.features }

        /// `x·c` for every row in `rows` and every row `c` of `centres` (`[rows.count · centres]`): one GEMM.
        static func dots(of points: KMeans.Points, rows: Range<Int>, with centres: Tensor) -> [Float] {
            let (k, features) = (centres.shape[0], points.features)
            var dots = [Float](repeating: 0, count: rows.count * k)
            points.data.withUnsafeBufferPointer { x in
                centres.withUnsafeBufferPointer { c in
                    dots.withUnsafeMutableBufferPointer { dots in
                        BLAS.sgemm(
                            transposeB: .transposed, m: rows.count, n: k, k: features,
                            a: x.baseAddress! + rows.lowerBound * features, lda: features, b: c.baseAddress!, ldb: features,
                            c: dots.baseAddress!, ldc: k)
                    }
                }
            }
            return dots
        }

        /// Every row against every centre, from ``dots(of:rows:with:)`` whose columns `first..<first + k`
        /// (of `stride`) are this run's centres: all bounds exact.
        mutating func compareAll(_ rows: Range<Int>, dots: [Float], stride: Int, first: Int) {
            for (i, row) in rows.enumerated() {
                var best = Float.infinity, nearest = 0
                for j in 0..<k {
                    let distance = geometry.norms[j] - 2 * dots[i * stride + first + j]
                    lower[row * k + j] = max(0, distance + points.rowNorms[row]).squareRoot()
                    if distance < best { best = distance; nearest = j }
                }
                upper[row] = lower[row * k + nearest]
                relabel(row, nearest)
            }
        }

        /// Only the distances of `row` the bounds cannot rule out (Elkan's tests). Before the Float32
        /// row is read, the binary16 copy (``KMeans/HalfRows``), where there is one, tightens the
        /// bounds: the own centre's upper bound once, then each centre's lower bound in turn.
        mutating func compareUnproven(_ row: Int) {
            let slack = 1e-5 * (points.rowNorms[row] + geometry.largestNorm)
            func ruledOut(_ bound: Float, _ u: Float) -> Bool { bound > u && bound * bound - u * u > slack }
            var nearest = labels[row], u = upper[row], exact = false
            if ruledOut(2 * geometry.halfGaps[nearest] - u, u) { return }
            let half = halfRows.flatMap { $0.rows.bounds(row) ? $0 : nil }
            var screened = half == nil
            for j in 0..<k where j != nearest {
                func bound() -> Float { max(lower[row * k + j], geometry.distances[nearest * k + j] - u) }
                if ruledOut(bound(), u) { continue }
                if !exact, let half {
                    if !screened {
                        u = min(u, halfBound(half, row, nearest, upper: true))
                        screened = true
                        if ruledOut(bound(), u) { continue }
                    }
                    lower[row * k + j] = max(lower[row * k + j], halfBound(half, row, j, upper: false))
                    if ruledOut(bound(), u) { continue }
                }
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

        /// An upper or a lower bound on the distance from `row` to centre `j`, from the binary16 copies.
        private func halfBound(
            _ half: (rows: KMeans.HalfRows.View, centres: KMeans.HalfRows.View), _ row: Int, _ j: Int, upper: Bool
        ) -> Float {
            guard half.centres.bounds(j) else { return upper ? .infinity : 0 }
            return half.rows.distanceBound(row, to: j, of: half.centres, upper: upper)
        }

        /// The distance from `row` to centre `j` by the GEMM pass's formula; it also tightens that lower bound.
        private func distance(_ row: Int, _ j: Int) -> Float {
            let d = centres.withUnsafeBufferPointer { c in
                points.squaredDistance(row, to: c.baseAddress! + j * features, centreNorm: geometry.norms[j])
            }.squareRoot()
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

import Tensors

extension KMeans {
    /// The rows to cluster with what every run on them needs once: their squared norms, the mean
    /// feature variance the tolerance scales and, when the rows' classes are given, the per-class
    /// sums. All come from one parallel pass over the rows; prepare once to cluster the same rows
    /// from several starts.
    public struct Points: Sendable {
        /// `[n, features]`.
        public let data: Tensor
        let rowNorms: [Float]
        let meanVariance: Double
        /// The rows in binary16, for bounds that read half the bytes; `nil` without fast kernels.
        let halfRows: HalfRows?
        /// The rows' classes with the sums of each class's rows, when prepared with classes.
        let classes: (labels: [Int], sums: ClusterSums)?

        /// Prepares the rows of `data` (`[n, features]`, n > 0), with their classes (`labels[i]` in
        /// `0..<classCount`) when given: runs with `classCount` centres then start from those classes'
        /// sums, so a first pass updates them by the rows that leave their class instead of summing
        /// every row again, and ``classCentroids`` needs no pass of its own.
        public init(_ data: Tensor, classes labels: [Int]? = nil, classCount: Int = 0) {
            precondition(data.shape.rank == 2 && data.shape[0] > 0)
            precondition(labels.map { $0.count == data.shape[0] && $0.allSatisfy { (0..<classCount).contains($0) } } ?? true)
            self.data = data
            let pass = Self.prepare(data, labels: labels, groups: labels == nil ? 1 : classCount)
            rowNorms = pass.norms
            meanVariance = pass.meanVariance
            halfRows = pass.halfRows
            classes = labels.map { labels in
                var counts = [Int](repeating: 0, count: classCount)
                for label in labels { counts[label] += 1 }
                return (labels, ClusterSums(sums: pass.groupSums, counts: counts, features: data.shape[1]))
            }
        }

        var count: Int { data.shape[0] }
        var features: Int { data.shape[1] }

        /// The per-class means of the rows (class `c` → row `c`), the initial centres PreIndex uses;
        /// a class without rows gets the mean of all rows. `nil` when prepared without classes.
        public var classCentroids: Tensor? {
            classes?.sums.centroids()
        }

        /// `‖x − c‖²` of row `row` and the point `centre` (`features` floats, `‖c‖² = centreNorm`), by the
        /// expansion `‖x‖² − 2 x·c + ‖c‖²` that the GEMM passes use, clamped at 0.
        func squaredDistance(_ row: Int, to centre: UnsafePointer<Float>, centreNorm: Float) -> Float {
            let dot = data.withUnsafeBufferPointer { x in KMeans.dot(x.baseAddress! + row * features, centre, features) }
            return max(0, rowNorms[row] - 2 * dot + centreNorm)
        }

        /// `‖row‖²` of each row of a `[rows, features]` tensor.
        static func rowSquaredNorms(_ data: Tensor) -> [Float] {
            let features = data.shape[1]
            return data.withUnsafeBufferPointer { x in
                (0..<data.shape[0]).map { row in
                    KMeans.dot(x.baseAddress! + row * features, x.baseAddress! + row * features, features)
                }
            }
        }

        /// One pass over the rows (``KMeans/columnSums(_:groups:group:visit:)``): the binary16 copy
        /// (``HalfRows``) where this CPU has the kernels, each row's `‖x‖²` (as
        /// ``rowSquaredNorms(_:)``), per group the `Double` sum of each feature over its rows
        /// (`[groups · features]`; one group when there are no labels), and the mean over features of
        /// each feature's (population) variance, from the norms: `(1/F)(E‖x‖² − ‖E x‖²)`.
        private static func prepare(_ data: Tensor, labels: [Int]?, groups: Int)
            -> (norms: [Float], groupSums: [Double], meanVariance: Double, halfRows: HalfRows?)
        {
            let n = data.shape[0], features = data.shape[1]
            var norms = [Float](repeating: 0, count: n)
            var totals: [Double] = []
            let halfRows = HalfRows.copying(rows: n, features: features) { store in
                totals = norms.withUnsafeMutableBufferPointer { norms in
                    let out = UncheckedSendable(norms)
                    return KMeans.columnSums(data, groups: groups, group: { labels?[$0] ?? 0 }) { row, values in
                        out.value[row] = KMeans.dot(values, values, features)
                        store?(row, values)
                    }
                }
            }
            // Σ_f var_f = (1/n) Σ_i ‖x_i‖² − Σ_f mean_f², the norms summed in Double.
            let meanSquare = norms.reduce(0.0) { $0 + Double($1) } / Double(n)
            var squaredMeans = 0.0
            for f in 0..<features {
                var sum = 0.0
                for group in 0..<groups { sum += totals[group * features + f] }
                squaredMeans += (sum / Double(n)) * (sum / Double(n))
            }
            let variance = max(0, meanSquare - squaredMeans)
            return (norms, totals, variance / Double(features), halfRows)
        }
    }
}

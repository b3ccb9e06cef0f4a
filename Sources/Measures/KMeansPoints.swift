import Tensors

extension KMeans {
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
            rowNorms = Self.rowSquaredNorms(data)
            meanVariance = Self.meanVariance(data)
        }

        var count: Int { data.shape[0] }
        var features: Int { data.shape[1] }

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

        /// Mean over features of each feature's (population) variance, as scikit-learn's tolerance.
        /// Two passes in `Double`: the feature means, then the squared deviations.
        private static func meanVariance(_ data: Tensor) -> Double {
            let n = data.shape[0], features = data.shape[1]
            let means = KMeans.columnSums(data, groups: 1, group: { _ in 0 }).map { $0 / Double(n) }
            let squares = KMeans.columnSums(data, groups: 1, group: { _ in 0 }, centredOn: means)
            return squares.reduce(0, +) / Double(n) / Double(features)
        }
    }
}

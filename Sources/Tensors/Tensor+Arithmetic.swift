/// Elementwise and broadcasting arithmetic used by layers and optimisers.
///
/// Each loop is a plain ordered pass in `Float`; they are memory-bound and vectorised by the
/// compiler. Shapes are the caller's responsibility (a mismatch is a bug and traps).
extension Tensor {
    /// `self[i] += other[i]` for every element.
    public mutating func add(_ other: Tensor) {
        precondition(other.count == count, "adding \(other.shape) to \(shape)")
        withUnsafeMutableBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                for i in 0..<a.count { a[i] += b[i] }
            }
        }
    }

    /// `self[i] *= factor` for every element.
    public mutating func scale(by factor: Float) {
        withUnsafeMutableBufferPointer { a in
            for i in 0..<a.count { a[i] *= factor }
        }
    }

    /// `self[n, j] += row[j]` for a `[N, F]` tensor and an `[F]` row.
    public mutating func addRowVector(_ row: Tensor) {
        let width = row.count
        precondition(width > 0 && count % width == 0, "adding row \(row.shape) to \(shape)")
        withUnsafeMutableBufferPointer { a in
            row.withUnsafeBufferPointer { r in
                for start in stride(from: 0, to: a.count, by: width) {
                    for j in 0..<width { a[start + j] += r[j] }
                }
            }
        }
    }

    /// The sums of each column of an `[N, F]` tensor, shape `[F]`.
    public func columnSums() -> Tensor {
        let width = shape.elementsPerItem
        var sums = Tensor(zeros: [width])
        sums.withUnsafeMutableBufferPointer { s in
            withUnsafeBufferPointer { a in
                for start in stride(from: 0, to: a.count, by: width) {
                    for j in 0..<width { s[j] += a[start + j] }
                }
            }
        }
        return sums
    }

    /// Sets every element to zero, keeping the shape.
    public mutating func setZero() {
        withUnsafeMutableBufferPointer { a in a.update(repeating: 0) }
    }

    /// The sum of all elements, accumulated in `Double`.
    public func sum() -> Double {
        withUnsafeBufferPointer { a in a.reduce(0.0) { $0 + Double($1) } }
    }
}

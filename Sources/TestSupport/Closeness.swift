import Tensors

/// How far `actual` is from `expected`: the largest elementwise difference divided by the
/// largest magnitude of `expected` (a norm-wise relative error, robust to values near zero).
public func relativeError(_ actual: [Float], _ expected: [Float]) -> Double {
    precondition(actual.count == expected.count, "\(actual.count) values against \(expected.count)")
    var difference = 0.0, scale = 0.0
    for (a, e) in zip(actual, expected) {
        difference = max(difference, abs(Double(a) - Double(e)))
        scale = max(scale, abs(Double(e)))
    }
    return scale == 0 ? difference : difference / scale
}

/// The relative error of two tensors' elements; `.infinity` when their shapes differ.
public func relativeError(_ actual: Tensor, _ expected: Tensor) -> Double {
    actual.shape == expected.shape ? relativeError(actual.scalars, expected.scalars) : .infinity
}

/// A tensor of `shape` with seeded uniform values in `range`.
public func randomTensor(_ shape: Shape, in range: ClosedRange<Float> = -1...1, seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let width = range.upperBound - range.lowerBound
    return Tensor(
        shape: shape, scalars: (0..<shape.elementCount).map { _ in range.lowerBound + generator.nextUnit() * width })
}

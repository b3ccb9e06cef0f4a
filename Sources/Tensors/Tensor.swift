/// A dense, contiguous, row-major array of `Float` values with a ``Shape``.
///
/// Image batches are NCHW. `Tensor` is a value: copies share storage until one of them is
/// mutated (copy-on-write, like `Array`), so passing tensors around never copies data.
public struct Tensor: Sendable, Equatable {
    /// The tensor's dimensions.
    public private(set) var shape: Shape
    @usableFromInline var storage: [Float]

    /// A tensor of `shape` with every element equal to `value`.
    public init(zeros shape: Shape, value: Float = 0) {
        self.shape = shape
        self.storage = [Float](repeating: value, count: shape.elementCount)
    }

    /// A tensor of `shape` holding `scalars` in row-major order.
    ///
    /// - Precondition: `scalars.count == shape.elementCount`.
    public init(shape: Shape, scalars: [Float]) {
        precondition(scalars.count == shape.elementCount, "\(scalars.count) scalars for shape \(shape)")
        self.shape = shape
        self.storage = scalars
    }

    /// A tensor of `shape` whose elements are filled by `body` writing into uninitialised storage.
    public init(shape: Shape, unsafeUninitialized body: (inout UnsafeMutableBufferPointer<Float>) -> Void) {
        self.shape = shape
        self.storage = [Float](unsafeUninitializedCapacity: shape.elementCount) { buffer, count in
            body(&buffer)
            count = shape.elementCount
        }
    }

    /// The elements in row-major order.
    public var scalars: [Float] { storage }

    /// The number of elements.
    @inlinable public var count: Int { storage.count }

    /// The element at row-major position `index`.
    @inlinable public subscript(flat index: Int) -> Float {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// The same elements viewed with another shape of equal element count.
    public func reshaped(_ newShape: Shape) throws(TensorError) -> Tensor {
        guard newShape.elementCount == count else {
            throw TensorError(.invalidShape, "cannot view \(count) elements of shape \(shape) as \(newShape)")
        }
        var copy = self
        copy.shape = newShape
        return copy
    }

    /// The same elements viewed as `[dimension 0, everything else]`.
    public var flattenedItems: Tensor {
        var copy = self
        copy.shape = shape.rank == 0 ? [1, 1] : [shape[0], shape.elementsPerItem]
        return copy
    }

    /// Calls `body` with the elements' contiguous storage.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the elements' contiguous storage, made unique first.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// The index of the first non-finite element, or `nil` when every element is finite.
    public var firstNonFiniteIndex: Int? {
        storage.withUnsafeBufferPointer { buffer in
            // Sum first: a finite sum proves every term finite, cheaply and vectorised.
            var sum: Float = 0
            for value in buffer { sum += value * 0 }
            guard !sum.isFinite else { return nil }
            return buffer.firstIndex { !$0.isFinite }
        }
    }

    /// Throws ``TensorError/Code/nonFinite`` when any element is NaN or infinite.
    ///
    /// - Parameter what: names the data in the message, e.g. "input batch".
    public func checkFinite(_ what: String) throws(TensorError) {
        if let index = firstNonFiniteIndex {
            throw TensorError(.nonFinite, "\(what) holds \(storage[index]) at element \(index); values must be finite")
        }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let head = storage.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor\(shape)(\(head)\(count > 8 ? ", …" : ""))"
    }
}

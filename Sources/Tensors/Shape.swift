/// The dimensions of a ``Tensor``, outermost first (NCHW for image batches).
///
/// A shape with no dimensions describes a scalar and holds one element.
public struct Shape: Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The extent of each dimension, outermost first.
    public var dimensions: [Int]

    /// Creates a shape from its dimensions; each must be non-negative.
    public init(_ dimensions: [Int]) {
        precondition(dimensions.allSatisfy { $0 >= 0 }, "negative dimension in \(dimensions)")
        self.dimensions = dimensions
    }

    public init(arrayLiteral elements: Int...) {
        self.init(elements)
    }

    /// The number of dimensions.
    public var rank: Int { dimensions.count }

    /// The number of elements a tensor of this shape holds.
    public var elementCount: Int { dimensions.reduce(1, *) }

    /// The extent of dimension `index`.
    public subscript(index: Int) -> Int {
        get { dimensions[index] }
        set { dimensions[index] = newValue }
    }

    /// The elements per outermost index: `elementCount / dimensions[0]` (1 for scalars).
    public var elementsPerItem: Int { dimensions.dropFirst().reduce(1, *) }

    public var description: String {
        "[" + dimensions.map(String.init).joined(separator: ", ") + "]"
    }
}

/// An error raised by a tensor operation on data that came from outside the program.
///
/// Shapes and values that arrive from files, datasets or the network are checked by the
/// operations that consume them and reported with one of these; a shape mismatch between two
/// tensors the program built itself is a bug and traps instead.
public struct TensorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of a ``TensorError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case shapeMismatch, invalidShape, nonFinite
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Two shapes that must agree do not.
        public static let shapeMismatch = Code(.shapeMismatch)
        /// A shape is impossible for the operation (wrong rank, empty, too small for a kernel).
        public static let invalidShape = Code(.invalidShape)
        /// Data that must be finite holds NaN or infinity.
        public static let nonFinite = Code(.nonFinite)

        public var description: String { "\(value)" }
    }

    /// `expected` and `actual` shapes of `what` differ.
    public static func shapeMismatch(_ what: String, expected: Shape, actual: Shape) -> TensorError {
        TensorError(.shapeMismatch, "\(what) has shape \(actual), expected \(expected)")
    }
}

/// An error in measuring a model: bad options, data that does not fit, or an unreadable dump.
public struct MeasureError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of a ``MeasureError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The named embedding layer is not a Conv2d/Linear of the model.
        public static let unknownLayer = Code("unknownLayer")
        /// The model's class count differs from the data's, or no layer is wider than the classes.
        public static let mismatch = Code("mismatch")
        /// Nothing was measured (zero samples).
        public static let noSamples = Code("noSamples")
        /// A formula names no known component or does not parse.
        public static let invalidFormula = Code("invalidFormula")
        /// An activation dump is missing files or holds inconsistent shapes.
        public static let invalidDump = Code("invalidDump")

        public var description: String { value }
    }
}

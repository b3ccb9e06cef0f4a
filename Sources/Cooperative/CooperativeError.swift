/// An error of cooperative training, its package file or depth selection.
public struct CooperativeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of a ``CooperativeError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The architecture has no blocks to skip (mlp) or cannot be built.
        public static let unsupportedArchitecture = Code("unsupportedArchitecture")
        /// A configuration value is out of range (a depth, a weight, the temperature).
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// A batch does not fit the networks, or training diverged.
        public static let training = Code("training")
        /// The package file cannot be read or written, or is not a cooperative package.
        public static let invalidPackage = Code("invalidPackage")
        /// No member has the requested depth, or none fits the compute budget.
        public static let noSuchMember = Code("noSuchMember")

        public var description: String { value }
    }
}

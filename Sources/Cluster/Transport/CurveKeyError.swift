/// A CURVE key or key file that cannot be made, read, written or trusted.
public struct CurveKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// One sentence naming the file (and line) and what was expected.
    public var message: String

    /// An error of kind `code` explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message, for logs and users.
    public var description: String { message }

    /// The kind of a ``CurveKeyError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The linked libzmq was built without CURVE, so it cannot make or use keys.
        public static let unsupported = Code("unsupported")
        /// Text that should be a key is not 40 characters of Z85 for 32 bytes.
        public static let malformedKey = Code("malformedKey")
        /// A key file holds no key, or more than the one it should.
        public static let wrongKeyCount = Code("wrongKeyCount")
        /// A public key file does not belong to the secret key beside it.
        public static let mismatchedPair = Code("mismatchedPair")
        /// A file could not be opened or read.
        public static let cannotRead = Code("cannotRead")
        /// A file could not be created or written.
        public static let cannotWrite = Code("cannotWrite")
        /// A key file exists already and would be overwritten.
        public static let fileExists = Code("fileExists")

        /// The code's name, such as `malformedKey`.
        public var description: String { value }
    }
}

/// An error loading, checking or batching a dataset, with one sentence naming the file or spec.
///
/// Loaders check what they read before building a ``Dataset``: a file that is not a whole
/// number of records, a wrong IDX magic number, images and labels of different counts, a label
/// outside the class range, NaN in float images, an unknown dataset spec. Each is reported with
/// one of these rather than a trap.
public struct DatasetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// One sentence a user can act on: the file or spec, what is wrong, and what was expected.
    public var message: String

    /// An error of kind `code` explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of a ``DatasetError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case unreadable, invalidFormat, countMismatch, labelOutOfRange, nonFinite, invalidSpec, invalidParameter
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A file or directory is missing or cannot be read.
        public static let unreadable = Code(.unreadable)
        /// A file's contents do not match its format: bad magic, not a whole number of records,
        /// corrupt compression, unsupported element type or layout.
        public static let invalidFormat = Code(.invalidFormat)
        /// Images and labels hold different numbers of samples.
        public static let countMismatch = Code(.countMismatch)
        /// A label is negative or not below the class count.
        public static let labelOutOfRange = Code(.labelOutOfRange)
        /// Float image data holds NaN or infinity.
        public static let nonFinite = Code(.nonFinite)
        /// A dataset spec string cannot be parsed (unknown scheme, option or value).
        public static let invalidSpec = Code(.invalidSpec)
        /// A parameter given by the caller does not fit the data (batch size, channel count).
        public static let invalidParameter = Code(.invalidParameter)

        public var description: String { "\(value)" }
    }
}

/// An error raised while reading or writing a `.safetensors` file.
///
/// Every check on untrusted bytes reports one of these, never a trap: the ``code`` says what
/// kind of problem it is (for programs), the ``message`` says in one sentence which file and
/// tensor is wrong and what was expected (for people).
public struct SafeTensorsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A sentence a user can act on, naming the file and, where there is one, the tensor.
    public var message: String

    /// Creates an error of kind `code` explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of a ``SafeTensorsError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case truncated, headerTooLarge, invalidHeader, missingField, invalidField, unsupportedDType
            case invalidShape, invalidOffsets, sizeMismatch, incompleteCoverage, duplicateName
            case tensorNotFound, dtypeMismatch, valueOutOfRange, invalidName, fileSystem
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The bytes end before something they declare: the file is shorter than the 8-byte
        /// header length, or than the header length it states.
        public static let truncated = Code(.truncated)
        /// The stated header length exceeds the 100 MB limit every safetensors reader applies.
        public static let headerTooLarge = Code(.headerTooLarge)
        /// The header is not UTF-8, not JSON, or not a JSON object.
        public static let invalidHeader = Code(.invalidHeader)
        /// A tensor entry lacks `dtype`, `shape` or `data_offsets`.
        public static let missingField = Code(.missingField)
        /// A header field has the wrong JSON type (e.g. a shape that is not a list of integers).
        public static let invalidField = Code(.invalidField)
        /// A tensor's `dtype` is not one this reader knows.
        public static let unsupportedDType = Code(.unsupportedDType)
        /// A shape has a negative dimension or more elements than an `Int` can count.
        public static let invalidShape = Code(.invalidShape)
        /// A tensor's `data_offsets` are reversed, overlap another tensor's or run past the data.
        public static let invalidOffsets = Code(.invalidOffsets)
        /// A tensor's byte range does not hold exactly shape × dtype size bytes.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// Part of the data section belongs to no tensor (a gap or trailing bytes).
        public static let incompleteCoverage = Code(.incompleteCoverage)
        /// Two tensors have the same name.
        public static let duplicateName = Code(.duplicateName)
        /// The file holds no tensor of the requested name.
        public static let tensorNotFound = Code(.tensorNotFound)
        /// A tensor was requested as floating point but holds integers, or the other way round.
        public static let dtypeMismatch = Code(.dtypeMismatch)
        /// A stored value does not fit the requested type (a `U64` above `Int64.max`).
        public static let valueOutOfRange = Code(.valueOutOfRange)
        /// A name cannot be written: empty, or the reserved `__metadata__`.
        public static let invalidName = Code(.invalidName)
        /// The operating system refused to open, read, write or rename a file.
        public static let fileSystem = Code(.fileSystem)

        public var description: String { "\(value)" }
    }
}

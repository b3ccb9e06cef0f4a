/// An error reading or writing a NumPy `.npy` file, with a message that names the file.
///
/// Every failure of ``NumPyArray``'s parsing and file functions is one of these: the file cannot be
/// read, it is not an `.npy` file, its header is malformed, its data is shorter or longer than the
/// header promises, or it uses a feature this reader does not support (big-endian or structured
/// dtypes, Fortran order).
public struct NumPyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// One sentence a user can act on, naming the file and the problem.
    public var message: String

    /// An error of kind `code` explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of a ``NumPyError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case unreadable, invalidFormat, sizeMismatch, unsupported, wrongElementType
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The file could not be opened, read or written (missing, a directory, no permission).
        public static let unreadable = Code(.unreadable)
        /// The bytes are not an `.npy` file: bad magic, unknown version or a malformed header.
        public static let invalidFormat = Code(.invalidFormat)
        /// The data holds a different number of bytes than the header's shape and dtype promise.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// A valid `.npy` feature this reader does not handle (big-endian, structured dtype, Fortran order).
        public static let unsupported = Code(.unsupported)
        /// The array's element type cannot be converted as asked (floats where integers are needed).
        public static let wrongElementType = Code(.wrongElementType)

        public var description: String { "\(value)" }
    }
}

/// A file could not be hashed: it could not be opened or read.
public struct FileDigestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// The file.
    public var path: String
    /// One sentence naming the file and what the system said.
    public var message: String

    /// An error of kind `code` for the file at `path`; `reason` is the system's words (`strerror`).
    public init(_ code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        let verb = code == .cannotOpen ? "open" : "read"
        self.message = "cannot \(verb) '\(path)' to hash it: \(reason)"
    }

    public var description: String { message }

    /// The kind of a ``FileDigestError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The file does not exist, is not readable, or is a directory the system refuses to open.
        public static let cannotOpen = Code("cannotOpen")
        /// Reading failed part-way (an I/O error, or a directory).
        public static let cannotRead = Code("cannotRead")

        public var description: String { value }
    }
}

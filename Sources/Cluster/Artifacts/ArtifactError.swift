import Foundation

/// An artifact that cannot be sent, received or cached: bytes that contradict their digest or size, chunks that
/// contradict each other, or a file the system refuses to read or write.
///
/// Every public operation of ``ArtifactChunker``, ``ArtifactAssembler`` and ``ArtifactCache`` throws only this
/// type. Chunks come from the network, so any chunk either is accepted or throws one of these; none traps.
public struct ArtifactError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    /// An error of kind `code` explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message, for logs and users.
    public var description: String { message }

    /// The kind of an ``ArtifactError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case malformedDigest, wrongArtifact, chunkOutOfRange, inconsistentSize, conflictingBytes
            case digestMismatch, sizeMismatch, sourceChanged, cancelled, fileSystem
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A sha256 is not 64 lowercase hexadecimal digits.
        public static let malformedDigest = Code(.malformedDigest)
        /// A chunk or request names another artifact than the one being sent or assembled.
        public static let wrongArtifact = Code(.wrongArtifact)
        /// A chunk or request reaches past the artifact's size.
        public static let chunkOutOfRange = Code(.chunkOutOfRange)
        /// A chunk declares another total size than earlier chunks or the expected size.
        public static let inconsistentSize = Code(.inconsistentSize)
        /// A chunk overlaps bytes already received and differs from them.
        public static let conflictingBytes = Code(.conflictingBytes)
        /// The bytes hash to another sha256 than the one expected.
        public static let digestMismatch = Code(.digestMismatch)
        /// The assembled file does not have the size its chunks declared.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// A file being sent changed size while it was read.
        public static let sourceChanged = Code(.sourceChanged)
        /// The assembly was cancelled by its owner.
        public static let cancelled = Code(.cancelled)
        /// The system refused to create, open, read, write, rename or remove a file.
        public static let fileSystem = Code(.fileSystem)

        /// The code's name, such as `digestMismatch`.
        public var description: String { "\(value)" }
    }

    /// `text` is not a sha256; `what` says where it came from ("the chunk's sha256").
    static func malformedDigest(_ text: String, _ what: String) -> ArtifactError {
        let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
        return ArtifactError(
            .malformedDigest, "\(what) \"\(shown)\" is not a sha256; expected 64 lowercase hexadecimal digits")
    }

    /// A system call on `path` failed: `action` is what was attempted ("create", "read"), `errno` what it said.
    static func fileSystem(_ action: String, _ path: String, errno code: Int32) -> ArtifactError {
        ArtifactError(.fileSystem, "cannot \(action) '\(path)': \(String(cString: strerror(code)))")
    }
}

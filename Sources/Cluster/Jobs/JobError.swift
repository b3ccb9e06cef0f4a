/// A problem with a submitted job: malformed JSON, a value of the wrong type, or a value out of range.
///
/// Jobs are written by people, so every problem is one sentence that starts with the JSON path
/// of the value at fault (`shifts[1].levels[2]: blur level 30 is out of range 0…10`), says what
/// is wrong and what was expected. Only the first problem found is reported; the order is the
/// document's (`name`, `dataset`, `models`, `shifts`, `measure`, `calibration`, `region`).
public struct JobError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public var code: Code
    /// The JSON path of the value at fault (`models[0].arch`), or "" for the whole document.
    public var path: String
    /// One sentence a user can act on, starting with ``path`` when there is one.
    public var message: String

    /// An error of kind `code` at `path`; `detail` says what is wrong and is prefixed with the path.
    public init(_ code: Code, path: String, _ detail: String) {
        self.code = code
        self.path = path
        self.message = path.isEmpty ? detail : "\(path): \(detail)"
    }

    public var description: String { message }

    /// The kind of a ``JobError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The document is not JSON (the message gives the line and column).
        public static let malformedJSON = Code("malformedJSON")
        /// A required key is absent.
        public static let missingKey = Code("missingKey")
        /// An object has a key the job format does not know (often a typo).
        public static let unknownKey = Code("unknownKey")
        /// A value has the wrong JSON type (a string where a number belongs, a fraction where a whole number does).
        public static let wrongType = Code("wrongType")
        /// A value has the right type but is not allowed: out of range, unknown name, unparsable spec, duplicate.
        public static let invalidValue = Code("invalidValue")
        /// Expansion was given no SHA-256 digest, or a malformed one, for a model file.
        public static let missingDigest = Code("missingDigest")
        /// A value could not be written as canonical JSON (a number that is not finite).
        public static let unencodable = Code("unencodable")

        public var description: String { value }
    }
}

/// An envelope that cannot be encoded or decoded, or ZeroMQ frames that do not hold one.
///
/// Decoding bytes from the network never traps: whatever arrives either decodes or throws one of these.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
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

    /// The kind of a ``WireError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case undecodable, unsupportedVersion, missingBody, missingField, tooLarge, unencodable, malformedFrames
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The bytes are not a protobuf `Envelope` (truncated, corrupt, or invalid UTF-8 in a string).
        public static let undecodable = Code(.undecodable)
        /// The envelope's protocol version is not ``Wire/protocolVersion``.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The envelope, or a oneof inside it, holds no message this build knows.
        public static let missingBody = Code(.missingBody)
        /// A message lacks a sub-message it requires.
        public static let missingField = Code(.missingField)
        /// The message is larger than ``Wire/maximumMessageSize``.
        public static let tooLarge = Code(.tooLarge)
        /// A value cannot be represented on the wire (a string with a NUL character).
        public static let unencodable = Code(.unencodable)
        /// ZeroMQ frames are not `[route…][empty][payload]`.
        public static let malformedFrames = Code(.malformedFrames)

        /// The code's name, such as `tooLarge`.
        public var description: String { "\(value)" }
    }

    /// `size` bytes exceed ``Wire/maximumMessageSize``.
    static func tooLarge(_ what: String, size: Int) -> WireError {
        WireError(
            .tooLarge,
            "\(what) is \(size) bytes, more than the maximum message size of \(Wire.maximumMessageSize) bytes")
    }

    /// The required sub-message `field` of `message` is absent.
    static func missingField(_ field: String, in message: String) -> WireError {
        WireError(.missingField, "\(message) has no \(field), which it requires")
    }
}

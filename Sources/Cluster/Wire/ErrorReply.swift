extension Wire {
    /// The answer to a request that could not be served: the `preindex.v1.Error` message.
    ///
    /// Named `ErrorReply` in Swift so that it never shadows `Swift.Error`.
    public struct ErrorReply: Sendable, Equatable {
        /// What kind of failure this is.
        public var code: Code
        /// One sentence a user can act on.
        public var message: String

        /// Creates the value from its fields.
        public init(code: Code, message: String) {
            self.code = code
            self.message = message
        }

        /// The reply to a request whose frames or bytes could not be decoded.
        public init(_ error: WireError) {
            let code: Code =
                switch error.code {
                case .unsupportedVersion: .unsupportedVersion
                case .tooLarge: .tooLarge
                default: .malformed
                }
            self.init(code: code, message: error.message)
        }

        /// The kind of an ``ErrorReply``: `preindex.v1.ErrorCode`. Numbers a newer peer sends survive in ``rawValue``.
        public struct Code: RawRepresentable, Sendable, Hashable {
            public var rawValue: UInt32

            /// The value with raw value `rawValue`.
            public init(rawValue: UInt32) {
                self.rawValue = rawValue
            }

            /// No code given (`ERROR_CODE_UNSPECIFIED`).
            public static let unspecified = Code(rawValue: ErrorCodeNumber.unspecified)
            /// The request did not decode as an envelope (`ERROR_CODE_MALFORMED`).
            public static let malformed = Code(rawValue: ErrorCodeNumber.malformed)
            /// The request's protocol version is not spoken here (`ERROR_CODE_UNSUPPORTED_VERSION`).
            public static let unsupportedVersion = Code(rawValue: ErrorCodeNumber.unsupportedVersion)
            /// The request exceeds the maximum message size (`ERROR_CODE_TOO_LARGE`).
            public static let tooLarge = Code(rawValue: ErrorCodeNumber.tooLarge)
            /// The job, task or artifact named does not exist (`ERROR_CODE_NOT_FOUND`).
            public static let notFound = Code(rawValue: ErrorCodeNumber.notFound)
            /// The request is well formed but not acceptable (`ERROR_CODE_REJECTED`).
            public static let rejected = Code(rawValue: ErrorCodeNumber.rejected)
            /// The receiver failed while serving the request (`ERROR_CODE_INTERNAL`).
            public static let `internal` = Code(rawValue: ErrorCodeNumber.`internal`)
        }
    }
}

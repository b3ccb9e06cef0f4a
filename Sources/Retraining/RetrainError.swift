/// An error in retraining, calibrating or estimating: bad options or unusable data.
public struct RetrainError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of a ``RetrainError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// An option is out of range or malformed.
        public static let invalidOption = Code("invalidOption")
        /// Too few calibration points, or points that cannot be fitted.
        public static let calibration = Code("calibration")
        /// A calibration file is missing, unreadable or for another model.
        public static let invalidFile = Code("invalidFile")

        public var description: String { value }
    }
}

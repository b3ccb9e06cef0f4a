/// An error in building or reading a fleet value: input that cannot be ranked.
public struct FleetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    /// An error of kind `code` with a message a user can act on.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// The kind of a ``FleetError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// A member is unnamed, named twice, or has a measurement without a shift.
        public static let invalidMember = Code("invalidMember")
        /// A node's energy, task count or grid intensity is negative or not finite.
        public static let invalidNode = Code("invalidNode")
        /// Encoded ranking data is not a ranking.
        public static let invalidJSON = Code("invalidJSON")
        /// A plan policy is out of range: a budget of 0 or less, a bad target accuracy, epoch limit or cutoff.
        public static let invalidPolicy = Code("invalidPolicy")
        /// An explicit plan selection names no row of the ranking, or a row that cannot be planned.
        public static let invalidSelection = Code("invalidSelection")
        /// There is no live node to place a retrain on.
        public static let noNodes = Code("noNodes")
        /// Encoded plan data is not a plan of this version, or holds values out of range.
        public static let invalidPlan = Code("invalidPlan")

        /// The code's name.
        public var description: String { value }
    }
}

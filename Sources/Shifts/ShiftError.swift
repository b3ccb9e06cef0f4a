/// An error building or parsing a ``Shift``, with one sentence naming the spec and the problem.
///
/// Shifts are written by people (`--shift blur:1`, job files), so every mistake — an unknown
/// type, a level outside its kind's range, a level that is not a number — is reported with one
/// of these instead of a trap.
public struct ShiftError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// One sentence a user can act on: the spec, what is wrong, and what was expected.
    public var message: String

    /// An error of kind `code` explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of a ``ShiftError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case unknownKind, levelOutOfRange, invalidLevel, invalidSeed, invalidSpec
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The type before the `:` is not one of ``ShiftKind/allCases``.
        public static let unknownKind = Code(.unknownKind)
        /// The level lies outside ``ShiftKind/levelRange`` of its kind.
        public static let levelOutOfRange = Code(.levelOutOfRange)
        /// The level is missing, not a finite number, or not whole where the kind needs a whole number.
        public static let invalidLevel = Code(.invalidLevel)
        /// The seed after `@` is not a whole number in `0...UInt64.max`.
        public static let invalidSeed = Code(.invalidSeed)
        /// The text does not have the form `type:level` or `type:level@seed`.
        public static let invalidSpec = Code(.invalidSpec)

        public var description: String { "\(value)" }
    }
}

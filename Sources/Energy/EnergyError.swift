/// An error measuring energy or converting it to carbon, with one sentence naming the value or file.
///
/// Energy figures come from user options (`--cpu-watts`, `--region`, `--pue`), from kernel files
/// that may be missing or locked (`/sys/class/powercap`) and from files we append to
/// (`emissions.csv`). Each problem is reported with one of these rather than a trap; a RAPL
/// problem carries the reason the `auto` method falls back to the CPU model.
public struct EnergyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// One sentence a user can act on: the value or file, what is wrong, and what was expected.
    public var message: String

    /// An error of kind `code` explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of an ``EnergyError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidWatts, invalidPUE, invalidIntensity, unknownRegion, raplUnavailable, raplUnreadable
            case invalidCPUSeconds, unreadable, csvHeaderMismatch, writeFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A power given by the user (`--cpu-watts`) is negative, zero or not a finite number.
        public static let invalidWatts = Code(.invalidWatts)
        /// A power usage effectiveness is below 1 or not a finite number.
        public static let invalidPUE = Code(.invalidPUE)
        /// A grid carbon intensity given by the user is negative or not a finite number.
        public static let invalidIntensity = Code(.invalidIntensity)
        /// A region code is neither a known country nor a known cloud region.
        public static let unknownRegion = Code(.unknownRegion)
        /// The powercap directory or its package zones do not exist (most virtual machines).
        public static let raplUnavailable = Code(.raplUnavailable)
        /// A RAPL energy counter exists but cannot be read or parsed (usually permissions).
        public static let raplUnreadable = Code(.raplUnreadable)
        /// A task's CPU seconds given for attribution are negative or not finite.
        public static let invalidCPUSeconds = Code(.invalidCPUSeconds)
        /// A file the meter needs (such as `/proc/cpuinfo`) cannot be read.
        public static let unreadable = Code(.unreadable)
        /// An existing `emissions.csv` has a different header from the one we write.
        public static let csvHeaderMismatch = Code(.csvHeaderMismatch)
        /// Writing `emissions.csv` failed.
        public static let writeFailed = Code(.writeFailed)

        public var description: String { "\(value)" }
    }
}

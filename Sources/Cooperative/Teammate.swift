/// One of the two Teammate networks of a cooperative package.
public enum Teammate: String, Codable, CaseIterable, Hashable, Sendable, Comparable {
    /// The first Teammate; by default it skips blocks from the deepest backwards.
    case a = "teammate-a"
    /// The second Teammate; by default it skips blocks interleaved across the stages.
    case b = "teammate-b"

    /// `a` or `b`, as the command line writes it.
    public var letter: String { self == .a ? "a" : "b" }

    public static func < (lhs: Teammate, rhs: Teammate) -> Bool { lhs == .a && rhs == .b }
}

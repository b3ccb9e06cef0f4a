/// A network of a cooperative package: the Leader, or a Teammate at one of its depths (its full
/// depth is the Teammate itself, shallower ones its sub-networks).
public enum CooperativeMember: Hashable, Sendable, Comparable, CustomStringConvertible {
    case leader
    case teammate(Teammate, depth: Int)

    /// `leader`, or `teammate-a@3`: the name used in tables and file names.
    public var description: String {
        switch self {
        case .leader: "leader"
        case .teammate(let teammate, let depth): "\(teammate.rawValue)@\(depth)"
        }
    }

    /// Leader first, then Teammate A deepest first, then Teammate B.
    public static func < (lhs: CooperativeMember, rhs: CooperativeMember) -> Bool {
        switch (lhs, rhs) {
        case (.leader, .leader): false
        case (.leader, _): true
        case (_, .leader): false
        case (.teammate(let t1, let d1), .teammate(let t2, let d2)): t1 != t2 ? t1 < t2 : d1 > d2
        }
    }
}

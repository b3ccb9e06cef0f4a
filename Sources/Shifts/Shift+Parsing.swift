extension Shift: CustomStringConvertible, LosslessStringConvertible {
    /// Parses `type:level` or `type:level@seed`, e.g. `gaussian:0.1`, `blur:1.5@7`, `frost:3`.
    ///
    /// The type is case-insensitive and one of ``ShiftKind/allCases`` by its raw value;
    /// `identity` may be written without a level. The seed defaults to ``defaultSeed``.
    ///
    /// - Throws: ``ShiftError/Code/unknownKind`` (the message lists the valid types),
    ///   ``ShiftError/Code/invalidSpec`` for a missing level, ``ShiftError/Code/invalidLevel`` for
    ///   a level that is not a number, ``ShiftError/Code/invalidSeed`` for a bad seed, and the
    ///   errors of ``init(kind:level:seed:)`` for a level its kind does not accept.
    public init(parsing text: String) throws(ShiftError) {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else {
            throw ShiftError(
                .invalidSpec, "the shift spec is empty; write TYPE:LEVEL with TYPE one of \(ShiftKind.validNames)")
        }
        var body = Substring(trimmed)
        var seed = Self.defaultSeed
        if let at = body.lastIndex(of: "@") {
            let seedText = body[body.index(after: at)...]
            guard let parsed = UInt64(seedText) else {
                throw ShiftError(
                    .invalidSeed,
                    "seed '\(seedText)' in shift '\(trimmed)' is not a whole number from 0 to \(UInt64.max)")
            }
            seed = parsed
            body = body[..<at]
        }
        let parts = body.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0].lowercased()
        guard let kind = ShiftKind(rawValue: name) else {
            throw ShiftError(
                .unknownKind,
                "unknown shift type '\(parts[0])' in '\(trimmed)'; valid types are \(ShiftKind.validNames)")
        }
        guard parts.count == 2 else {
            if kind == .identity {
                self = try Shift(kind: .identity, level: 0, seed: seed)
                return
            }
            throw ShiftError(.invalidSpec, "shift '\(trimmed)' has no level; write \(kind.rawValue):LEVEL")
        }
        guard let level = Double(parts[1]), level.isFinite else {
            throw ShiftError(
                .invalidLevel, "level '\(parts[1])' in shift '\(trimmed)' is not a number; write \(kind.rawValue):LEVEL"
            )
        }
        self = try Shift(kind: kind, level: level, seed: seed)
    }

    /// Parses `description` like ``init(parsing:)``, giving `nil` where that throws.
    public init?(_ description: String) {
        guard let shift = try? Shift(parsing: description) else { return nil }
        self = shift
    }

    /// The canonical spec: `type:level`, then `@seed` when the seed is not ``defaultSeed``;
    /// `identity` has no level. Whole levels have no fraction (`frost:3`, `blur:1`).
    public var description: String {
        let head = kind == .identity ? kind.rawValue : "\(kind.rawValue):\(Self.format(level))"
        return seed == Self.defaultSeed ? head : "\(head)@\(seed)"
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

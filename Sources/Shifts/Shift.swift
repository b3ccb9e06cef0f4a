import Tensors

/// One distribution shift: a ``ShiftKind``, its level and the seed of its random choices.
///
/// A shift is a value; ``apply(to:firstSampleIndex:)`` turns a batch of clean images in [0, 1]
/// into shifted ones. Written as text it is `type:level` or `type:level@seed`
/// (`gaussian:0.1`, `salt-pepper:0.05@7`, `frost:3`); see ``init(parsing:)`` and ``description``.
///
/// Every shift with level 0, and ``ShiftKind/identity``, leaves images untouched bit for bit, so
/// a measure of clean against "shifted" data is exactly zero for it.
public struct Shift: Hashable, Sendable {
    /// What the shift does.
    public let kind: ShiftKind
    /// How strongly it does it, in the units of ``kind`` (see ``ShiftKind``); within ``ShiftKind/levelRange``.
    public let level: Double
    /// Selects the random choices; with the sample index it fixes every random number drawn.
    public let seed: UInt64

    /// The seed a spec without `@seed` gets.
    public static let defaultSeed: UInt64 = 0

    /// The shift that changes nothing.
    public static let identity = Shift(checkedKind: .identity, level: 0, seed: defaultSeed)

    /// A shift of `kind` at `level`, seeded with `seed`.
    ///
    /// - Throws: ``ShiftError/Code/invalidLevel`` when `level` is not finite or, for ``ShiftKind/frost``,
    ///   not a whole number; ``ShiftError/Code/levelOutOfRange`` when it lies outside ``ShiftKind/levelRange``.
    public init(kind: ShiftKind, level: Double, seed: UInt64 = Shift.defaultSeed) throws(ShiftError) {
        guard level.isFinite else {
            throw ShiftError(.invalidLevel, "\(kind.rawValue) level \(level) is not a finite number")
        }
        let range = kind.levelRange
        let span = "\(Self.format(range.lowerBound))…\(Self.format(range.upperBound))"
        guard range.contains(level) else {
            throw ShiftError(.levelOutOfRange, "\(kind.rawValue) level \(Self.format(level)) is out of range \(span)")
        }
        if kind.needsWholeLevel && level.rounded() != level {
            let name = kind.rawValue
            throw ShiftError(
                .invalidLevel,
                "\(name) level \(Self.format(level)) is not a whole number; \(name) takes a severity \(span)")
        }
        self.init(checkedKind: kind, level: level == 0 ? 0 : level, seed: seed)
    }

    private init(checkedKind: ShiftKind, level: Double, seed: UInt64) {
        self.kind = checkedKind
        self.level = level
        self.seed = seed
    }

    /// Whether applying the shift returns its input unchanged (``ShiftKind/identity`` or level 0).
    public var isIdentity: Bool { kind == .identity || level == 0 }

    /// `value` as written in specs: whole numbers without a fraction (`3`), others in Swift's
    /// shortest round-trip form (`0.05`).
    static func format(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

import Shifts

/// One shift type of a job and the levels to measure it at: `{"type": "blur", "levels": [1, 2], "seed": 7}`.
///
/// Every level becomes one `Shift` (`blur:1@7`, `blur:2@7`); the seed fixes the shift's random
/// choices and is part of each result's identity.
public struct ShiftSpec: Codable, Hashable, Sendable {
    /// The shift type by name (`gaussian`, `salt-pepper`, `blur`, …; see `ShiftKind`), case-insensitive.
    public var type: String
    /// The levels, in the type's units and range (`ShiftKind.levelRange`).
    public var levels: [Double]
    /// Seed of the shift's random choices.
    public var seed: UInt64

    /// A shift entry from its parts; ``JobSpec/validate()`` checks the type and levels.
    public init(type: String, levels: [Double], seed: UInt64 = Shift.defaultSeed) {
        self.type = type
        self.levels = levels
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, levels, seed
    }

    /// Decodes an entry; unknown keys are refused, `seed` defaults to `Shift.defaultSeed`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        levels = try container.decode([Double].self, forKey: .levels)
        seed = try container.wholeNumber(UInt64.self, .seed) ?? Shift.defaultSeed
    }
}

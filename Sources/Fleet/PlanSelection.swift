/// One explicitly chosen row of a ranking for a retrain plan: `MODEL:SHIFT:LEVEL` (`--select`).
///
/// It names the rows of ``model`` whose ``RankingRow/shiftType`` is ``shiftType`` and whose
/// ``RankingRow/level`` is ``level`` (rows measured with several seeds together).
public struct PlanSelection: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The model's name as ranked.
    public var model: String
    /// The shift's type, e.g. `gaussian`.
    public var shiftType: String
    /// The shift's level.
    public var level: Double

    /// A selection from its parts.
    public init(model: String, shiftType: String, level: Double) {
        self.model = model
        self.shiftType = shiftType
        self.level = level
    }

    /// Reads `MODEL:SHIFT:LEVEL`, e.g. `mlp@2:gaussian:0.1`; the model name may itself hold `:`.
    ///
    /// - Throws: ``FleetError/Code/invalidSelection`` when a part is missing or the level is not a number.
    public init(parsing text: String) throws(FleetError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let level = Double(parts[parts.count - 1]), level.isFinite,
            !parts[parts.count - 2].isEmpty, !parts[..<(parts.count - 2)].joined(separator: ":").isEmpty
        else {
            throw FleetError(
                .invalidSelection, "the selection \"\(text)\" is not MODEL:SHIFT:LEVEL; write e.g. mlp@2:gaussian:0.1")
        }
        self.init(
            model: parts[..<(parts.count - 2)].joined(separator: ":"), shiftType: String(parts[parts.count - 2]),
            level: level)
    }

    /// `MODEL:SHIFT:LEVEL`.
    public var description: String { "\(model):\(shiftType):\(Self.format(level))" }

    /// A level as written in shifts: `0.1`, `3` for whole numbers.
    static func format(_ level: Double) -> String {
        level == level.rounded() && abs(level) < 1e15 ? String(Int(level)) : "\(level)"
    }
}

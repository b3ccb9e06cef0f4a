import GRDB

/// What a task does; an open set of names stored as text.
public struct TaskKind: RawRepresentable, Codable, Hashable, Sendable, DatabaseValueConvertible,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The kind's name.
    public var rawValue: String

    /// The kind named `rawValue`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The kind named by the literal.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// The kind's name.
    public var description: String { rawValue }

    /// Measure a model under a shift (forward passes and Measures).
    public static let measure: TaskKind = "measure"
    /// Retrain a model under a shift to calibrate the estimator.
    public static let calibrate: TaskKind = "calibrate"
    /// Retrain a model for real, as a plan asked.
    public static let retrain: TaskKind = "retrain"
    /// Do nothing; for benchmarks and tests of the cluster itself.
    public static let noop: TaskKind = "noop"
}

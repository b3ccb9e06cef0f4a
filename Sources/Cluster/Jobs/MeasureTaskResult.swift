import Measures

/// What a measure task found: one measurement per shift level, in the order of the payload's shifts.
public struct MeasureTaskResult: TaskResult {
    /// The kind of task this is the result of.
    public static let kind = TaskKind.measure

    /// One result per shift of ``MeasurePayload/shifts``, in that order.
    public var results: [MeasureResult]
    /// Millions of floating-point operations of the measured model's forward pass over one image (2 × multiply-adds);
    /// `nil` in results stored before it was recorded.
    public var megaFLOPs: Double?

    /// The value from its results.
    public init(results: [MeasureResult], megaFLOPs: Double? = nil) {
        self.results = results
        self.megaFLOPs = megaFLOPs
    }
}

import Measures
import Networks
import Retraining

/// What a calibrate task found: the index of one calibration shift and what retraining under it cost.
///
/// Both halves come from the same attempt: ``point`` is made from ``measure`` and ``retrain``.
public struct CalibrateTaskResult: TaskResult {
    /// The kind of task this is the result of.
    public static let kind = TaskKind.calibrate

    /// The calibration point: the predictors measured and the costs retraining had.
    public var point: CalibrationPoint
    /// The measurement under the calibration shift.
    public var measure: MeasureResult
    /// The retraining run under the calibration shift.
    public var retrain: RetrainRecord
    /// The architecture of the model measured and retrained.
    public var architecture: Architecture

    /// The value from its parts.
    public init(point: CalibrationPoint, measure: MeasureResult, retrain: RetrainRecord, architecture: Architecture) {
        self.point = point
        self.measure = measure
        self.retrain = retrain
        self.architecture = architecture
    }
}

import Retraining
import Shifts

/// What a calibrate task needs: measure `model` under `shift`, then retrain it under `shift` to the target.
///
/// The result holds both halves of one calibration point, the index and the measured cost, so a
/// point never mixes a measure and a retraining from different attempts. Measuring once more
/// here costs one clean and one shifted pass, little next to the retraining.
public struct CalibratePayload: Codable, Hashable, Sendable {
    /// The model measured and retrained; the retrained copy is not kept.
    public var model: ModelReference
    /// The dataset, in canonical spec form (`DatasetSpec.description`).
    public var dataset: String
    /// The SHA-256 of each file of a file dataset, keyed by its path in ``dataset``; `nil` for a built-in dataset
    /// (and left out of the JSON). Workers fetch the files by these digests, and the content key uses them instead
    /// of the paths.
    public var datasetFiles: [String: String]?
    /// The calibration shift.
    public var shift: Shift
    /// How to measure.
    public var measure: MeasureOptions
    /// How to retrain and when to stop.
    public var retrain: RetrainOptions

    /// A payload from its parts.
    public init(
        model: ModelReference, dataset: String, datasetFiles: [String: String]? = nil, shift: Shift,
        measure: MeasureOptions, retrain: RetrainOptions
    ) {
        self.model = model
        self.dataset = dataset
        self.datasetFiles = datasetFiles?.isEmpty == false ? datasetFiles : nil
        self.shift = shift
        self.measure = measure
        self.retrain = retrain
    }
}

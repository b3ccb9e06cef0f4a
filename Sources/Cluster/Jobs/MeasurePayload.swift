import Shifts

/// What a measure task needs: measure `model` on `dataset` under every shift of `shifts`.
///
/// One task covers all levels of one shift type (one entry of the job's `shifts`): the clean
/// forward pass is run once and shared by every level, as `Measurement` allows. The shifts are
/// sorted by level, so that the order levels were written in does not change the content key.
public struct MeasurePayload: Codable, Hashable, Sendable {
    /// The model measured.
    public var model: ModelReference
    /// The dataset, in canonical spec form (`DatasetSpec.description`).
    public var dataset: String
    /// The SHA-256 of each file of a file dataset, keyed by its path in ``dataset``; `nil` for a built-in dataset
    /// (and left out of the JSON). Workers fetch the files by these digests, and the content key uses them instead
    /// of the paths.
    public var datasetFiles: [String: String]?
    /// The shifts, one per level, each with its seed; one result per shift.
    public var shifts: [Shift]
    /// How to measure.
    public var measure: MeasureOptions

    /// A payload from its parts.
    public init(
        model: ModelReference, dataset: String, datasetFiles: [String: String]? = nil, shifts: [Shift],
        measure: MeasureOptions
    ) {
        self.model = model
        self.dataset = dataset
        self.datasetFiles = datasetFiles?.isEmpty == false ? datasetFiles : nil
        self.shifts = shifts
        self.measure = measure
    }
}

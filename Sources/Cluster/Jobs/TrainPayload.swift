import Networks

/// What a train task needs: train `arch` on `dataset` with `train`; the worker uploads the model file it writes.
///
/// The architecture takes its input size, class count and input normalisation from the
/// dataset's training split, as `preindex train` does.
public struct TrainPayload: Codable, Hashable, Sendable {
    /// The architecture to build.
    public var arch: Architecture.Name
    /// The dataset, in canonical spec form (`DatasetSpec.description`).
    public var dataset: String
    /// The SHA-256 of each file of a file dataset, keyed by its path in ``dataset``; `nil` for a built-in dataset
    /// (and left out of the JSON). Workers fetch the files by these digests, and the content key uses them instead
    /// of the paths.
    public var datasetFiles: [String: String]?
    /// How to train.
    public var train: TrainOptions

    /// A payload from its parts.
    public init(arch: Architecture.Name, dataset: String, datasetFiles: [String: String]? = nil, train: TrainOptions) {
        self.arch = arch
        self.dataset = dataset
        self.datasetFiles = datasetFiles?.isEmpty == false ? datasetFiles : nil
        self.train = train
    }
}

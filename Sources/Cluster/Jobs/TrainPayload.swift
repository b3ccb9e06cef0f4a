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
    /// How to train.
    public var train: TrainOptions

    /// A payload from its parts.
    public init(arch: Architecture.Name, dataset: String, train: TrainOptions) {
        self.arch = arch
        self.dataset = dataset
        self.train = train
    }
}

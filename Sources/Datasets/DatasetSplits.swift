/// A dataset's training split and, where the source has one, its test split.
///
/// CIFAR and MNIST directories and `builtin:shapes` provide both; a single file or a single
/// `.npy` pair provides training data only, and ``withTestSplit(heldOutFraction:seed:)`` can
/// hold part of it out.
public struct DatasetSplits: Equatable, Sendable {
    /// The data to train on.
    public var train: Dataset
    /// The data to measure on, when the source has a separate test split.
    public var test: Dataset?

    /// Splits with `train` and an optional `test`.
    public init(train: Dataset, test: Dataset? = nil) {
        self.train = train
        self.test = test
    }

    /// These splits when a test split exists; otherwise `train` cut in two by
    /// ``Dataset/split(testFraction:seed:)``.
    public func withTestSplit(heldOutFraction: Double = 0.2, seed: UInt64 = 0) -> DatasetSplits {
        test == nil ? train.split(testFraction: heldOutFraction, seed: seed) : self
    }
}

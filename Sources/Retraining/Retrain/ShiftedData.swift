import Datasets
import Shifts

/// A dataset's training and test splits with a shift applied, as retraining and calibration use them.
public struct ShiftedData: Sendable {
    /// The shifted training split.
    public var train: Dataset
    /// The shifted test split (held out of the training split when the dataset has none).
    public var test: Dataset

    /// Loads `spec` and applies `shift` (see ``init(splits:shift:)``).
    ///
    /// - Throws: `DatasetError` when the spec is malformed or its files cannot be read.
    public init(spec: String, shift: Shift) throws {
        try self.init(splits: try DatasetSpec(parsing: spec).load(), shift: shift)
    }

    /// Holds out a test split (20%, seed 0) when `splits` has none, and applies `shift` to both splits; the
    /// test split's noise continues the training split's sample indices.
    ///
    /// - Throws: `DatasetError` when the shifted images cannot form a dataset.
    public init(splits: DatasetSplits, shift: Shift) throws(DatasetError) {
        let withTest = splits.test == nil ? splits.withTestSplit(heldOutFraction: 0.2, seed: 0) : splits
        train = try Self.apply(shift, to: withTest.train, firstSampleIndex: 0)
        test = try Self.apply(shift, to: withTest.test!, firstSampleIndex: withTest.train.count)
    }

    private static func apply(_ shift: Shift, to data: Dataset, firstSampleIndex: Int) throws(DatasetError) -> Dataset {
        try Dataset(
            name: "\(data.name) under \(shift)", images: shift.apply(to: data.images, firstSampleIndex: firstSampleIndex),
            labels: data.labels, classCount: data.classCount)
    }
}

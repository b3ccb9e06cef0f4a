import Datasets
import Shifts

/// A dataset's splits with a shift applied, as retraining and calibration use them.
struct ShiftedData {
    var train: Dataset
    var test: Dataset

    /// Loads `spec` and applies `shift` (see ``init(splits:shift:)``).
    init(spec: String, shift: Shift) throws {
        try self.init(splits: try DatasetSpec(parsing: spec).load(), shift: shift)
    }

    /// Holds out a test split when `splits` has none, and applies `shift` to both splits (the test
    /// split's noise continues the training split's sample indices).
    init(splits: DatasetSplits, shift: Shift) throws {
        let withTest = splits.test == nil ? splits.withTestSplit(heldOutFraction: 0.2, seed: 0) : splits
        train = try Self.apply(shift, to: withTest.train, firstSampleIndex: 0)
        test = try Self.apply(shift, to: withTest.test!, firstSampleIndex: withTest.train.count)
    }

    private static func apply(_ shift: Shift, to data: Dataset, firstSampleIndex: Int) throws -> Dataset {
        try Dataset(
            name: "\(data.name) under \(shift)", images: shift.apply(to: data.images, firstSampleIndex: firstSampleIndex),
            labels: data.labels, classCount: data.classCount)
    }
}

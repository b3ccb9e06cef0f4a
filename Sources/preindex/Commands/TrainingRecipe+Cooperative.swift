import Cooperative
import Datasets
import Logging
import Networks
import Retraining

/// Cooperative training with a ``TrainingRecipe``: the same optimiser, schedule, batches and
/// augmentation as `preindex train`, applied to a Leader, two Teammates and their sub-networks.
extension TrainingRecipe {
    /// Trains a fresh package of Teammates `name` (fitted to `splits.train`) for ``epochs`` epochs,
    /// then re-estimates each network's BatchNorm statistics on un-augmented training batches.
    ///
    /// - Parameter onEpoch: Called after each epoch with each member's mean cross-entropy.
    /// - Throws: `CooperativeError` for an unsupported architecture, a bad configuration or a
    ///   diverged run; `ModelError`/`DatasetError` when the data does not fit.
    func trainCooperative(
        _ name: Architecture.Name, configuration: CooperativeConfiguration, on splits: DatasetSplits, logger: Logger,
        onEpoch: (Int, [CooperativeMember: Double]) -> Void = { _, _ in }
    ) throws -> CooperativePackage {
        var package = try CooperativePackage(
            architecture: try makeModel(name, fittedTo: splits.train).architecture, configuration: configuration)
        try fitCooperative(&package, optimizer: makeOptimizer(), train: splits.train, logger: logger, onEpoch: onEpoch)
        let steps = package.configuration.recalibrationSteps
        let plain = try Batches(splits.train, batchSize: batchSize, order: .shuffled(seed: seed &+ 1)).labelled
        try package.recalibrateBatchNorm(on: Array(plain.prefix(steps)))
        return package
    }

    private func fitCooperative(
        _ package: inout CooperativePackage, optimizer: some Optimizer, train: Dataset, logger: Logger,
        onEpoch: (Int, [CooperativeMember: Double]) -> Void
    ) throws {
        var trainer = CooperativeTrainer(
            configuration: package.configuration, optimizer: optimizer, schedule: learningRateSchedule)
        for epoch in 0..<epochs {
            onEpoch(epoch, try trainer.trainEpoch(&package, epoch: epoch, batches: try batches(train, epoch: epoch), logger: logger))
        }
    }

    /// The training batches of `epoch`, shuffled and augmented as `preindex train` does.
    private func batches(_ train: Dataset, epoch: Int) throws -> LazyMapSequence<Batches, LabelledBatch> {
        try Batches(train, batchSize: batchSize, order: .shuffled(seed: seed), epoch: epoch, augmentation: augmentation(for: train))
            .labelled
    }
}

extension CooperativePackage {
    /// Sets every depth-table row's accuracy on `test`; an empty test split leaves them unknown.
    mutating func recordTestAccuracy(on test: Dataset) throws {
        guard test.count > 0 else { return }
        let batches = Array(try Batches(test, batchSize: 256).labelled)
        try recordTestAccuracy { model in try model.evaluate(batches).accuracy }
    }
}

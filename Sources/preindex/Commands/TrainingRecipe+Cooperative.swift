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
        switch optimizer {
        case .sgd:
            let sgd = SGD(learningRate: initialLearningRate, momentum: momentum, weightDecay: weightDecay)
            try fitCooperative(&package, optimizer: sgd, train: splits.train, logger: logger, onEpoch: onEpoch)
        case .adam, .adamw:
            let adam = Adam(
                learningRate: initialLearningRate, weightDecay: weightDecay, decoupledWeightDecay: optimizer == .adamw)
            try fitCooperative(&package, optimizer: adam, train: splits.train, logger: logger, onEpoch: onEpoch)
        }
        let steps = package.configuration.recalibrationSteps
        let plain = try Batches(splits.train, batchSize: batchSize, order: .shuffled(seed: seed &+ 1)).labelled
        try package.recalibrateBatchNorm(on: Array(plain.prefix(steps)))
        return package
    }

    /// Trains `model` as it is (a sub-network, say) with this recipe's optimiser, schedule and batches.
    ///
    /// - Throws: `ModelError` when a batch does not fit or training diverges.
    func train(_ model: inout Model, on train: Dataset, logger: Logger) throws {
        switch optimizer {
        case .sgd:
            let sgd = SGD(learningRate: initialLearningRate, momentum: momentum, weightDecay: weightDecay)
            try fit(&model, optimizer: sgd, train: train, logger: logger)
        case .adam, .adamw:
            let adam = Adam(
                learningRate: initialLearningRate, weightDecay: weightDecay, decoupledWeightDecay: optimizer == .adamw)
            try fit(&model, optimizer: adam, train: train, logger: logger)
        }
    }

    private func fit(_ model: inout Model, optimizer: some Optimizer, train: Dataset, logger: Logger) throws {
        var trainer = Trainer(optimizer: optimizer, schedule: learningRateSchedule)
        for epoch in 0..<epochs {
            _ = try trainer.trainEpoch(&model, epoch: epoch, batches: try batches(train, epoch: epoch), logger: logger)
        }
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
    /// Sets every depth-table row's accuracy on `test`.
    mutating func recordTestAccuracy(on test: Dataset) throws {
        let batches = Array(try Batches(test, batchSize: 256).labelled)
        try recordTestAccuracy { model in try model.evaluate(batches).accuracy }
    }
}

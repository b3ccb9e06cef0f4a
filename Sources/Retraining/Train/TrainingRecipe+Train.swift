import Datasets
import Logging
import Networks

extension TrainingRecipe {
    /// Trains a fresh model of architecture `name` on `splits` for ``epochs`` epochs, evaluating it on the
    /// test split after each epoch when there is one.
    ///
    /// - Parameters:
    ///   - onBatch: Called after every training batch (its `batchCount` is set).
    ///   - onEpoch: Called after every epoch with its metrics, `testAccuracy` included when evaluated.
    /// - Returns: The trained model and one `EpochMetrics` per epoch.
    /// - Throws: `ModelError` when the architecture cannot take the dataset's images or training diverges
    ///   (the loss is not finite).
    public func train(
        _ name: Architecture.Name, on splits: DatasetSplits, logger: Logger,
        onBatch: (BatchProgress) -> Void = { _ in }, onEpoch: (EpochMetrics) -> Void = { _ in }
    ) throws -> (model: Model, history: [EpochMetrics]) {
        var model = try makeModel(name, fittedTo: splits.train)
        logger.debug(
            "training",
            metadata: [
                "train.arch": "\(name.rawValue)", "train.dataset": "\(splits.train.name)",
                "train.samples": "\(splits.train.count)",
            ])
        let history = try train(&model, on: splits, logger: logger, onBatch: onBatch, onEpoch: onEpoch)
        return (model, history)
    }

    /// Trains `model` as it is (a sub-network, a model read from a file) for ``epochs`` epochs with this recipe's
    /// optimiser, schedule, batches and augmentation, evaluating it on the test split after each epoch when there is
    /// one.
    ///
    /// - Returns: One `EpochMetrics` per epoch.
    /// - Throws: `ModelError` when a batch does not fit the model or training diverges.
    @discardableResult
    public func train(
        _ model: inout Model, on splits: DatasetSplits, logger: Logger, onBatch: (BatchProgress) -> Void = { _ in },
        onEpoch: (EpochMetrics) -> Void = { _ in }
    ) throws -> [EpochMetrics] {
        try fit(&model, optimizer: makeOptimizer(), splits: splits, logger: logger, onBatch: onBatch, onEpoch: onEpoch)
    }

    /// This recipe's optimiser: SGD with its momentum, or Adam (AdamW with decoupled weight decay), at the initial
    /// learning rate; the one place a recipe becomes an optimiser, for every training loop.
    public func makeOptimizer() -> any Optimizer {
        switch optimizer {
        case .sgd: SGD(learningRate: initialLearningRate, momentum: momentum, weightDecay: weightDecay)
        case .adam, .adamw:
            Adam(learningRate: initialLearningRate, weightDecay: weightDecay, decoupledWeightDecay: optimizer == .adamw)
        }
    }

    private func fit(
        _ model: inout Model, optimizer: some Optimizer, splits: DatasetSplits, logger: Logger,
        onBatch: (BatchProgress) -> Void, onEpoch: (EpochMetrics) -> Void
    ) throws -> [EpochMetrics] {
        var trainer = Trainer(optimizer: optimizer, schedule: learningRateSchedule)
        let augmentation = augmentation(for: splits.train)
        var history: [EpochMetrics] = []
        for epoch in 0..<epochs {
            let batches = try Batches(
                splits.train, batchSize: batchSize, order: .shuffled(seed: seed), epoch: epoch,
                augmentation: augmentation)
            var metrics = try trainer.trainEpoch(
                &model, epoch: epoch, batches: batches.labelled, batchCount: batches.count, logger: logger,
                onBatch: onBatch)
            if let test = splits.test {
                metrics.testAccuracy = try model.evaluate(try Batches(test, batchSize: 256).labelled).accuracy
            }
            onEpoch(metrics)
            history.append(metrics)
        }
        return history
    }
}

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
        let history: [EpochMetrics]
        switch optimizer {
        case .sgd:
            let sgd = SGD(learningRate: initialLearningRate, momentum: momentum, weightDecay: weightDecay)
            history = try fit(&model, optimizer: sgd, splits: splits, logger: logger, onBatch: onBatch, onEpoch: onEpoch)
        case .adam, .adamw:
            let adam = Adam(
                learningRate: initialLearningRate, weightDecay: weightDecay, decoupledWeightDecay: optimizer == .adamw)
            history = try fit(&model, optimizer: adam, splits: splits, logger: logger, onBatch: onBatch, onEpoch: onEpoch)
        }
        return (model, history)
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

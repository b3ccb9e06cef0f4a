import Logging
import Networks
import Retraining

extension TaskRunner {
    /// Trains the payload's architecture, writes the model file, publishes it and describes it.
    ///
    /// - Parameter key: The task's content key, which names the file.
    func train(_ payload: TrainPayload, key: String, taskID: String, logger: Logger) throws -> TrainTaskResult {
        let recipe = try TrainingRecipe(payload.train)
        let splits = try loadDataset(payload.dataset, files: payload.datasetFiles)
        let session = try meter.start()
        let (model, history) = try recipe.train(payload.arch, on: splits, logger: logger)
        let reading = try session.stop()
        let file = try publish(
            model, name: TrainTaskResult.ModelFile.name(arch: payload.arch, contentKey: key), taskID: taskID)
        return TrainTaskResult(
            model: file, arch: payload.arch, epochs: history.count,
            testAccuracy: history.last?.testAccuracy, kilowattHours: reading.kilowattHours,
            kilogramsCO2eq: accounting.kilogramsCO2(for: reading), wallSeconds: reading.wallSeconds)
    }
}

extension TrainingRecipe {
    /// The recipe a train task's options describe.
    ///
    /// - Throws: `RetrainError` when an option is out of range.
    fileprivate init(_ options: TrainOptions) throws(RetrainError) {
        let optimizer: OptimizerName =
            switch options.optimizer {
            case .sgd: .sgd
            case .adam: .adam
            case .adamw: .adamw
            }
        let schedule: ScheduleName =
            switch options.schedule {
            case .constant: .constant
            case .cosine: .cosine
            case .step: .step
            }
        try self.init(
            epochs: options.epochs, batchSize: options.batchSize, optimizer: optimizer,
            learningRate: Float(options.learningRate), momentum: Float(options.momentum),
            weightDecay: Float(options.weightDecay), schedule: schedule, augment: options.augment, seed: options.seed)
    }
}

import Foundation
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
        let name = TrainTaskResult.ModelFile.name(arch: payload.arch, contentKey: key)
        let path = try write(model, name: name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sha256 = SHA256.hex(try SHA256.hash(file: path))
        let byteCount = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        try artifacts.publish(file: path, sha256: sha256, name: name, taskID: taskID)
        return TrainTaskResult(
            model: .init(sha256: sha256, byteCount: byteCount, name: name), arch: payload.arch, epochs: history.count,
            testAccuracy: history.last?.testAccuracy, kilowattHours: reading.kilowattHours,
            kilogramsCO2eq: accounting.kilogramsCO2(for: reading), wallSeconds: reading.wallSeconds)
    }

    /// Writes `model` into the work directory under a name no other task uses, and returns its path.
    private func write(_ model: Model, name: String) throws(TaskFailure) -> String {
        let path = workDirectory + "/" + UUID().uuidString + "-" + name
        do {
            try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
            try model.write(toFile: path)
        } catch {
            throw TaskFailure("cannot write the trained model into '\(workDirectory)': \(error)", retryable: true)
        }
        return path
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

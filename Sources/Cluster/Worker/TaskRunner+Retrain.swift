import Logging
import Networks
import Retraining

extension TaskRunner {
    /// Retrains the payload's model (or its checkpoint) under its shift, publishing a checkpoint after every epoch
    /// but the last and the retrained model at the end, and describes the run.
    ///
    /// Checkpoints are named as ``RetrainCheckpoint/name(taskID:epochs:)`` says, counting the epochs of the
    /// checkpoint resumed from. The last epoch has no checkpoint of its own: its model is the retrained model
    /// published under ``RetrainTaskResult/modelName(source:shift:fromScratch:)``, and a checkpoint of it would be the
    /// same bytes, thus the same artifact. On resume the optimizer state restarts (see `Retrainer.run`).
    ///
    /// - Throws: ``TaskFailure`` (not retryable) for a model reference that is not a file, an unknown or corrupt
    ///   model or checkpoint, a checkpoint with a negative epoch count; what loading, retraining and publishing throw.
    func retrain(
        _ payload: RetrainPayload, taskID: String, logger: Logger, afterEpoch: (EpochRecord) throws -> Void = { _ in }
    ) throws -> RetrainTaskResult {
        guard case .file(let sourceName, let sourceSHA256) = payload.model else {
            throw TaskFailure(
                "a retrain task needs a model file, but its model is \(payload.model.identity), which the coordinator "
                    + "should have resolved to a model file before dispatch", retryable: false)
        }
        let start = try payload.resume.map(loadCheckpoint) ?? loadModel(payload.model)
        let splits = try loadDataset(payload.dataset, files: payload.datasetFiles)
        let shifted = try ShiftedData(splits: splits, shift: payload.shift)
        var logger = logger
        logger[metadataKey: "retrain.plan"] = "\(payload.plan.job)/\(payload.plan.row)"
        let retrainer = Retrainer(options: payload.retrain, meter: meter, accounting: accounting)
        let (record, model) = try retrainer.run(
            start, shift: payload.shift.description, train: shifted.train, test: shifted.test,
            fromScratch: payload.fromScratch, epochsDone: payload.resume?.epochs ?? 0, logger: logger,
            afterEpoch: { epoch, model, isLast in
                try afterEpoch(epoch)
                guard !isLast else { return }
                let file = try publish(
                    model, name: RetrainCheckpoint.name(taskID: taskID, epochs: epoch.epoch), taskID: taskID)
                logger.debug("checkpoint published", metadata: ["retrain.epoch": "\(epoch.epoch)", "sha256": "\(file.sha256)"])
            })
        let name = RetrainTaskResult.modelName(source: sourceName, shift: payload.shift, fromScratch: payload.fromScratch)
        return RetrainTaskResult(
            model: try publish(model, name: name, taskID: taskID), source: sourceSHA256, record: record,
            plan: payload.plan, resumedFromEpoch: payload.resume?.epochs)
    }

    /// The model of checkpoint `checkpoint`, read from its artifact.
    ///
    /// - Throws: ``TaskFailure``: not retryable for a negative epoch count or a file that is not a model; as
    ///   retryable as the artifact access says when the checkpoint cannot be fetched.
    private func loadCheckpoint(_ checkpoint: RetrainCheckpoint) throws -> Model {
        let what = "the checkpoint to resume from (artifact \(checkpoint.sha256), after \(checkpoint.epochs) epochs)"
        guard checkpoint.epochs >= 0 else {
            throw TaskFailure("\(what) has a negative epoch count; expected 0 or more", retryable: false)
        }
        let path: String
        do {
            path = try artifacts.localPath(ofArtifact: checkpoint.sha256)
        } catch let failure as TaskFailure {
            throw TaskFailure("\(what) cannot be fetched: \(failure.message)", retryable: failure.retryable)
        } catch {
            throw TaskFailure("\(what) cannot be fetched: \(error)", retryable: true)
        }
        do {
            return try Model(contentsOfFile: path)
        } catch {
            throw TaskFailure("\(what) cannot be loaded as a model: \(error)", retryable: false)
        }
    }
}

import Datasets
import Dispatch
import Energy
import Logging
import Networks
import Tensors

/// Retrains a model on shifted data until it recovers a target accuracy, and records what that cost.
///
/// Each epoch trains on the shifted training split (Adam, augmentation as the options say) and
/// evaluates on the shifted test split. The run stops at the first of: the target accuracy,
/// a plateau cutoff, the epoch limit. Energy is read around each epoch by the given meter.
public struct Retrainer: Sendable {
    public var options: RetrainOptions
    public var meter: EnergyMeter
    /// Grid intensity and PUE for kg CO2eq.
    public var accounting: CarbonAccounting

    public init(options: RetrainOptions, meter: EnergyMeter, accounting: CarbonAccounting) {
        self.options = options
        self.meter = meter
        self.accounting = accounting
    }

    /// Where a run stands after a batch, for progress bars.
    public struct Progress: Sendable {
        public var epoch: Int
        public var batch: Int
        public var batchCount: Int
        public var loss: Double
        public var accuracy: Double
    }

    /// Retrains `model` (or a fresh model of its architecture when `fromScratch`) on `train`,
    /// evaluating on `test`; both are already shifted.
    ///
    /// To continue a run that was interrupted, pass the model it had after its last finished epoch (as its
    /// `afterEpoch` saw it, e.g. from a checkpoint) and the number of epochs it had done as `epochsDone`. The run then trains at most
    /// `maxEpochs - epochsDone` more epochs, numbers them on from `epochsDone + 1`, and shuffles each epoch as the
    /// uninterrupted run would have. `model` is taken as it is even when `fromScratch` (it is the checkpoint of that
    /// run). What does not carry over: the optimizer state (Adam's moments) restarts from zero, the plateau cutoffs
    /// see only the accuracies of the epochs after the checkpoint, and the record (its epochs, history, energy,
    /// start accuracy and parameter change) covers this run alone, measured from the checkpoint.
    ///
    /// - Parameters:
    ///   - epochsDone: Epochs an earlier run already trained `model` for; 0 (the default) for a new run.
    ///   - afterEpoch: Called after each epoch with its record, the model as it is then and whether the run stops
    ///     there (the model is then the one returned), e.g. to write a checkpoint; an error it throws ends the run.
    /// - Returns: the record and the retrained model.
    /// - Throws: ``ModelError`` when the data does not fit the model, ``EnergyError`` when the meter fails,
    ///   ``RetrainError`` when `epochsDone` is negative, and whatever `afterEpoch` throws.
    public func run(
        _ model: Model, shift: String, train: Dataset, test: Dataset, fromScratch: Bool = false, epochsDone: Int = 0,
        logger: Logger, onBatch: (Progress) -> Void = { _ in }, onEpoch: (EpochRecord) -> Void = { _ in },
        afterEpoch: (_ record: EpochRecord, _ model: Model, _ isLast: Bool) throws -> Void = { _, _, _ in }
    ) throws -> (record: RetrainRecord, model: Model) {
        guard epochsDone >= 0 else {
            throw RetrainError(.invalidOption, "the epochs already done must be at least 0, got \(epochsDone)")
        }
        var logger = logger
        logger[metadataKey: "retrain.shift"] = "\(shift)"
        let start = DispatchTime.now().uptimeNanoseconds
        var model = fromScratch && epochsDone == 0 ? try Model(model.architecture, seed: options.seed) : model
        let testBatches = { try Batches(test, batchSize: 256).labelled }
        let startAccuracy = try model.evaluate(try testBatches()).accuracy
        var trainer = Trainer(optimizer: Adam(learningRate: options.learningRate, weightDecay: options.weightDecay))
        let augmentation = options.augment ? Augmentation.cifar(seed: options.seed) : nil
        let initial = model.parameters
        var previous = initial
        var history: [EpochRecord] = []
        var energy = EnergyReading.zero(meter.method)
        var stop = StopReason.maxEpochs
        if startAccuracy >= options.targetAccuracy { stop = .target }
        while stop != .target && epochsDone + history.count < options.maxEpochs {
            let epoch = epochsDone + history.count
            let session = try meter.start()
            let batches = try Batches(
                train, batchSize: options.batchSize, order: .shuffled(seed: options.seed), epoch: epoch,
                augmentation: augmentation)
            let count = batches.count
            let metrics = try trainer.trainEpoch(
                &model, epoch: epoch, batches: batches.labelled,
                batchCount: count, logger: logger
            ) { p in
                onBatch(Progress(epoch: epoch, batch: p.batch, batchCount: count, loss: p.loss, accuracy: p.accuracy))
            }
            let accuracy = try model.evaluate(try testBatches()).accuracy
            let reading = try session.stop()
            energy = energy + reading
            let current = model.parameters
            let record = EpochRecord(
                epoch: epoch + 1, trainLoss: metrics.loss, trainAccuracy: metrics.accuracy, testAccuracy: accuracy,
                gradientNorm: metrics.gradientNorm ?? 0,
                changeFromStart: ParameterChange.perLayer(from: initial, to: current),
                changeFromPrevious: ParameterChange.perLayer(from: previous, to: current),
                seconds: reading.wallSeconds, joules: reading.joules)
            previous = current
            history.append(record)
            onEpoch(record)
            logger.debug(
                "retrain epoch finished",
                metadata: [
                    "retrain.epoch": "\(epoch + 1)", "accuracy": "\(accuracy)", "energy.joules": "\(reading.joules)",
                ])
            if accuracy >= options.targetAccuracy {
                stop = .target
            } else if options.cutoffs.contains(where: { $0.fires(on: history.map(\.testAccuracy)) }) {
                stop = .plateau
            }
            let last = stop != .maxEpochs || epoch + 1 >= options.maxEpochs
            try afterEpoch(record, model, last)
            if stop == .plateau { break }
        }
        let record = RetrainRecord(
            shift: shift, fromScratch: fromScratch, options: options, epochs: history.count, stop: stop,
            startAccuracy: startAccuracy, finalAccuracy: history.last?.testAccuracy ?? startAccuracy, history: history,
            energy: energy, accounting: accounting, wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return (record, model)
    }
}

import Datasets
import Networks

/// How a model is trained from scratch: the choices of `preindex train` and of a cluster train task, as values.
///
/// ``train(_:on:logger:onBatch:onEpoch:)`` turns a recipe and a dataset into a trained model, so that the
/// command line and a worker train the same way: the architecture adapted to the dataset, the input
/// normalisation fitted on its training split, the optimiser and schedule the recipe names, and flip and
/// crop augmentation for 3-channel images unless the recipe says otherwise.
public struct TrainingRecipe: Hashable, Sendable {
    /// The optimiser.
    public enum OptimizerName: String, Codable, CaseIterable, Sendable {
        /// SGD with momentum and L2 weight decay.
        case sgd
        /// Adam with L2 weight decay.
        case adam
        /// Adam with decoupled weight decay.
        case adamw
    }

    /// How the learning rate changes over the epochs.
    public enum ScheduleName: String, Codable, CaseIterable, Sendable {
        /// The same rate throughout.
        case constant
        /// Cosine decay to 0 over the epochs.
        case cosine
        /// ×0.1 at 50% and at 75% of the epochs.
        case step
    }

    /// Passes over the training split.
    public var epochs: Int
    /// Images per batch.
    public var batchSize: Int
    /// The optimiser.
    public var optimizer: OptimizerName
    /// Initial learning rate; `nil` for ``defaultLearningRate(for:)``.
    public var learningRate: Float?
    /// SGD momentum.
    public var momentum: Float
    /// Weight decay: L2 for SGD and Adam, decoupled for AdamW.
    public var weightDecay: Float
    /// The learning-rate schedule.
    public var schedule: ScheduleName
    /// Random flip and crop; `nil` for on with 3-channel images.
    public var augment: Bool?
    /// Seed of the weights, shuffling, augmentation and dropout.
    public var seed: UInt64

    /// A recipe from its parts; the defaults are those of `preindex train`.
    ///
    /// - Throws: ``RetrainError/Code/invalidOption`` when `epochs` or `batchSize` is below 1, the learning
    ///   rate is not a positive number, the weight decay is negative or the momentum is outside [0, 1).
    public init(
        epochs: Int = 5, batchSize: Int = 64, optimizer: OptimizerName = .sgd, learningRate: Float? = nil,
        momentum: Float = 0.9, weightDecay: Float = 5e-4, schedule: ScheduleName = .cosine, augment: Bool? = nil,
        seed: UInt64 = 0
    ) throws(RetrainError) {
        guard epochs >= 1 else { throw RetrainError(.invalidOption, "training needs at least 1 epoch, got \(epochs)") }
        guard batchSize >= 1 else {
            throw RetrainError(.invalidOption, "the batch size must be at least 1, got \(batchSize)")
        }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw RetrainError(.invalidOption, "the learning rate must be a positive number, got \(learningRate)")
        }
        guard weightDecay >= 0, weightDecay.isFinite else {
            throw RetrainError(.invalidOption, "the weight decay must be a number ≥ 0, got \(weightDecay)")
        }
        guard momentum >= 0, momentum < 1 else {
            throw RetrainError(.invalidOption, "the momentum must be in [0, 1), got \(momentum)")
        }
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.schedule = schedule
        self.augment = augment
        self.seed = seed
    }

    /// The learning rate used when a recipe gives none: 0.05 for SGD, 0.001 for Adam and AdamW.
    public static func defaultLearningRate(for optimizer: OptimizerName) -> Float {
        optimizer == .sgd ? 0.05 : 1e-3
    }

    /// The initial learning rate: ``learningRate`` or the optimiser's default.
    public var initialLearningRate: Float {
        learningRate ?? Self.defaultLearningRate(for: optimizer)
    }

    /// The learning rate over the epochs, as ``schedule`` names it for ``epochs`` epochs.
    public var learningRateSchedule: LearningRateSchedule {
        switch schedule {
        case .constant: .constant
        case .cosine: .cosine(epochs: epochs, minimum: 0)
        case .step: .steps(milestones: [epochs / 2, epochs * 3 / 4], factor: 0.1)
        }
    }

    /// The augmentation for training on `train`: flip and crop when ``augment`` says so, or, when it says
    /// nothing, when the images have 3 channels.
    public func augmentation(for train: Dataset) -> Augmentation? {
        (augment ?? (train.channels == 3)) ? Augmentation.cifar(seed: seed) : nil
    }

    /// A fresh model of architecture `name` for `train`'s images and classes, with the input normalisation
    /// fitted on `train`, its weights drawn with ``seed``.
    ///
    /// - Throws: `ModelError` when the architecture cannot take images of `train`'s size.
    public func makeModel(_ name: Architecture.Name, fittedTo train: Dataset) throws(ModelError) -> Model {
        let normalization = ChannelNormalization(fitting: train)
        let architecture = Architecture(
            name, inputChannels: train.channels, inputHeight: train.height, inputWidth: train.width,
            classes: train.classCount, normalization: InputNormalization(mean: normalization.mean, std: normalization.std))
        return try Model(architecture, seed: seed)
    }
}

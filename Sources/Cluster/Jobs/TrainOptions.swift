/// How a train task trains a model from scratch, with every choice resolved: what a worker receives.
///
/// Made from a model entry's ``TrainSpec``; the flags of `preindex train` as values.
public struct TrainOptions: Codable, Hashable, Sendable {
    /// The optimiser.
    public enum Optimizer: String, Codable, CaseIterable, Sendable {
        /// SGD with momentum and L2 weight decay.
        case sgd
        /// Adam with L2 weight decay.
        case adam
        /// Adam with decoupled weight decay.
        case adamw
    }

    /// How the learning rate changes over the epochs.
    public enum Schedule: String, Codable, CaseIterable, Sendable {
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
    public var optimizer: Optimizer
    /// Initial learning rate.
    public var learningRate: Double
    /// SGD momentum.
    public var momentum: Double
    /// Weight decay.
    public var weightDecay: Double
    /// The learning-rate schedule.
    public var schedule: Schedule
    /// Random flip and crop; `nil` for on with 3-channel images.
    public var augment: Bool?
    /// Seed of the weights, shuffling, augmentation and dropout.
    public var seed: UInt64

    /// Options from their parts.
    public init(
        epochs: Int, batchSize: Int, optimizer: Optimizer, learningRate: Double, momentum: Double,
        weightDecay: Double, schedule: Schedule, augment: Bool?, seed: UInt64
    ) {
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

    /// The learning rate used when a job gives none: 0.05 for SGD, 0.001 for Adam and AdamW (as `preindex train`).
    public static func defaultLearningRate(for optimizer: Optimizer) -> Double {
        optimizer == .sgd ? 0.05 : 1e-3
    }
}

/// How to train a model given by architecture: the `train` object of a model entry, every key optional.
///
/// The keys and defaults are those of `preindex train`: 5 epochs of SGD (momentum 0.9, weight
/// decay 5e-4) with a cosine schedule, batches of 64, seed 0; the learning rate defaults to 0.05
/// for `sgd` and 0.001 for `adam`/`adamw`; `augment` (random flip and crop) defaults to on for
/// 3-channel images.
public struct TrainSpec: Codable, Hashable, Sendable {
    /// Passes over the training split; at least 1.
    public var epochs: Int
    /// Images per batch; at least 1.
    public var batchSize: Int
    /// `sgd`, `adam` or `adamw`.
    public var optimizer: String
    /// Initial learning rate; `nil` for the optimiser's default.
    public var learningRate: Double?
    /// SGD momentum, in [0, 1).
    public var momentum: Double
    /// Weight decay (L2 for sgd/adam, decoupled for adamw); 0 or more.
    public var weightDecay: Double
    /// Learning-rate schedule: `constant`, `cosine` or `step`.
    public var schedule: String
    /// Random flip and crop; `nil` for on with 3-channel images.
    public var augment: Bool?
    /// Seed of the weights, shuffling, augmentation and dropout.
    public var seed: UInt64

    /// The defaults of `preindex train`.
    public init(
        epochs: Int = 5, batchSize: Int = 64, optimizer: String = "sgd", learningRate: Double? = nil,
        momentum: Double = 0.9, weightDecay: Double = 5e-4, schedule: String = "cosine", augment: Bool? = nil,
        seed: UInt64 = 0
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case epochs, batchSize, optimizer, learningRate, momentum, weightDecay, schedule, augment, seed
    }

    /// Decodes the options, filling in defaults; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let defaults = TrainSpec()
        epochs = try container.wholeNumber(Int.self, .epochs) ?? defaults.epochs
        batchSize = try container.wholeNumber(Int.self, .batchSize) ?? defaults.batchSize
        optimizer = try container.optional(String.self, .optimizer) ?? defaults.optimizer
        learningRate = try container.optional(Double.self, .learningRate)
        momentum = try container.optional(Double.self, .momentum) ?? defaults.momentum
        weightDecay = try container.optional(Double.self, .weightDecay) ?? defaults.weightDecay
        schedule = try container.optional(String.self, .schedule) ?? defaults.schedule
        augment = try container.optional(Bool.self, .augment)
        seed = try container.wholeNumber(UInt64.self, .seed) ?? defaults.seed
    }
}

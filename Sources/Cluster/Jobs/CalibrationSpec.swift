/// Which shifts to really retrain every model under, and how: the `calibration` object of a job.
///
/// Each model is retrained to ``targetAccuracy`` once per shift; the measured epochs and energy,
/// against the index measured for the same shift, calibrate that model's cost estimates. At
/// least four shifts are needed for a fit. Only ``shifts`` is required; the rest default to the
/// values of `preindex calibrate`: target 0.85, no cutoff, 30 epochs at most, batches of 32,
/// Adam with learning rate 0.001 and weight decay 1e-5, augmentation on, seed 0.
public struct CalibrationSpec: Codable, Hashable, Sendable {
    /// Calibration shifts as `type:level` or `type:level@seed` (`gaussian:0.05`, `blur:1`); at least 4.
    public var shifts: [String]
    /// Stop when the shifted test accuracy reaches this, in (0, 1].
    public var targetAccuracy: Double
    /// Plateau rules `acc_diff:epochs` (at most two), e.g. `0.005:3`.
    public var cutoffs: [String]
    /// Stop after this many epochs; at least 1.
    public var maxEpochs: Int
    /// Images per batch; at least 1.
    public var batchSize: Int
    /// Adam learning rate.
    public var learningRate: Double
    /// Adam weight decay.
    public var weightDecay: Double
    /// Random flip and crop while retraining.
    public var augment: Bool
    /// Seed of shuffling and augmentation.
    public var seed: UInt64

    /// Calibration under `shifts` with the defaults of `preindex calibrate` for the rest.
    public init(
        shifts: [String], targetAccuracy: Double = 0.85, cutoffs: [String] = [], maxEpochs: Int = 30,
        batchSize: Int = 32, learningRate: Double = 1e-3, weightDecay: Double = 1e-5, augment: Bool = true,
        seed: UInt64 = 0
    ) {
        self.shifts = shifts
        self.targetAccuracy = targetAccuracy
        self.cutoffs = cutoffs
        self.maxEpochs = maxEpochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.augment = augment
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case shifts, targetAccuracy, cutoffs, maxEpochs, batchSize, learningRate, weightDecay, augment, seed
    }

    /// Decodes the options, filling in defaults; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let defaults = CalibrationSpec(shifts: [])
        shifts = try container.decode([String].self, forKey: .shifts)
        targetAccuracy = try container.optional(Double.self, .targetAccuracy) ?? defaults.targetAccuracy
        cutoffs = try container.optional([String].self, .cutoffs) ?? defaults.cutoffs
        maxEpochs = try container.wholeNumber(Int.self, .maxEpochs) ?? defaults.maxEpochs
        batchSize = try container.wholeNumber(Int.self, .batchSize) ?? defaults.batchSize
        learningRate = try container.optional(Double.self, .learningRate) ?? defaults.learningRate
        weightDecay = try container.optional(Double.self, .weightDecay) ?? defaults.weightDecay
        augment = try container.optional(Bool.self, .augment) ?? defaults.augment
        seed = try container.wholeNumber(UInt64.self, .seed) ?? defaults.seed
    }
}

/// How a retraining run trains and when it stops. Defaults follow the reference protocol:
/// Adam, learning rate 1e-3, weight decay 1e-5, batch 32, flip/crop augmentation.
public struct RetrainOptions: Codable, Sendable, Hashable {
    /// Stop as soon as the test accuracy on shifted data reaches this, in (0, 1].
    public var targetAccuracy: Double
    /// Plateau rules (at most two); the run stops when any of them fires.
    public var cutoffs: [PlateauCutoff]
    /// Stop after this many epochs whatever happens.
    public var maxEpochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var weightDecay: Float
    public var augment: Bool
    public var seed: UInt64

    public init(
        targetAccuracy: Double, cutoffs: [PlateauCutoff] = [], maxEpochs: Int = 30, batchSize: Int = 32,
        learningRate: Float = 1e-3, weightDecay: Float = 1e-5, augment: Bool = true, seed: UInt64 = 0
    ) throws(RetrainError) {
        guard targetAccuracy > 0, targetAccuracy <= 1 else {
            throw RetrainError(.invalidOption, "the target accuracy must be in (0, 1], got \(targetAccuracy)")
        }
        guard cutoffs.count <= 2 else {
            throw RetrainError(.invalidOption, "at most two cutoffs are allowed, got \(cutoffs.count)")
        }
        guard maxEpochs >= 1 else { throw RetrainError(.invalidOption, "--max-epochs must be at least 1, got \(maxEpochs)") }
        guard batchSize >= 1 else { throw RetrainError(.invalidOption, "the batch size must be at least 1, got \(batchSize)") }
        guard learningRate > 0, learningRate.isFinite, weightDecay >= 0 else {
            throw RetrainError(.invalidOption, "the learning rate must be positive and the weight decay non-negative")
        }
        self.targetAccuracy = targetAccuracy
        self.cutoffs = cutoffs
        self.maxEpochs = maxEpochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.augment = augment
        self.seed = seed
    }
}

/// A plateau rule: stop when the test accuracy has improved by less than `accuracyGain` over the
/// last `epochs` epochs. Written `acc_diff:epochs`, e.g. `0.01:3`.
public struct PlateauCutoff: Codable, Sendable, Hashable, CustomStringConvertible {
    public var accuracyGain: Double
    public var epochs: Int

    public init(accuracyGain: Double, epochs: Int) {
        self.accuracyGain = accuracyGain
        self.epochs = epochs
    }

    /// Parses `acc_diff:epochs`.
    public init(parsing text: String) throws(RetrainError) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let gain = Double(parts[0]), gain >= 0, gain.isFinite, let epochs = Int(parts[1]), epochs >= 1
        else {
            throw RetrainError(
                .invalidOption, "cutoff '\(text)' must be acc_diff:epochs with acc_diff ≥ 0 and epochs ≥ 1, e.g. 0.01:3")
        }
        self.init(accuracyGain: gain, epochs: epochs)
    }

    /// Whether the rule fires on the test accuracies so far (one per finished epoch).
    public func fires(on accuracies: [Double]) -> Bool {
        guard accuracies.count > epochs else { return false }
        return accuracies[accuracies.count - 1] - accuracies[accuracies.count - 1 - epochs] < accuracyGain
    }

    public var description: String { "\(accuracyGain):\(epochs)" }
}

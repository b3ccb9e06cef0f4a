import Energy

/// One epoch of a retraining run.
public struct EpochRecord: Codable, Sendable {
    /// 1-based.
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    /// Accuracy on the shifted test data after the epoch.
    public var testAccuracy: Double
    /// Mean over the epoch's batches of the global gradient L2 norm.
    public var gradientNorm: Double
    /// Per layer, `‖θ_e − θ_0‖ / √n`.
    public var changeFromStart: [String: Double]
    /// Per layer, `‖θ_e − θ_{e−1}‖ / √n`.
    public var changeFromPrevious: [String: Double]
    public var seconds: Double
    public var joules: Double

    /// The mean over layers of ``changeFromStart``.
    public var meanChangeFromStart: Double {
        changeFromStart.isEmpty ? 0 : changeFromStart.values.reduce(0, +) / Double(changeFromStart.count)
    }
}

/// Why a retraining run stopped.
public enum StopReason: String, Codable, Sendable {
    /// The test accuracy reached the target.
    case target
    /// A plateau cutoff fired.
    case plateau
    /// The epoch limit was reached first.
    case maxEpochs = "max-epochs"
}

/// What one retraining run cost and how it went.
public struct RetrainRecord: Codable, Sendable {
    public var shift: String
    /// Whether the run trained a freshly initialised model instead of the given one.
    public var fromScratch: Bool
    public var options: RetrainOptions
    /// Epochs trained (0 when the model already met the target).
    public var epochs: Int
    public var stop: StopReason
    public var reachedTarget: Bool { stop == .target }
    /// Shifted test accuracy before and after.
    public var startAccuracy: Double
    public var finalAccuracy: Double
    public var history: [EpochRecord]
    /// Energy of the whole run, with the method that measured it.
    public var energy: EnergyReading
    /// Grid intensity and PUE the emissions were computed with.
    public var accounting: CarbonAccounting
    public var wallSeconds: Double

    public var kilowattHours: Double { energy.kilowattHours }
    /// `kWh × intensity / 1000 × PUE`.
    public var kilogramsCO2eq: Double { accounting.kilogramsCO2(for: energy) }

    /// The mean over epochs of the gradient norm (0 for no epochs).
    public var meanGradientNorm: Double {
        history.isEmpty ? 0 : history.map(\.gradientNorm).reduce(0, +) / Double(history.count)
    }

    /// The mean over layers of the final change from the start.
    public var parameterChange: Double { history.last?.meanChangeFromStart ?? 0 }
}

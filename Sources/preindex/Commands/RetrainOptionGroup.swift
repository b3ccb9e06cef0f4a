import ArgumentParser
import Retraining

/// The retraining flags shared by `retrain` and `calibrate`.
struct RetrainOptionGroup: ParsableArguments {
    @Option(help: "Stop when the shifted test accuracy reaches this, in (0, 1].")
    var targetAccuracy: Double = 0.85

    @Option(name: .customLong("cutoff"), help: "Plateau rule acc_diff:epochs (at most two), e.g. 0.01:3.")
    var cutoffs: [String] = []

    @Option(help: "Stop after this many epochs.")
    var maxEpochs = 30

    @Option(help: "Images per batch.")
    var batchSize = 32

    @Option(name: .customLong("lr"), help: "Adam learning rate.")
    var learningRate: Float = 1e-3

    @Option(help: "Adam weight decay (L2).")
    var weightDecay: Float = 1e-5

    @Flag(inversion: .prefixedNo, help: "Random flip and crop while retraining.")
    var augment = true

    @Option(help: "Seed for shuffling, augmentation and the shifts.")
    var seed: UInt64 = 0

    /// The options, checked (target in (0, 1], cutoffs parsed, …).
    func makeOptions() throws -> RetrainOptions {
        try RetrainOptions(
            targetAccuracy: targetAccuracy, cutoffs: try cutoffs.map { text throws(RetrainError) in try PlateauCutoff(parsing: text) },
            maxEpochs: maxEpochs, batchSize: batchSize, learningRate: learningRate, weightDecay: weightDecay,
            augment: augment, seed: seed)
    }
}

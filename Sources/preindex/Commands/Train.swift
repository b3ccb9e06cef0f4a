import ArgumentParser
import Datasets
import Foundation
import Logging
import Networks
import Retraining
import Tensors

extension Preindex {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a model on a dataset and write it as .safetensors.",
            discussion: """
                The model file holds the PyTorch-style state_dict and the architecture (with the input \
                normalisation fitted on the training split) in its preindex.arch metadata.
                Datasets: builtin:shapes[?train=N&test=N&seed=S], cifar10:DIR, cifar100:DIR, mnist:DIR, \
                npy:IMAGES.npy,LABELS.npy.
                """
        )

        @Option(help: "Architecture: \(Architecture.Name.allCases.map(\.rawValue).joined(separator: ", ")).")
        var arch: Architecture.Name = .resnetMini

        @Option(help: "The dataset to train on.")
        var dataset = "builtin:shapes"

        @Option(help: "Passes over the training split.")
        var epochs = 5

        @Option(help: "Images per batch.")
        var batchSize = 64

        @Option(help: "Optimiser: sgd, adam or adamw.")
        var optimizer: OptimizerName = .sgd

        @Option(name: .customLong("lr"), help: "Initial learning rate (default: 0.05 for sgd, 0.001 for adam/adamw).")
        var learningRate: Float?

        @Option(help: "SGD momentum.")
        var momentum: Float = 0.9

        @Option(help: "Weight decay (L2 for sgd/adam, decoupled for adamw).")
        var weightDecay: Float = 5e-4

        @Option(help: "Learning-rate schedule: constant, cosine, or step (×0.1 at 50% and 75% of the epochs).")
        var schedule: ScheduleName = .cosine

        @Flag(inversion: .prefixedNo, help: "Random flip and crop (default: on for 3-channel images).")
        var augment: Bool?

        @Option(help: "Seed for weights, shuffling, augmentation and dropout.")
        var seed: UInt64 = 0

        @Option(name: .shortAndLong, help: "Where to write the model.")
        var out = "model.safetensors"

        @Flag(help: "Print the per-epoch metrics as JSON on standard output.")
        var json = false

        @OptionGroup var global: GlobalOptions

        enum OptimizerName: String, ExpressibleByArgument, CaseIterable { case sgd, adam, adamw }
        enum ScheduleName: String, ExpressibleByArgument, CaseIterable { case constant, cosine, step }

        func validate() throws {
            guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
            if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
                throw ValidationError("--lr must be a positive number, got \(learningRate)")
            }
            guard weightDecay >= 0, momentum >= 0, momentum < 1 else {
                throw ValidationError("--weight-decay must be ≥ 0 and --momentum in [0, 1)")
            }
        }

        func run() throws {
            let logger = global.makeLogger()
            let splits = try DatasetSpec(parsing: dataset).load()
            let train = splits.train
            let normalization = ChannelNormalization(fitting: train)
            let architecture = Architecture(
                arch, inputChannels: train.channels, inputHeight: train.height, inputWidth: train.width,
                classes: train.classCount,
                normalization: InputNormalization(mean: normalization.mean, std: normalization.std))
            var model = try Model(architecture, seed: seed)
            logger.info("training", metadata: ["arch": "\(arch.rawValue)", "dataset": "\(train.name)", "samples": "\(train.count)"])
            let augmentation = (augment ?? (train.channels == 3)) ? Augmentation.cifar(seed: seed) : nil
            var history: [EpochMetrics] = []
            switch optimizer {
            case .sgd:
                let sgd = SGD(learningRate: learningRate ?? 0.05, momentum: momentum, weightDecay: weightDecay)
                history = try fit(&model, optimizer: sgd, splits: splits, augmentation: augmentation, logger: logger)
            case .adam, .adamw:
                let adam = Adam(
                    learningRate: learningRate ?? 1e-3, weightDecay: weightDecay,
                    decoupledWeightDecay: optimizer == .adamw)
                history = try fit(&model, optimizer: adam, splits: splits, augmentation: augmentation, logger: logger)
            }
            try model.write(toFile: out)
            if json {
                try JSONOutput.print(history)
            } else {
                print("wrote \(out) (\(arch.rawValue), \(model.trainableParameterCount) parameters)")
            }
        }

        private var lrSchedule: LearningRateSchedule {
            switch schedule {
            case .constant: .constant
            case .cosine: .cosine(epochs: epochs, minimum: 0)
            case .step: .steps(milestones: [epochs / 2, epochs * 3 / 4], factor: 0.1)
            }
        }

        /// Trains for `epochs`, evaluating on the test split after each, with progress on stderr.
        private func fit(
            _ model: inout Model, optimizer: some Optimizer, splits: DatasetSplits, augmentation: Augmentation?,
            logger: Logger
        ) throws -> [EpochMetrics] {
            var trainer = Trainer(optimizer: optimizer, schedule: lrSchedule)
            var bar = ProgressBar()
            var history: [EpochMetrics] = []
            for epoch in 0..<epochs {
                let batches = try Batches(
                    splits.train, batchSize: batchSize, order: .shuffled(seed: seed), epoch: epoch,
                    augmentation: augmentation)
                let count = batches.count
                var metrics = try trainer.trainEpoch(
                    &model, epoch: epoch, batches: batches.labelled,
                    batchCount: count, logger: logger
                ) { p in
                    bar.update(
                        fraction: Double(p.batch) / Double(count),
                        String(
                            format: "epoch %d/%d  batch %d/%d  loss %.4f  acc %.1f%%  %.0f img/s", epoch + 1, epochs,
                            p.batch, count, p.loss, p.accuracy * 100, p.imagesPerSecond))
                }
                var line = String(
                    format: "epoch %d/%d  loss %.4f  acc %.1f%%  %.0f img/s", epoch + 1, epochs, metrics.loss,
                    metrics.accuracy * 100, metrics.imagesPerSecond)
                if let test = splits.test {
                    let evaluation = try model.evaluate(
                        try Batches(test, batchSize: 256).labelled)
                    metrics.testAccuracy = evaluation.accuracy
                    line += String(format: "  test acc %.1f%%", evaluation.accuracy * 100)
                }
                bar.finish(line)
                history.append(metrics)
            }
            return history
        }
    }
}

extension Architecture.Name: ExpressibleByArgument {}

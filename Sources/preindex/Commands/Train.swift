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
        var optimizer: TrainingRecipe.OptimizerName = .sgd

        @Option(name: .customLong("lr"), help: "Initial learning rate (default: 0.05 for sgd, 0.001 for adam/adamw).")
        var learningRate: Float?

        @Option(help: "SGD momentum.")
        var momentum: Float = 0.9

        @Option(help: "Weight decay (L2 for sgd/adam, decoupled for adamw).")
        var weightDecay: Float = 5e-4

        @Option(help: "Learning-rate schedule: constant, cosine, or step (×0.1 at 50% and 75% of the epochs).")
        var schedule: TrainingRecipe.ScheduleName = .cosine

        @Flag(inversion: .prefixedNo, help: "Random flip and crop (default: on for 3-channel images).")
        var augment: Bool?

        @Option(help: "Seed for weights, shuffling, augmentation and dropout.")
        var seed: UInt64 = 0

        @Option(name: .shortAndLong, help: "Where to write the model.")
        var out = "model.safetensors"

        @Flag(help: "Print the per-epoch metrics as JSON on standard output.")
        var json = false

        @OptionGroup var global: GlobalOptions

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
            let recipe = try TrainingRecipe(
                epochs: epochs, batchSize: batchSize, optimizer: optimizer, learningRate: learningRate,
                momentum: momentum, weightDecay: weightDecay, schedule: schedule, augment: augment, seed: seed)
            let splits = try DatasetSpec(parsing: dataset).load()
            var bar = global.progressBar(unit: "images")
            let images = splits.train.count
            let (model, history) = try recipe.train(
                arch, on: splits, logger: logger,
                onBatch: { p in
                    bar.update(
                        completed: Double(p.epoch * images + min(p.batch * batchSize, images)),
                        of: Double(epochs * images),
                        String(
                            format: "epoch %d/%d  batch %d/%d  loss %.4f  acc %.1f%%", p.epoch + 1, epochs,
                            p.batch, p.batchCount ?? 0, p.loss, p.accuracy * 100))
                },
                onEpoch: { metrics in
                    var line = String(
                        format: "epoch %d/%d  loss %.4f  acc %.1f%%  %.0f img/s", metrics.epoch + 1, epochs, metrics.loss,
                        metrics.accuracy * 100, metrics.imagesPerSecond)
                    if let accuracy = metrics.testAccuracy {
                        line += String(format: "  test acc %.1f%%", accuracy * 100)
                    }
                    bar.finish(line)
                })
            try model.write(toFile: out)
            if json {
                try JSONOutput.print(history)
            } else {
                print("wrote \(out) (\(arch.rawValue), \(model.trainableParameterCount) parameters)")
            }
        }
    }
}

extension Architecture.Name: ExpressibleByArgument {}
extension TrainingRecipe.OptimizerName: ExpressibleByArgument {}
extension TrainingRecipe.ScheduleName: ExpressibleByArgument {}

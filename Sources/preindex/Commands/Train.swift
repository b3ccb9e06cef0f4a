import ArgumentParser
import Cooperative
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
                --cooperative trains a Leader and two Teammates of --arch in one run (knowledge distillation, \
                our reading of arXiv 2312.08532) and writes one package file holding all three and the table of \
                (depth, MFLOPs, test accuracy); each Teammate gives sub-networks of every depth by skipping \
                residual blocks (resnet-mini, resnet18) or conv stages, replaced by trained 1x1 adapters (cnn, \
                vgg-mini). --depth or --budget-mflops with --member-out also writes the chosen \
                network as a plain model file; --from picks it from an existing package without training.
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

        @Option(name: .customLong("lr"), help: "Initial learning rate (default: 0.05 for sgd, 0.001 for adam/adamw; 0.01 for sgd with --cooperative --arch resnet18).")
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

        @Flag(help: "Cooperative dynamic depth: train a Leader and two Teammates, write them as one package.")
        var cooperative = false

        @Option(
            help: ArgumentHelp(
                "With --cooperative: the sub-network depths (running blocks or stages), comma-separated.",
                discussion: "Default: every depth from 1 to one below the full network."))
        var teammateDepths: String?

        @Option(help: "With --cooperative: the Leader's architecture (default: --arch).")
        var leaderArch: Architecture.Name?

        @Option(help: "With --cooperative: sub-networks of each Teammate trained per batch, drawn at random (default: all; resnet18: 3).")
        var subnetworksPerStep: Int?

        @Option(
            help: ArgumentHelp(
                "With --cooperative: how those sub-networks are drawn: uniform or by-skipped-blocks (default: uniform).",
                discussion: "by-skipped-blocks draws a sub-network in proportion to the blocks it skips: the shallowest share least with their Teammate and trail their twins first."))
        var subnetworkDraw: SubnetworkDraw?

        @Option(
            help: ArgumentHelp(
                "With --cooperative: clip each network's global gradient norm to this at every step (default: no clipping).",
                discussion: "PyTorch's clip_grad_norm_. Keeps deep Teammates (resnet18) stable at rates such as 0.05."))
        var clipGradNorm: Double?

        @Option(help: "With --cooperative: the distillation temperature.")
        var temperature: Double = 4

        @Option(
            help: "With --cooperative: weights of cross-entropy, Leader→Teammate, mutual and Teammate→sub-network distillation.")
        var lossWeights = "1,1,1,1"

        @Option(
            help: "With --cooperative: forward passes re-estimating each network's BatchNorm statistics after training (0: off).")
        var recalibrationSteps = 50

        @Option(help: "With --cooperative: pick the Teammate network of this depth (see --member-out).")
        var depth: Int?

        @Option(help: "With --cooperative: pick the deepest network costing at most this many MFLOPs per image.")
        var budgetMflops: Double?

        @Option(help: "With --cooperative: which Teammate's network --depth picks, a or b (default: the more accurate).")
        var teammate: String?

        @Option(help: "With --cooperative: where to write the network --depth or --budget-mflops picks, as a plain model.")
        var memberOut: String?

        @Option(help: "With --cooperative: pick from this existing package instead of training.")
        var from: String?

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
            try validateCooperative()
        }

        func run() throws {
            let logger = global.makeLogger()
            if cooperative { return try runCooperative(logger: logger) }
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
extension SubnetworkDraw: ExpressibleByArgument {}

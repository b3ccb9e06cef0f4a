import ArgumentParser
import Datasets
import Foundation
import Networks
import Retraining
import Tensors

extension Preindex {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the embedded default end to end on built-in data.",
            discussion: """
                Today: generates builtin:shapes, trains a resnet-mini for a few epochs, writes it as \
                .safetensors, loads it back and evaluates it on the test split. The cluster demo \
                (coordinator, workers, ranking) replaces this as those parts land.
                """
        )

        @Option(help: "Training epochs.")
        var epochs = 3

        @Option(help: "Training images (the test split is a fifth of this).")
        var samples = 6_000

        @Option(name: .shortAndLong, help: "Where to write the trained model.")
        var out = "preindex-demo.safetensors"

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard epochs >= 1, samples >= 10 else { throw ValidationError("--epochs must be ≥ 1 and --samples ≥ 10") }
        }

        func run() throws {
            _ = global.makeLogger()
            let spec = "builtin:shapes?train=\(samples)&test=\(samples / 5)&seed=0"
            print("1/3 training resnet-mini on \(spec) for \(epochs) epochs (\(Compute.threadCount) threads)")
            var train = try Train.parse(["--arch", "resnet-mini", "--dataset", spec, "--epochs", String(epochs), "--out", out])
            train.global = global
            try train.run()
            print("2/3 loading \(out) back")
            var model = try Model(contentsOfFile: out)
            print("3/3 evaluating on the test split")
            let test = try DatasetSpec(parsing: spec).load().test!
            let metrics = try model.evaluate(
                try Batches(test, batchSize: 256).labelled)
            print(String(format: "test accuracy %.1f%% over %d images (chance: 10%%), %.0f images/s", metrics.accuracy * 100, metrics.samples, metrics.imagesPerSecond))
        }
    }
}

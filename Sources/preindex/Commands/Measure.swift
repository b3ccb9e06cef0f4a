import ArgumentParser
import Datasets
import Foundation
import Measures
import Networks
import Reports
import Retraining
import Shifts
import Tensors

extension Preindex {
    struct Measure: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the PreIndex and ARM components of a model under one or more shifts.",
            discussion: """
                One forward pass of the clean samples (shared by all shifts) and one per shift. Prints one row \
                per shift: the index (--formula, default p.js.64), the model's accuracy on the clean and \
                shifted samples, ARM and the three 1 − ARI values; then every p component. \
                --dump-activations DIR writes what the index is computed from (.npy files and meta.json); \
                --from-dump DIR recomputes the measure stage from such a directory.
                """
        )

        @Option(help: "The model file (.safetensors).")
        var model: String?

        @Option(help: "The dataset to measure on.")
        var dataset = "builtin:shapes"

        @Option(name: .customLong("shift"), help: "A shift as type:level, e.g. gaussian:0.1 (repeat for several).")
        var shifts: [String] = []

        @Option(help: "Which split to measure on: train (as the reference does) or test.")
        var split: SplitName = .train

        @Option(help: "Measure a random subset of this many samples (default: the whole split).")
        var samples: Int?

        @Option(help: "Seed for the subset and the shifts' noise.")
        var seed: UInt64 = 0

        @Option(help: "The layer whose output k-means clusters (default: the last before the classifier).")
        var embeddingLayer: String?

        @Option(help: "W1 over sorted probabilities (reference) or over bin positions (principled).")
        var mode: Distance.WassersteinMode = .reference

        @Option(help: "The single index: a component (p.js.64, arm, inv_ari.delta, …) or a sum of weighted ones.")
        var formula = Formula.default.description

        @Option(
            help: ArgumentHelp(
                "Where k-means starts: class-centroids (the reference's rule) or kmeans++ (greedy k-means++, drawn with --seed).",
                valueName: "start"))
        var kmeansInit: KMeansInit = .classCentroids

        @Option(help: "Images per forward pass.")
        var batchSize = 128

        @Option(help: "Write the activations the index is computed from into this directory.")
        var dumpActivations: String?

        @Option(help: "Recompute from a directory written by --dump-activations instead of running a model.")
        var fromDump: String?

        @Flag(help: "Print the results as JSON.")
        var json = false

        @OptionGroup var global: GlobalOptions

        enum SplitName: String, ExpressibleByArgument, CaseIterable { case train, test }

        enum KMeansInit: String, ExpressibleByArgument, CaseIterable {
            case classCentroids = "class-centroids"
            case plusPlus = "kmeans++"
        }

        private var kMeansStart: KMeans.Start {
            kmeansInit == .plusPlus ? .plusPlus(seed: seed) : .classCentroids
        }

        func validate() throws {
            if fromDump == nil {
                guard model != nil else { throw ValidationError("--model is required (or --from-dump DIR)") }
                guard !shifts.isEmpty else { throw ValidationError("give at least one --shift, e.g. --shift gaussian:0.1") }
            }
            if let samples, samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples)") }
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() throws {
            let logger = global.makeLogger()
            let formula = try Formula(parsing: self.formula)
            if let fromDump {
                try report([
                    try ActivationDump.measure(directory: fromDump, mode: mode, formula: formula, kMeansStart: kMeansStart)
                ])
                return
            }
            let network = try Model(contentsOfFile: model!)
            let data = try ShiftedMeasurement.data(
                spec: dataset, testSplit: split == .test, samples: samples, seed: seed, for: network)
            logger.info("measuring", metadata: ["samples": "\(data.count)", "shifts": "\(shifts.count)"])
            var measurement = ShiftedMeasurement(
                model: network, data: data, shifts: try ShiftedMeasurement.shifts(shifts, seed: seed),
                embeddingLayer: embeddingLayer, mode: mode, formula: formula, batchSize: batchSize)
            measurement.kMeansStart = kMeansStart
            let results = try measurement.runWithProgress(global.progressBar(unit: "samples"), dumpDirectory: dumpActivations, seed: seed)
            try report(results)
        }

        private func report(_ results: [MeasureResult]) throws {
            if json {
                try JSONOutput.print(results)
                return
            }
            let percent = { (x: Double?) in x.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
            let number = { (x: Double) in String(format: "%.5f", x) }
            var summary = TextTable(header: [
                "shift", "preindex (\(results.first?.formula.description ?? ""))", "acc clean", "acc shifted", "ARM",
                "1-ARI clean", "1-ARI own", "1-ARI clean-ctr",
            ])
            var components = TextTable(header: ["shift"] + PreIndexComponents.binCounts.flatMap { bins in
                Distance.allCases.map { "\($0.rawValue).\(bins)" }
            })
            for result in results {
                let name = result.shift ?? "?"
                summary.rows.append([
                    name, number(result.preindex), percent(result.accuracy?.clean), percent(result.accuracy?.shifted),
                    number(result.arm), number(result.invARI.clean), number(result.invARI.shiftedOwn),
                    number(result.invARI.shiftedClean),
                ])
                components.rows.append([name] + result.p.all.map { number($0.value) })
            }
            print(summary.rendered)
            print("\np components (\(results.first?.mode.rawValue ?? "") W1), mean over \(results.first?.layers.count ?? 0) layers × \(results.first?.samples ?? 0) samples:")
            print(components.rendered)
        }
    }
}

extension Distance.WassersteinMode: ExpressibleByArgument {}

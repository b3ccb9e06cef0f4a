import ArgumentParser
import Foundation
import Logging
import Networks
import Retraining
import Shifts

extension Preindex {
    struct Retrain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retrain a model under a shift to a target accuracy and report what it cost.",
            discussion: """
                Trains on the shifted training split and evaluates on the shifted test split after every epoch, \
                stopping at --target-accuracy, a --cutoff plateau rule, or --max-epochs. Prints epochs, kWh and \
                kg CO2eq (with the energy method that produced them), gradient norms and parameter change. \
                --from-scratch also trains a fresh model of the same architecture to the same target, so you \
                can see when reusing is not worth it.
                """
        )

        @Option(help: "The model file (.safetensors).")
        var model: String

        @Option(help: "The dataset.")
        var dataset = "builtin:shapes"

        @Option(help: "The shift to recover from, as type:level.")
        var shift: String

        @OptionGroup var retraining: RetrainOptionGroup
        @OptionGroup var energy: EnergyOptionGroup

        @Flag(help: "Also train from scratch to the same target and compare.")
        var fromScratch = false

        @Option(name: .shortAndLong, help: "Write the retrained model here.")
        var out: String?

        @Option(help: "Append a row per run to this CodeCarbon-style emissions.csv.")
        var emissions: String?

        @Flag(help: "Print the records as JSON.")
        var json = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let logger = global.makeLogger()
            let options = try retraining.makeOptions()
            let shift = try Shift(parsing: self.shift)
            let base = try Model(contentsOfFile: model)
            let data = try ShiftedData(spec: dataset, shift: shift)
            let retrainer = try energy.makeRetrainer(options: options)
            var records: [RetrainRecord] = []
            for scratch in fromScratch ? [false, true] : [false] {
                var bar = global.progressBar(unit: "images")
                let label = scratch ? "from scratch" : "retrain"
                let (record, trained) = try retrainer.run(
                    base, shift: shift.description, train: data.train, test: data.test, fromScratch: scratch,
                    logger: logger,
                    onBatch: { p in
                        bar.update(
                            completed: Double(min(p.batch * options.batchSize, data.train.count)),
                            of: Double(data.train.count),
                            String(format: "%@ epoch %d  batch %d/%d  loss %.4f  acc %.1f%%", label, p.epoch + 1, p.batch, p.batchCount, p.loss, p.accuracy * 100))
                    },
                    onEpoch: { e in
                        bar.finish(String(format: "%@ epoch %d  loss %.4f  test acc %.1f%%  grad norm %.3f  %.1f J", label, e.epoch, e.trainLoss, e.testAccuracy * 100, e.gradientNorm, e.joules))
                    })
                records.append(record)
                if !scratch, let out { try trained.write(toFile: out) }
                if let emissions { try energy.appendEmissions(record, task: "\(label) \(shift)", to: emissions) }
            }
            if json {
                try JSONOutput.print(records)
                return
            }
            for record in records { print(Self.summary(record)) }
            if records.count == 2 { print(Self.verdict(reuse: records[0], scratch: records[1])) }
        }

        /// Whether reusing the model beat training from scratch to the same target.
        static func verdict(reuse: RetrainRecord, scratch: RetrainRecord) -> String {
            switch (reuse.reachedTarget, scratch.reachedTarget) {
            case (true, true):
                let (a, b) = (reuse.kilowattHours, scratch.kilowattHours)
                return a <= b
                    ? String(format: "reusing the model saves %.0f%% of the energy of training from scratch", (1 - a / max(b, 1e-300)) * 100)
                    : String(format: "reusing is not worth it: training from scratch took %.0f%% less energy", (1 - b / max(a, 1e-300)) * 100)
            case (true, false):
                return "reusing reaches the target; training from scratch did not within \(scratch.options.maxEpochs) epochs"
            case (false, true):
                return "reusing is not worth it: training from scratch reached the target and retraining did not"
            case (false, false):
                return "neither reached the target within \(reuse.options.maxEpochs) epochs; raise --max-epochs to compare"
            }
        }

        static func summary(_ record: RetrainRecord) -> String {
            String(
                format: """
                    %@ under %@: %d epochs (stopped: %@), accuracy %.1f%% → %.1f%%
                      energy %.3g kWh (%@), %.3g kg CO2eq at %.0f g/kWh%@, PUE %.2f, %.1f s
                      mean gradient norm %.4f, parameter change %.5f
                    """,
                record.fromScratch ? "from scratch" : "retrained", record.shift, record.epochs, record.stop.rawValue,
                record.startAccuracy * 100, record.finalAccuracy * 100, record.kilowattHours,
                record.energy.method.rawValue, record.kilogramsCO2eq, record.accounting.intensity.gramsPerKWh,
                " (\(record.accounting.intensity.code))", record.accounting.pue, record.wallSeconds,
                record.meanGradientNorm, record.parameterChange)
        }
    }
}

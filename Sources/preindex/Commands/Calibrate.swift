import ArgumentParser
import Datasets
import Foundation
import Measures
import Networks
import Reports
import Retraining
import Shifts

extension Preindex {
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retrain under calibration shifts for real and fit PreIndex → epochs, kWh, kg CO2eq.",
            discussion: """
                For each --shift: measures PreIndex (and every component, ARM and the shifted accuracy) from one \
                forward pass, then really retrains the model to --target-accuracy and records the cost. Per cost it \
                keeps the predictor and form (linear or log-linear, one or two predictors) with the lowest \
                leave-one-out error, and writes the calibration beside the model (m.safetensors → m.calibration.json). \
                Prints Spearman ρ and Pearson r of every predictor against epochs, kWh, gradient norm and parameter \
                change.
                """
        )

        @Option(help: "The model file (.safetensors).")
        var model: String

        @Option(help: "The dataset.")
        var dataset = "builtin:shapes"

        @Option(name: .customLong("shift"), help: "A calibration shift type:level (at least 4).")
        var shifts: [String] = []

        @Option(help: "Samples measured per shift (a seeded subset of the training split).")
        var samples = 2_000

        @OptionGroup var retraining: RetrainOptionGroup
        @OptionGroup var energy: EnergyOptionGroup

        @Option(name: .shortAndLong, help: "Where to write the calibration (default: beside the model).")
        var out: String?

        @Flag(help: "Print the calibration as JSON.")
        var json = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard shifts.count >= 4 else { throw ValidationError("give at least 4 --shift options to calibrate on, got \(shifts.count)") }
        }

        func run() throws {
            let logger = global.makeLogger()
            let options = try retraining.makeOptions()
            let shifts = try ShiftedMeasurement.shifts(self.shifts, seed: retraining.seed)
            let base = try Model(contentsOfFile: model)
            let splits = try DatasetSpec(parsing: dataset).load()
            let data = try ShiftedMeasurement.data(
                from: splits, named: dataset, testSplit: false, samples: samples, seed: retraining.seed, for: base)
            let measured = try ShiftedMeasurement(model: base, data: data, shifts: shifts)
                .runWithProgress(global.progressBar(unit: "samples"))
            let retrainer = try energy.makeRetrainer(options: options)
            var points: [CalibrationPoint] = []
            for (shift, measure) in zip(shifts, measured) {
                let shiftedData = try ShiftedData(splits: splits, shift: shift)
                var bar = global.progressBar(unit: "images")
                let images = shiftedData.train.count
                let (record, _) = try retrainer.run(
                    base, shift: shift.description, train: shiftedData.train, test: shiftedData.test, logger: logger,
                    onBatch: { p in
                        bar.update(
                            completed: Double(min(p.batch * options.batchSize, images)), of: Double(images),
                            "\(shift) epoch \(p.epoch + 1) batch \(p.batch)/\(p.batchCount)")
                    })
                bar.finish(String(format: "%@: %d epochs (%@), %.3g kWh", shift.description, record.epochs, record.stop.rawValue, record.kilowattHours))
                points.append(CalibrationPoint(measure: measure, retrain: record))
            }
            let calibration = try Calibration.fit(
                points: points, architecture: base.architecture, model: model, dataset: dataset, options: options)
            let path = out ?? Calibration.defaultPath(forModel: model)
            try calibration.write(toFile: path)
            if json {
                try JSONOutput.print(calibration)
            } else {
                print(Self.report(calibration))
                print("wrote \(path)")
            }
        }

        static func report(_ calibration: Calibration) -> String {
            var points = TextTable(header: ["shift", "preindex", "epochs", "stop", "kWh", "kg CO2eq", "energy method", "grad norm", "param change"])
            for point in calibration.points {
                points.rows.append([
                    point.shift, String(format: "%.5f", point.predictors["preindex"] ?? .nan), String(point.epochs),
                    point.stop.rawValue, String(format: "%.3g", point.kilowattHours), String(format: "%.3g", point.kilogramsCO2eq),
                    point.energyMethod, String(format: "%.4f", point.gradientNorm), String(format: "%.5f", point.parameterChange),
                ])
            }
            var fits = TextTable(header: ["cost", "fit", "LOO MAPE"])
            for cost in Cost.allCases {
                guard let fit = calibration.fits[cost.rawValue] else { continue }
                fits.rows.append([cost.rawValue, fit.description, String(format: "%.1f%%", fit.looMAPE * 100)])
            }
            var correlations = TextTable(header: ["predictor", "ρ epochs", "ρ kWh", "ρ grad norm", "ρ param change", "r epochs", "r kWh"])
            let ranked = calibration.correlations.sorted { abs($0.value["kwh"]?.spearman ?? 0) > abs($1.value["kwh"]?.spearman ?? 0) }
            for (name, values) in ranked {
                let f = { (x: Double?) in x.map { $0.isNaN ? "–" : String(format: "%+.2f", $0) } ?? "–" }
                correlations.rows.append([
                    name, f(values["epochs"]?.spearman), f(values["kwh"]?.spearman), f(values["grad_norm"]?.spearman),
                    f(values["param_change"]?.spearman), f(values["epochs"]?.pearson), f(values["kwh"]?.pearson),
                ])
            }
            return [points.rendered, "", fits.rendered, "", correlations.rendered].joined(separator: "\n")
        }
    }
}

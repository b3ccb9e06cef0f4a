import ArgumentParser
import Foundation
import Measures
import Networks
import Reports
import Retraining

extension Preindex {
    struct Estimate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Predict retraining costs of new shifts from PreIndex alone, with intervals.",
            discussion: """
                Measures each --shift with one forward pass and applies the model's calibration (from `preindex \
                calibrate`). Intervals come from the calibration's leave-one-out residuals; an estimate whose \
                predictor lies outside the calibrated range is flagged as an extrapolation.
                """
        )

        @Option(help: "The model file (.safetensors).")
        var model: String

        @Option(help: "The dataset.")
        var dataset = "builtin:shapes"

        @Option(name: .customLong("shift"), help: "A shift type:level to estimate (repeat for several).")
        var shifts: [String] = []

        @Option(help: "The calibration file (default: beside the model).")
        var calibration: String?

        @Option(help: "Samples measured per shift.")
        var samples = 2_000

        @Option(help: "Seed for the subset and the shifts.")
        var seed: UInt64 = 0

        @Flag(help: "Print the estimates as JSON.")
        var json = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard !shifts.isEmpty else { throw ValidationError("give at least one --shift to estimate") }
        }

        struct Row: Codable {
            var shift: String
            var preindex: Double
            var estimates: [Retraining.Estimate]
        }

        func run() throws {
            _ = global.makeLogger()
            let calibration = try Calibration(contentsOfFile: self.calibration ?? Calibration.defaultPath(forModel: model))
            let network = try Model(contentsOfFile: model)
            guard calibration.architecture == network.architecture else {
                throw RetrainError(.invalidFile, "the calibration is for a \(calibration.architecture.name.rawValue) with other inputs; recalibrate this model")
            }
            let data = try ShiftedMeasurement.data(spec: dataset, testSplit: false, samples: samples, seed: seed, for: network)
            let results = try ShiftedMeasurement(
                model: network, data: data, shifts: try ShiftedMeasurement.shifts(shifts, seed: seed)
            ).runWithProgress(global.progressBar(unit: "samples"))
            let rows = results.map { Row(shift: $0.shift ?? "?", preindex: $0.preindex, estimates: calibration.estimate($0)) }
            if json {
                try JSONOutput.print(rows)
                return
            }
            var table = TextTable(header: ["shift", "preindex"] + Cost.allCases.map(\.rawValue) + ["note"])
            for row in rows {
                let cells = Cost.allCases.map { cost -> String in
                    guard let e = row.estimates.first(where: { $0.cost == cost }) else { return "–" }
                    return String(format: "%.4g [%.4g–%.4g]", e.value, e.low, e.high)
                }
                let extrapolated = row.estimates.contains(where: \.extrapolated)
                table.rows.append([row.shift, String(format: "%.5f", row.preindex)] + cells + [extrapolated ? "extrapolated" : ""])
            }
            print(table.rendered)
            let methods = Set(calibration.points.map(\.energyMethod)).sorted().joined(separator: ", ")
            print("energy calibrated with the \(methods) method; kg CO2eq at the calibration's grid intensity and PUE")
            for cost in Cost.allCases {
                if let fit = calibration.fits[cost.rawValue] {
                    print("\(cost.rawValue): \(fit.description), leave-one-out MAPE \(String(format: "%.1f%%", fit.looMAPE * 100))")
                }
            }
        }
    }
}

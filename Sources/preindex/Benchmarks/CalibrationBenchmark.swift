import Datasets
import Foundation
import Networks
import Retraining

/// `preindex bench calibrate`: the experiment behind the calibration — does PreIndex rank real
/// retraining costs? resnet-mini on builtin:shapes, gaussian and blur at four levels each.
struct CalibrationBenchmark {
    var dataset = "builtin:shapes?train=4000&test=1000&seed=0"
    var shifts = ["gaussian:0.02", "gaussian:0.05", "gaussian:0.1", "gaussian:0.2", "blur:0.5", "blur:1", "blur:1.5", "blur:2"]
    var directory = FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/preindex"

    func run() throws -> [BenchmarkResult] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let model = directory + "/bench-calibrate-resnet-mini.safetensors"
        if !FileManager.default.fileExists(atPath: model) {
            try Preindex.Train.parse(["--arch", "resnet-mini", "--dataset", dataset, "--epochs", "6", "--out", model]).run()
        }
        var base = try Model(contentsOfFile: model)
        let test = try DatasetSpec(parsing: dataset).load().test!
        let clean = try base.evaluate(try Batches(test, batchSize: 256).labelled)
        // Recover to within a point of the clean accuracy: mild shifts need no epochs, severe ones several.
        let target = (clean.accuracy - 0.01).rounded(toPlaces: 2)
        let output = directory + "/bench-calibrate.calibration.json"
        try Preindex.Calibrate.parse(
            ["--model", model, "--dataset", dataset, "--samples", "1000", "--target-accuracy", String(target),
             "--max-epochs", "10", "--cutoff", "0.005:3", "--out", output] + shifts.flatMap { ["--shift", $0] }
        ).run()
        let calibration = try Calibration(contentsOfFile: output)
        let preindex = calibration.correlations["preindex"] ?? [:]
        let bestForKWh = calibration.correlations.max { abs($0.value["kwh"]?.spearman ?? 0) < abs($1.value["kwh"]?.spearman ?? 0) }
        return [
            BenchmarkResult(name: "clean test accuracy of the base model", value: clean.accuracy * 100, unit: "%"),
            BenchmarkResult(name: "retraining target accuracy", value: target * 100, unit: "%"),
            BenchmarkResult(name: "Spearman ρ(preindex, epochs)", value: preindex["epochs"]?.spearman ?? .nan, unit: ""),
            BenchmarkResult(name: "Spearman ρ(preindex, kWh)", value: preindex["kwh"]?.spearman ?? .nan, unit: ""),
            BenchmarkResult(name: "best |ρ| with kWh: \(bestForKWh?.key ?? "?")", value: bestForKWh?.value["kwh"]?.spearman ?? .nan, unit: ""),
            BenchmarkResult(
                name: "kWh fit: \(calibration.fits["kwh"].map { "\($0.form.rawValue) on \($0.predictors.joined(separator: "+"))" } ?? "?")",
                value: (calibration.fits["kwh"]?.looMAPE ?? .nan) * 100, unit: "% LOO MAPE"),
        ]
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded(.down) / scale
    }
}

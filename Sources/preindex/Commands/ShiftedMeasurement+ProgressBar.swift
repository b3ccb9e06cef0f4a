import Measures
import Retraining

extension ShiftedMeasurement {
    /// Runs the measurement showing its progress on `bar` (counting samples), ending with a line that says what
    /// was measured.
    func runWithProgress(_ bar: ProgressBar = ProgressBar(unit: "samples"), dumpDirectory: String? = nil, seed: UInt64 = 0) throws -> [MeasureResult] {
        var bar = bar
        let total = Double(data.count)
        let results = try run(dumpDirectory: dumpDirectory, seed: seed) { fraction, _ in
            bar.update(completed: (fraction * total).rounded(), of: total, "measuring under \(shifts.count) shift(s)")
        }
        bar.finish("measured \(data.count) samples under \(shifts.count) shift(s)")
        return results
    }
}

import Measures
import Retraining

extension ShiftedMeasurement {
    /// Runs the measurement with a progress bar on standard error, ending with a line that says what was measured.
    func runWithProgress(dumpDirectory: String? = nil, seed: UInt64 = 0) throws -> [MeasureResult] {
        var bar = ProgressBar()
        let results = try run(dumpDirectory: dumpDirectory, seed: seed) { fraction, status in
            bar.update(fraction: fraction, status)
        }
        bar.finish("measured \(data.count) samples under \(shifts.count) shift(s)")
        return results
    }
}

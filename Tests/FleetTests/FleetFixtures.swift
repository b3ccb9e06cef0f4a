import Fleet
import Foundation
import Measures
import Retraining

/// Synthetic fleets with known cost laws.
enum FleetFixtures {
    /// Calibration index values: 0.1, 0.2, … (count of them).
    static func calibrationIndices(_ count: Int) -> [Double] { (1...count).map { Double($0) / 10 } }

    /// Points where kWh = `kwh(preindex)` (+ `noise[i]`), epochs = `epochs(preindex)`, kg = kWh × `gramsPerKWh` / 1000.
    static func points(
        count: Int = 6, kwh: (Double) -> Double = { 2 * $0 + 0.1 }, epochs: (Double) -> Int = { Int((5 + 20 * $0).rounded()) },
        gramsPerKWh: Double = 400, noise: [Double] = []
    ) -> [CalibrationPoint] {
        calibrationIndices(count).enumerated().map { index, preindex in
            let energy = kwh(preindex) + (index < noise.count ? noise[index] : 0)
            return CalibrationPoint(
                shift: "gaussian:\(preindex)", predictors: ["preindex": preindex], epochs: epochs(preindex),
                kilowattHours: energy, kilogramsCO2eq: energy * gramsPerKWh / 1000)
        }
    }

    /// A measurement of `shift` whose index is `preindex`; the other components are zero.
    static func measurement(shift: String?, preindex: Double) throws -> MeasureResult {
        let row = Dictionary(uniqueKeysWithValues: Distance.allCases.map { ($0.rawValue, 0.0) })
        let table = Dictionary(uniqueKeysWithValues: PreIndexComponents.binCounts.map { (String($0), row) })
        let components = try JSONDecoder().decode(PreIndexComponents.self, from: JSONEncoder().encode(table))
        return MeasureResult(
            shift: shift, samples: 100, layers: ["fc1"], embeddingLayer: "fc1", mode: .reference, p: components,
            invARI: .init(clean: 0, shiftedOwn: 0, shiftedClean: 0), arm: 0, armPerLayer: ["fc1": 0],
            accuracy: .init(clean: 0.9, shifted: 0.8), formula: .default, preindex: preindex)
    }

    /// A member measured under `shifts` (`"type:level"` → index `level`).
    static func member(
        _ name: String, points: [CalibrationPoint] = points(), shifts: [String] = ["gaussian:0.15", "gaussian:0.35", "blur:0.25"],
        maxEpochs: Int? = nil, scratch: MeasuredCost? = nil, evaluation: MeasuredCost? = nil
    ) throws -> FleetMember {
        FleetMember(
            name: name, architecture: "mlp", calibrationPoints: points,
            measurements: try shifts.map { try measurement(shift: $0, preindex: Double($0.split(separator: ":")[1])!) },
            maxEpochs: maxEpochs, scratchCost: scratch, evaluationCost: evaluation)
    }

    /// Two nodes: a clean grid (FRA, 56 g/kWh) and a dirty one (IND, 713 g/kWh).
    static let nodes = [
        NodeEnergy(node: "w2", region: "IND", method: "rapl", tasks: 5, kilowattHours: 0.2, kilogramsCO2eq: 0.1426, gramsPerKWh: 713),
        NodeEnergy(node: "w1", region: "FRA", method: "cpu-model", tasks: 7, kilowattHours: 0.3, kilogramsCO2eq: 0.0168, gramsPerKWh: 56),
    ]
}

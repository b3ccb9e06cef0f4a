import Foundation
import Measures
import Networks

/// What a retraining decision costs, as PreIndex estimates it.
public enum Cost: String, Codable, Sendable, CaseIterable {
    case epochs
    case kilowattHours = "kwh"
    case kilogramsCO2eq = "kg_co2eq"
}

/// One calibration shift: what was measured from one forward pass, and what retraining really cost.
public struct CalibrationPoint: Codable, Sendable {
    public var shift: String
    /// Candidate predictors by name: `preindex`, every ``Formula`` component, `accuracy.shifted`.
    public var predictors: [String: Double]
    public var epochs: Int
    public var kilowattHours: Double
    public var kilogramsCO2eq: Double
    public var gradientNorm: Double
    public var parameterChange: Double
    public var stop: StopReason
    /// The method that measured the energy (`rapl`, `cpu-model`, `codecarbon`).
    public var energyMethod: String

    public init(
        shift: String, predictors: [String: Double], epochs: Int, kilowattHours: Double, kilogramsCO2eq: Double,
        gradientNorm: Double = 0, parameterChange: Double = 0, stop: StopReason = .target, energyMethod: String = "cpu-model"
    ) {
        self.energyMethod = energyMethod
        self.shift = shift
        self.predictors = predictors
        self.epochs = epochs
        self.kilowattHours = kilowattHours
        self.kilogramsCO2eq = kilogramsCO2eq
        self.gradientNorm = gradientNorm
        self.parameterChange = parameterChange
        self.stop = stop
    }

    public init(measure: MeasureResult, retrain: RetrainRecord) {
        shift = retrain.shift
        predictors = Self.predictors(from: measure)
        epochs = retrain.epochs
        kilowattHours = retrain.kilowattHours
        kilogramsCO2eq = retrain.kilogramsCO2eq
        gradientNorm = retrain.meanGradientNorm
        parameterChange = retrain.parameterChange
        stop = retrain.stop
        energyMethod = retrain.energy.method.rawValue
    }

    /// The predictors a measurement offers.
    public static func predictors(from result: MeasureResult) -> [String: Double] {
        var values = ["preindex": result.preindex]
        for name in Formula.componentNames { values[name] = result.component(name) }
        values["accuracy.shifted"] = result.accuracy?.shifted
        return values.filter { $0.value.isFinite }
    }

    public func value(of cost: Cost) -> Double {
        switch cost {
        case .epochs: Double(epochs)
        case .kilowattHours: kilowattHours
        case .kilogramsCO2eq: kilogramsCO2eq
        }
    }
}

/// Spearman ρ and Pearson r of one predictor against one outcome over the calibration points.
public struct CorrelationPair: Codable, Sendable, Hashable {
    public var spearman: Double
    public var pearson: Double
}

/// A model's calibration: real retraining costs under calibration shifts, and per cost the
/// mapping from measured predictors that predicts them best by leave-one-out error.
public struct Calibration: Codable, Sendable {
    private init(
        architecture: Architecture, model: String, dataset: String, options: RetrainOptions, points: [CalibrationPoint],
        fits: [String: CostFit], correlations: [String: [String: CorrelationPair]]
    ) {
        self.architecture = architecture
        self.model = model
        self.dataset = dataset
        self.options = options
        self.points = points
        self.fits = fits
        self.correlations = correlations
    }

    public var architecture: Architecture
    public var model: String
    public var dataset: String
    public var options: RetrainOptions
    public var points: [CalibrationPoint]
    /// Per cost (``Cost`` raw value), the chosen fit.
    public var fits: [String: CostFit]
    /// Per predictor, per outcome (epochs, kwh, grad_norm, param_change), the correlations.
    public var correlations: [String: [String: CorrelationPair]]

    /// Fits every cost on the points (see ``CostModel/fit(points:)``) and records what they calibrate.
    ///
    /// - Throws: ``RetrainError/Code/calibration`` with fewer than 4 points or nothing fittable.
    public static func fit(
        points: [CalibrationPoint], architecture: Architecture, model: String, dataset: String, options: RetrainOptions
    ) throws(RetrainError) -> Calibration {
        let fitted = try CostModel.fit(points: points)
        return Calibration(
            architecture: architecture, model: model, dataset: dataset, options: options, points: fitted.points,
            fits: fitted.fits, correlations: fitted.correlations)
    }

    /// The fits and correlations alone.
    public var costModel: CostModel { CostModel(points: points, fits: fits, correlations: correlations) }

    /// The estimate of every cost for a new measurement.
    public func estimate(_ result: MeasureResult) -> [Estimate] { costModel.estimate(result) }

    /// Correlations of a constant predictor are undefined (NaN): they are written as strings.
    static let nonFiniteEncoding = NonFiniteJSON.encoding
    static let nonFiniteNumbers = NonFiniteJSON.decoding

    /// Where a calibration is stored by default: beside the model, `m.safetensors` → `m.calibration.json`.
    public static func defaultPath(forModel path: String) -> String {
        (path.hasSuffix(".safetensors") ? String(path.dropLast(".safetensors".count)) : path) + ".calibration.json"
    }

    /// Reads a calibration file.
    public init(contentsOfFile path: String) throws(RetrainError) {
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = Self.nonFiniteNumbers
            self = try decoder.decode(Calibration.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw RetrainError(.invalidFile, "cannot read the calibration \(path): run `preindex calibrate` first (\(error.localizedDescription))")
        }
    }

    /// Writes the calibration as JSON.
    public func write(toFile path: String) throws(RetrainError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = Self.nonFiniteEncoding
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw RetrainError(.invalidFile, "cannot write the calibration to \(path): \(error.localizedDescription)")
        }
    }
}

/// One predicted cost with its interval and provenance.
public struct Estimate: Codable, Sendable {
    public var cost: Cost
    public var value: Double
    public var low: Double
    public var high: Double
    /// A predictor lies outside the calibrated range: the estimate is an extrapolation.
    public var extrapolated: Bool
    public var predictors: [String]
    public var form: CostFit.Form
    public var looMAPE: Double
}

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

    /// Fits every cost on the points.
    ///
    /// Candidates: each predictor alone, linear and log-linear (2 parameters, needs ≥ 4 points so
    /// that every leave-one-out fit keeps a spare point), and the best single predictor paired with
    /// each other one (3 parameters, needs ≥ 5 points). The lowest leave-one-out MAPE wins.
    ///
    /// - Throws: ``RetrainError/Code/calibration`` with fewer than 4 points or nothing fittable.
    public static func fit(
        points: [CalibrationPoint], architecture: Architecture, model: String, dataset: String, options: RetrainOptions
    ) throws(RetrainError) -> Calibration {
        guard points.count >= 4 else {
            throw RetrainError(.calibration, "calibration needs at least 4 shifts, got \(points.count); add more --shift options")
        }
        let names = points.dropFirst().reduce(Set(points[0].predictors.keys)) { $0.intersection($1.predictors.keys) }
            .sorted()
        var fits: [String: CostFit] = [:]
        for cost in Cost.allCases {
            let costs = points.map { $0.value(of: cost) }
            guard let best = bestFit(names: names, points: points, costs: costs) else {
                throw RetrainError(.calibration, "no predictor fits the measured \(cost.rawValue) (all equal or degenerate)")
            }
            fits[cost.rawValue] = best
        }
        var correlations: [String: [String: CorrelationPair]] = [:]
        let outcomes: [(String, (CalibrationPoint) -> Double)] = [
            ("epochs", { Double($0.epochs) }), ("kwh", \.kilowattHours), ("grad_norm", \.gradientNorm),
            ("param_change", \.parameterChange),
        ]
        for name in names {
            let x = points.map { $0.predictors[name]! }
            correlations[name] = Dictionary(uniqueKeysWithValues: outcomes.map { outcome, value in
                let y = points.map(value)
                return (outcome, CorrelationPair(spearman: Correlation.spearman(x, y), pearson: Correlation.pearson(x, y)))
            })
        }
        return Calibration(
            architecture: architecture, model: model, dataset: dataset, options: options, points: points, fits: fits,
            correlations: correlations)
    }

    private static func bestFit(names: [String], points: [CalibrationPoint], costs: [Double]) -> CostFit? {
        func candidate(_ predictors: [String], _ form: CostFit.Form) -> CostFit? {
            // Parameters + 2 points at least: each leave-one-out fit then has one point to spare.
            guard points.count >= predictors.count + 3 else { return nil }
            let inputs = points.map { point in predictors.map { point.predictors[$0]! } }
            return CostFit.fit(form: form, predictors: predictors, inputs: inputs, costs: costs)
        }
        let singles = names.flatMap { name in CostFit.Form.allCases.compactMap { candidate([name], $0) } }
        guard let bestSingle = singles.min(by: { $0.looMAPE < $1.looMAPE }) else { return nil }
        let pairs = names.filter { $0 != bestSingle.predictors[0] }.flatMap { other in
            CostFit.Form.allCases.compactMap { candidate([bestSingle.predictors[0], other], $0) }
        }
        return (singles + pairs).min { $0.looMAPE < $1.looMAPE }
    }

    /// The estimate of every cost for a new measurement.
    public func estimate(_ result: MeasureResult) -> [Estimate] {
        let predictors = CalibrationPoint.predictors(from: result)
        return Cost.allCases.compactMap { cost in
            guard let fit = fits[cost.rawValue] else { return nil }
            let input = fit.predictors.map { predictors[$0] ?? .nan }
            let value = fit.predict(input)
            let interval = fit.interval(around: value)
            return Estimate(
                cost: cost, value: value, low: interval.low, high: interval.high, extrapolated: fit.extrapolates(input),
                predictors: fit.predictors, form: fit.form, looMAPE: fit.looMAPE)
        }
    }

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

import Measures

/// The fitted half of a ``Calibration``: per ``Cost`` the best ``CostFit`` on calibration points,
/// and the correlations of every predictor with the outcomes — without the model, dataset and
/// retraining options a ``Calibration`` records beside it.
///
/// A coordinator that has the calibration points of a model (from its workers) but not the
/// model file fits this directly with ``fit(points:)``; ``Calibration/fit(points:architecture:model:dataset:options:)``
/// fits the same way and adds the provenance.
public struct CostModel: Codable, Sendable {
    /// The points the fits were made on.
    public var points: [CalibrationPoint]
    /// Per cost (``Cost`` raw value), the chosen fit.
    public var fits: [String: CostFit]
    /// Per predictor, per outcome (epochs, kwh, grad_norm, param_change), the correlations.
    public var correlations: [String: [String: CorrelationPair]]

    init(points: [CalibrationPoint], fits: [String: CostFit], correlations: [String: [String: CorrelationPair]]) {
        self.points = points
        self.fits = fits
        self.correlations = correlations
    }

    /// Fits every cost on the points.
    ///
    /// Candidates: each predictor alone, linear and log-linear (2 parameters, needs ≥ 4 points so
    /// that every leave-one-out fit keeps a spare point), and the best single predictor paired with
    /// each other one (3 parameters, needs ≥ 5 points). The lowest leave-one-out MAPE wins.
    ///
    /// - Throws: ``RetrainError/Code/calibration`` with fewer than 4 points or nothing fittable.
    public static func fit(points: [CalibrationPoint]) throws(RetrainError) -> CostModel {
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
        return CostModel(points: points, fits: fits, correlations: correlations)
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
}

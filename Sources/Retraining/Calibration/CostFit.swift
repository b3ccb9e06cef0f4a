import Foundation

/// A least-squares mapping from one or two predictors to a cost, and its leave-one-out error.
///
/// ```
/// linear      cost = a + b·x (+ c·x₂)
/// log-linear  cost = exp(a + b·x (+ c·x₂))     (fitted on ln cost; needs every cost > 0)
/// ```
/// Both are monotone in each predictor. The leave-one-out error refits without each point in
/// turn and predicts it: `looMAPE` is the mean of |predicted − actual| / actual — with the
/// denominator floored at the mean cost, since a calibration shift that needs no retraining has
/// cost 0 and would make a plain percentage infinite — and the residuals, relative to the same
/// floored scale, give the estimate's interval.
public struct CostFit: Codable, Sendable, Hashable {
    public enum Form: String, Codable, Sendable, CaseIterable {
        case linear
        case logLinear = "log-linear"
    }

    public var predictors: [String]
    public var form: Form
    /// `[a, b]` or `[a, b, c]`.
    public var coefficients: [Double]
    /// Mean absolute percentage error of leave-one-out predictions (0.1 = 10%).
    public var looMAPE: Double
    /// `(actual − predicted) / max(|predicted|, mean cost)` of each leave-one-out prediction.
    public var looRelativeResiduals: [Double]
    /// The mean calibration cost: the floor of the denominators above.
    public var costScale: Double
    /// The calibrated range of each predictor: `[min, max]`.
    public var ranges: [[Double]]

    /// The number of fitted parameters.
    public var parameterCount: Int { coefficients.count }

    /// Fits `costs` on the `predictors` columns of `inputs` (one row per calibration point).
    ///
    /// - Returns: `nil` when the form does not apply (log of a non-positive cost) or the system is singular.
    public static func fit(form: Form, predictors: [String], inputs: [[Double]], costs: [Double]) -> CostFit? {
        guard let coefficients = solve(form: form, inputs: inputs, costs: costs) else { return nil }
        let scale = max(costs.map(abs).reduce(0, +) / Double(costs.count), 1e-300)
        var residuals: [Double] = []
        var errors: [Double] = []
        for left in inputs.indices {
            let rest = inputs.indices.filter { $0 != left }
            guard let loo = solve(form: form, inputs: rest.map { inputs[$0] }, costs: rest.map { costs[$0] }) else {
                return nil
            }
            let predicted = evaluate(form: form, coefficients: loo, input: inputs[left])
            guard predicted.isFinite else { return nil }
            residuals.append((costs[left] - predicted) / max(abs(predicted), scale))
            errors.append(abs(predicted - costs[left]) / max(abs(costs[left]), scale))
        }
        let ranges = predictors.indices.map { column in
            [inputs.map { $0[column] }.min()!, inputs.map { $0[column] }.max()!]
        }
        return CostFit(
            predictors: predictors, form: form, coefficients: coefficients,
            looMAPE: errors.reduce(0, +) / Double(errors.count), looRelativeResiduals: residuals, costScale: scale,
            ranges: ranges)
    }

    /// The cost predicted for predictor values `input` (in ``predictors`` order).
    public func predict(_ input: [Double]) -> Double {
        Self.evaluate(form: form, coefficients: coefficients, input: input)
    }

    /// Whether any predictor value lies outside the calibrated range.
    public func extrapolates(_ input: [Double]) -> Bool {
        zip(input, ranges).contains { $0 < $1[0] || $0 > $1[1] }
    }

    /// `predicted + r · max(|predicted|, costScale)` for the smallest and largest leave-one-out
    /// relative residual r.
    public func interval(around predicted: Double) -> (low: Double, high: Double) {
        let low = looRelativeResiduals.min() ?? 0, high = looRelativeResiduals.max() ?? 0
        let unit = max(abs(predicted), costScale)
        return (predicted + low * unit, predicted + high * unit)
    }

    public var description: String {
        let terms = zip(coefficients.dropFirst(), predictors).map { String(format: "%+.4g·%@", $0, $1) }.joined(separator: " ")
        let body = String(format: "%.4g", coefficients[0]) + " " + terms
        return form == .linear ? body : "exp(\(body))"
    }

    private static func evaluate(form: Form, coefficients: [Double], input: [Double]) -> Double {
        let linear = coefficients[0] + zip(coefficients.dropFirst(), input).reduce(0) { $0 + $1.0 * $1.1 }
        return form == .linear ? linear : exp(linear)
    }

    /// Ordinary least squares through the normal equations (at most 3 unknowns), in `Double`.
    private static func solve(form: Form, inputs: [[Double]], costs: [Double]) -> [Double]? {
        let targets: [Double]
        switch form {
        case .linear: targets = costs
        case .logLinear:
            guard costs.allSatisfy({ $0 > 0 }) else { return nil }
            targets = costs.map { log($0) }
        }
        let p = (inputs.first?.count ?? 0) + 1
        guard inputs.count >= p else { return nil }
        var a = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p)
        for (row, y) in zip(inputs, targets) {
            let x = [1.0] + row
            for i in 0..<p {
                for j in 0..<p { a[i][j] += x[i] * x[j] }
                a[i][p] += x[i] * y
            }
        }
        // Gauss–Jordan with partial pivoting.
        for column in 0..<p {
            guard let pivot = (column..<p).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
                abs(a[pivot][column]) > 1e-12 * max(1, a.map { abs($0[column]) }.max()!)
            else { return nil }
            a.swapAt(column, pivot)
            for row in 0..<p where row != column {
                let factor = a[row][column] / a[column][column]
                for k in column...p { a[row][k] -= factor * a[column][k] }
            }
        }
        return (0..<p).map { a[$0][p] / a[$0][$0] }
    }
}

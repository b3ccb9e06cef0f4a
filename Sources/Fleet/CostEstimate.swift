/// One estimated cost of a retrain: the value and its interval from the calibration.
public struct CostEstimate: Codable, Sendable, Hashable {
    /// The fit's prediction.
    public var value: Double
    /// The lower end of the interval: the value plus the fit's most negative leave-one-out relative residual.
    public var low: Double
    /// The upper end of the interval: the value plus its most positive leave-one-out relative residual.
    public var high: Double
    /// A predictor lies outside the calibrated range: the estimate is an extrapolation.
    public var extrapolated: Bool

    /// An estimate from its parts.
    public init(value: Double, low: Double, high: Double, extrapolated: Bool) {
        self.value = value
        self.low = low
        self.high = high
        self.extrapolated = extrapolated
    }
}

extension CostEstimate {
    /// The same estimate, value and interval × `factor` (kWh → kg CO2eq at an intensity).
    func scaled(by factor: Double) -> CostEstimate {
        CostEstimate(value: value * factor, low: low * factor, high: high * factor, extrapolated: extrapolated)
    }

    /// The sum of `estimates`, ends summed with ends; extrapolated when any is; zero when empty.
    static func sum(_ estimates: [CostEstimate]) -> CostEstimate {
        estimates.reduce(CostEstimate(value: 0, low: 0, high: 0, extrapolated: false)) {
            CostEstimate(
                value: $0.value + $1.value, low: $0.low + $1.low, high: $0.high + $1.high,
                extrapolated: $0.extrapolated || $1.extrapolated)
        }
    }

    /// A metered figure as an estimate: the interval is the value itself.
    init(exactly value: Double) {
        self.init(value: value, low: value, high: value, extrapolated: false)
    }

    /// Whether every figure is finite.
    var isFinite: Bool { value.isFinite && low.isFinite && high.isFinite }
}

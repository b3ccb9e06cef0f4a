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

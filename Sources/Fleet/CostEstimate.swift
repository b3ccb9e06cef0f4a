/// One estimated cost of a retrain: the value and its interval from the calibration.
public struct CostEstimate: Codable, Sendable, Hashable {
    public var value: Double
    /// The interval from the smallest and largest leave-one-out relative residual of the fit.
    public var low: Double
    public var high: Double
    /// A predictor lies outside the calibrated range: the estimate is an extrapolation.
    public var extrapolated: Bool

    public init(value: Double, low: Double, high: Double, extrapolated: Bool) {
        self.value = value
        self.low = low
        self.high = high
        self.extrapolated = extrapolated
    }
}

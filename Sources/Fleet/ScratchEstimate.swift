/// What training a model from scratch would cost: the alternative to retraining it.
///
/// The metered cost of training the model in the job when it was trained there
/// (``FleetMember/scratchCost``); otherwise an upper-bound proxy, the calibration's mean kWh per
/// epoch × the epoch limit (``FleetMember/meanKilowattHoursPerEpoch`` × ``FleetMember/maxEpochs``),
/// flagged by ``isProxy``.
public struct ScratchEstimate: Codable, Sendable, Hashable {
    /// Epochs of the run: metered, or the epoch limit for the proxy; `nil` when not metered.
    public var epochs: Int?
    /// Energy of the run.
    public var kilowattHours: Double
    /// The figure is the upper-bound proxy, not a metered run.
    public var isProxy: Bool

    /// An estimate from its parts.
    public init(epochs: Int?, kilowattHours: Double, isProxy: Bool) {
        self.epochs = epochs
        self.kilowattHours = kilowattHours
        self.isProxy = isProxy
    }
}

extension FleetMember {
    /// What training this model from scratch would cost (see ``ScratchEstimate``), or `nil` when the model
    /// was not trained in the job and its epoch limit or calibration pace is unknown.
    public var scratchEstimate: ScratchEstimate? {
        if let cost = scratchCost {
            return ScratchEstimate(epochs: cost.epochs, kilowattHours: cost.kilowattHours, isProxy: false)
        }
        guard let perEpoch = meanKilowattHoursPerEpoch, let maxEpochs else { return nil }
        return ScratchEstimate(epochs: maxEpochs, kilowattHours: perEpoch * Double(maxEpochs), isProxy: true)
    }
}

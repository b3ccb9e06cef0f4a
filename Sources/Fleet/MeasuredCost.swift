/// What something really cost, as metered: energy, emissions and, for training, epochs.
///
/// Serves both the cost of training a model from scratch (``epochs`` known) and the cost of
/// evaluating it (measure tasks: ``epochs`` is `nil`).
public struct MeasuredCost: Codable, Sendable, Hashable {
    /// Passes over the training data, when the cost is a training run.
    public var epochs: Int?
    /// Energy metered.
    public var kilowattHours: Double
    /// Emissions of that energy at the grid intensity where it was used.
    public var kilogramsCO2eq: Double

    /// A cost from its metered parts.
    public init(kilowattHours: Double, kilogramsCO2eq: Double, epochs: Int? = nil) {
        self.epochs = epochs
        self.kilowattHours = kilowattHours
        self.kilogramsCO2eq = kilogramsCO2eq
    }

    /// Whether every figure is finite and not negative.
    var isValid: Bool {
        kilowattHours.isFinite && kilowattHours >= 0 && kilogramsCO2eq.isFinite && kilogramsCO2eq >= 0
            && (epochs ?? 0) >= 0
    }
}

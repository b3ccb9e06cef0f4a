/// Whether a retrain plan reuses the deployed models or trains new ones (`--prefer`).
public enum PlanPreference: String, Codable, Sendable, CaseIterable {
    /// Retrain the deployed model: its estimated retraining cost.
    case reuse
    /// Train a new model from scratch: the model's from-scratch cost (``ScratchEstimate``).
    case scratch
    /// Per row, retrain where the retraining estimate (kWh) is below the from-scratch cost, otherwise train from
    /// scratch; whichever of the two is known when only one is.
    case auto
}

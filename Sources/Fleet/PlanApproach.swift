/// How one retrain of a plan recovers its model: reuse the deployed model or train from scratch.
public enum PlanApproach: String, Codable, Sendable, CaseIterable {
    /// Retrain the deployed model on the shifted data.
    case reuse
    /// Train a new model of the same architecture on the shifted data.
    case scratch
}

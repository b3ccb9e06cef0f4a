/// How a retrain plan assigns its retrains to worker nodes (`--placement`).
///
/// See ``Placer`` for the exact rules.
public enum PlacementStrategy: String, Codable, Sendable, CaseIterable {
    /// Each retrain to the node whose grid emits least per kWh; ties to the least loaded.
    case greenest
    /// Each retrain to the most capable node (most threads); ties to the least loaded.
    case fastest
    /// Retrains round-robin over the nodes in their order.
    case spread
}

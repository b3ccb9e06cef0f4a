/// A live worker node a retrain plan may place retrains on: where it is, how clean and how capable it is,
/// and how busy.
public struct PlanNode: Codable, Sendable, Hashable {
    /// The node's name as it registered.
    public var node: String
    /// Its grid region code (`FRA`, `us-central1`, `world`).
    public var region: String
    /// Grams of CO2-equivalent per kWh at its region.
    public var gramsPerKWh: Double
    /// Its capability: compute threads, at least 1; equal for all when unknown.
    public var threads: Int
    /// Tasks it is running or has queued now, 0 or more.
    public var load: Int

    /// A node from its parts; ``validate()`` checks them.
    public init(node: String, region: String, gramsPerKWh: Double, threads: Int = 1, load: Int = 0) {
        self.node = node
        self.region = region
        self.gramsPerKWh = gramsPerKWh
        self.threads = threads
        self.load = load
    }

    /// The node that reported `energy` in a job, with `threads` (else the node's own, else 1) and `load`.
    public init(_ energy: NodeEnergy, threads: Int? = nil, load: Int = 0) {
        self.init(
            node: energy.node, region: energy.region, gramsPerKWh: energy.gramsPerKWh,
            threads: max(1, threads ?? energy.threads ?? 1), load: load)
    }

    /// Checks the name, intensity, threads and load.
    ///
    /// - Throws: ``FleetError/Code/invalidNode``.
    public func validate() throws(FleetError) {
        guard !node.isEmpty, gramsPerKWh.isFinite, gramsPerKWh >= 0, threads >= 1, load >= 0 else {
            throw FleetError(
                .invalidNode,
                "node \"\(node)\" has \(gramsPerKWh) g/kWh, \(threads) threads and load \(load); expected a name, "
                    + "a finite intensity 0 or more, at least 1 thread and a load 0 or more")
        }
    }
}

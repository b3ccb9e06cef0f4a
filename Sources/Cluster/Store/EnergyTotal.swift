/// Energy and emissions summed over stored energy reports: per node, or for the whole cluster.
public struct EnergyTotal: Hashable, Sendable {
    /// The node, or `nil` for a cluster-wide total.
    public var nodeID: String?
    /// The node's grid region, or `nil` for a total.
    public var region: String?
    /// How the node measured energy, or `nil` for a total.
    public var method: String?
    /// Distinct tasks that reported energy.
    public var tasks: Int
    /// Energy used, in joules.
    public var joules: Double
    /// Emissions, in kg CO2eq.
    public var kgCO2eq: Double

    /// Creates the value from its fields.
    public init(nodeID: String?, region: String?, method: String?, tasks: Int, joules: Double, kgCO2eq: Double) {
        self.nodeID = nodeID
        self.region = region
        self.method = method
        self.tasks = tasks
        self.joules = joules
        self.kgCO2eq = kgCO2eq
    }

    /// Energy used, in kilowatt-hours.
    public var kilowattHours: Double { joules / EnergyUnits.joulesPerKilowattHour }
}

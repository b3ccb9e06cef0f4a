/// The energy of the whole cluster in a job: every node's summed.
public struct EnergyTotal: Codable, Sendable, Hashable {
    /// Tasks completed on all nodes.
    public var tasks: Int
    /// Energy of all nodes.
    public var kilowattHours: Double
    /// Emissions of all nodes, each at its own grid intensity.
    public var kilogramsCO2eq: Double

    /// The sum over `nodes`.
    public init(nodes: [NodeEnergy]) {
        tasks = nodes.reduce(0) { $0 + $1.tasks }
        kilowattHours = nodes.reduce(0) { $0 + $1.kilowattHours }
        kilogramsCO2eq = nodes.reduce(0) { $0 + $1.kilogramsCO2eq }
    }
}

/// What one worker node of the cluster consumed in a job, and how clean its electricity is.
public struct NodeEnergy: Codable, Sendable, Hashable {
    /// The node's name as it registered.
    public var node: String
    /// Its grid region code (`FRA`, `us-central1`, `world`, `custom`).
    public var region: String
    /// How its energy was measured (`rapl`, `cpu-model`, `codecarbon`).
    public var method: String
    /// Tasks it completed.
    public var tasks: Int
    /// Energy it used in the job.
    public var kilowattHours: Double
    /// Emissions of that energy at its grid intensity.
    public var kilogramsCO2eq: Double
    /// Grams of CO2-equivalent per kWh at its region.
    public var gramsPerKWh: Double
    /// The compute threads each of its tasks runs on (its capability for `fastest` placement), when it said.
    public var threads: Int?

    /// A node's report from its parts; ``Ranking`` checks the figures.
    public init(
        node: String, region: String, method: String, tasks: Int, kilowattHours: Double, kilogramsCO2eq: Double,
        gramsPerKWh: Double, threads: Int? = nil
    ) {
        self.node = node
        self.region = region
        self.method = method
        self.tasks = tasks
        self.kilowattHours = kilowattHours
        self.kilogramsCO2eq = kilogramsCO2eq
        self.gramsPerKWh = gramsPerKWh
        self.threads = threads
    }

    func validate() throws(FleetError) {
        let figures = [kilowattHours, kilogramsCO2eq, gramsPerKWh]
        guard tasks >= 0, figures.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw FleetError(
                .invalidNode,
                "node \(node) reports \(tasks) tasks, \(kilowattHours) kWh, \(kilogramsCO2eq) kg CO2eq at "
                    + "\(gramsPerKWh) g/kWh; expected finite values 0 or more")
        }
    }
}

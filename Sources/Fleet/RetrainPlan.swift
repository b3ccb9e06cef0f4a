/// Which retrains to run after an evaluation job, how, where, and what they are estimated to cost.
///
/// Made from a ``Ranking`` by ``make(from:nodes:policy:)``; written as JSON (``jsonData(prettyPrinted:)``) that a
/// person may edit and submit later, read back with ``init(jsonData:)``, which checks it. The JSON is stable:
/// camelCase keys as the property names, sorted, with ``version`` to refuse plans of another format.
public struct RetrainPlan: Codable, Sendable, Hashable {
    /// The format this build writes and reads.
    public static let currentVersion = 1

    /// The format of this plan: ``currentVersion``.
    public var version: Int
    /// The evaluation job the plan was made from.
    public var jobID: String
    /// That job's display name.
    public var jobName: String
    /// How the rows were chosen.
    public var policy: PlanPolicy
    /// The nodes the retrains were placed on, as they were when planned.
    public var nodes: [PlanNode]
    /// One per retrain, numbered from 1, in the order they were chosen.
    public var rows: [PlanRow]
    /// The whole plan's estimated cost, and its emissions under each placement.
    public var totals: PlanTotals
    /// kg CO2eq that placing the retrains greenest saves against spreading them round-robin (estimate values).
    public var greenestSavesKilogramsCO2eq: Double
    /// What a reader should know: rows skipped and why, rows over budget, extrapolated estimates.
    public var notes: [String]

    /// A plan from its parts; ``validate()`` checks them.
    public init(
        version: Int = currentVersion, jobID: String, jobName: String, policy: PlanPolicy, nodes: [PlanNode],
        rows: [PlanRow], totals: PlanTotals, greenestSavesKilogramsCO2eq: Double, notes: [String]
    ) {
        self.version = version
        self.jobID = jobID
        self.jobName = jobName
        self.policy = policy
        self.nodes = nodes
        self.rows = rows
        self.totals = totals
        self.greenestSavesKilogramsCO2eq = greenestSavesKilogramsCO2eq
        self.notes = notes
    }

    /// Checks the version, the job, the policy and every row (numbers distinct).
    ///
    /// - Throws: ``FleetError/Code/invalidPlan`` naming the first problem.
    public func validate() throws(FleetError) {
        guard version == Self.currentVersion else {
            throw Self.unreadableVersion(version)
        }
        guard !jobID.isEmpty else { throw FleetError(.invalidPlan, "the plan names no job; expected its jobID") }
        do throws(FleetError) {
            try policy.validate()
        } catch {
            throw FleetError(.invalidPlan, "the plan's policy is out of range: \(error.message)")
        }
        var numbers: Set<Int> = []
        for row in rows {
            try row.validate()
            guard numbers.insert(row.number).inserted else {
                throw FleetError(.invalidPlan, "row number \(row.number) appears twice in the plan; number rows once each")
            }
        }
    }

    /// The error for a plan of format `version`.
    static func unreadableVersion(_ version: Int) -> FleetError {
        FleetError(
            .invalidPlan, "the plan has version \(version); this preindex reads version \(currentVersion) plans, "
                + "make the plan again with preindex decide")
    }
}

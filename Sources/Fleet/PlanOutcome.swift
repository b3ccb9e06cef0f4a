import Foundation

/// What became of a retrain plan: per row its state, where it ran, what it really cost against the estimate, and
/// the retrained model it produced; with the kWh prediction error over the rows that finished.
public struct PlanOutcome: Codable, Sendable, Hashable {
    /// One plan row as it ran (or is running, or failed).
    public struct Row: Codable, Sendable, Hashable {
        /// The plan row.
        public var planned: PlanRow
        /// `queued`, `running`, `done`, `failed` or `cancelled`.
        public var state: String
        /// The node that ran it, once it ran.
        public var node: String?
        /// Leases the row took (more than 1 when a worker was lost).
        public var attempts: Int
        /// What the retrain really cost (epochs, kWh, kg CO2eq at the node's grid), once done.
        public var actual: MeasuredCost?
        /// The shifted test accuracy reached, once done.
        public var finalAccuracy: Double?
        /// Whether it reached the target accuracy, once done.
        public var reachedTarget: Bool?
        /// The retrained model: its SHA-256, once done.
        public var modelSHA256: String?
        /// The retrained model's file name, once done.
        public var modelName: String?
        /// Why it failed, when it did.
        public var error: String?
        /// While it runs: epochs finished so far, as its worker last reported.
        public var epochsSoFar: Int?
        /// While it runs: the test accuracy after the last finished epoch.
        public var accuracySoFar: Double?
        /// While it runs: the energy its attempt used so far, in kWh.
        public var kilowattHoursSoFar: Double?

        /// Creates the value from its fields.
        public init(
            planned: PlanRow, state: String, node: String? = nil, attempts: Int = 0, actual: MeasuredCost? = nil,
            finalAccuracy: Double? = nil, reachedTarget: Bool? = nil, modelSHA256: String? = nil,
            modelName: String? = nil, error: String? = nil
        ) {
            self.planned = planned
            self.state = state
            self.node = node
            self.attempts = attempts
            self.actual = actual
            self.finalAccuracy = finalAccuracy
            self.reachedTarget = reachedTarget
            self.modelSHA256 = modelSHA256
            self.modelName = modelName
            self.error = error
        }

        /// |estimated − actual| / actual of the kWh, once done.
        public var kilowattHourError: Double? {
            guard let actual, actual.kilowattHours > 0 else { return nil }
            return abs(planned.kilowattHours.value - actual.kilowattHours) / actual.kilowattHours
        }
    }

    /// The plan's job identifier.
    public var jobID: String
    /// The plan as submitted.
    public var plan: RetrainPlan
    /// One outcome per plan row, in row order.
    public var rows: [Row]

    /// Creates the value from its fields.
    public init(jobID: String, plan: RetrainPlan, rows: [Row]) {
        self.jobID = jobID
        self.plan = plan
        self.rows = rows
    }

    /// The mean absolute percentage error of the kWh estimates over the rows that finished, as a fraction; `nil`
    /// before any did.
    public var kilowattHourMAPE: Double? {
        let errors = rows.compactMap(\.kilowattHourError)
        return errors.isEmpty ? nil : errors.reduce(0, +) / Double(errors.count)
    }

    /// The actual cost summed over the rows that finished.
    public var actualTotal: MeasuredCost {
        let done = rows.compactMap(\.actual)
        return MeasuredCost(
            kilowattHours: done.map(\.kilowattHours).reduce(0, +), kilogramsCO2eq: done.map(\.kilogramsCO2eq).reduce(0, +),
            epochs: done.compactMap(\.epochs).reduce(0, +))
    }

    /// The outcome as JSON (sorted keys, non-finite numbers as strings).
    public func jsonData(prettyPrinted: Bool = false) throws(FleetError) -> Data {
        try FleetJSON.encode(self, prettyPrinted: prettyPrinted, what: "the outcome of plan \(jobID)")
    }

    /// Reads an outcome written by ``jsonData(prettyPrinted:)``.
    public init(jsonData: Data) throws(FleetError) {
        self = try FleetJSON.decode(PlanOutcome.self, from: jsonData, name: "plan outcome")
    }
}

/// What a ``Worker``'s executor returns for a finished task: the outcome and, when measured, its energy.
public struct ResultPayload: Sendable, Equatable {
    /// The task's outcome (JSON, UTF-8), stored as the task's result.
    public var json: [UInt8]
    /// The energy the task used, or `nil` when the executor did not measure it (no-op tasks).
    public var energy: Wire.EnergyReport?

    /// Creates the value from its fields.
    public init(json: [UInt8], energy: Wire.EnergyReport? = nil) {
        self.json = json
        self.energy = energy
    }

    /// The result of a no-op task: an empty JSON object, no energy.
    public static let empty = ResultPayload(json: Array("{}".utf8))

    /// The energy method a Result carries when nothing was measured; the Result message requires a report, and the
    /// coordinator stores none for this method.
    public static let unmeasuredMethod = "unmeasured"

    /// The Result message answering `assignment`, sent by node `nodeID` from region `region`.
    func result(for assignment: TaskAssignment, nodeID: String, region: String) -> Wire.Result {
        let report =
            energy
            ?? Wire.EnergyReport(
                nodeID: nodeID, method: Self.unmeasuredMethod, joules: 0, cpuSeconds: 0, wallSeconds: 0, region: region,
                gridIntensity: 0)
        return Wire.Result(taskID: assignment.taskID, attempt: assignment.attempt, resultJSON: json, energy: report)
    }
}

/// Which row of which plan a task carries out, so that what the task produces can be traced back to the decision.
///
/// JSON: `{"job": 12, "row": 3}`.
public struct PlanTaskReference: Codable, Hashable, Sendable {
    /// The id of the evaluation job the plan was made from (the plan's own job holds the task itself).
    public var job: Int64
    /// The row's number in that plan.
    public var row: Int

    /// The reference to row `row` of a plan made from evaluation job `job`.
    public init(job: Int64, row: Int) {
        self.job = job
        self.row = row
    }
}

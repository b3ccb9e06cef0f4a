/// What storing new tasks did: the job, the new tasks, and how many of them reused a cached result.
public struct Submission: Hashable, Sendable {
    /// The job the tasks belong to.
    public var jobID: Int64
    /// The new tasks' identifiers, in the order they were given.
    public var taskIDs: [Int64]
    /// How many of them were done at once with a cached result, without running.
    public var reusedCount: Int

    /// Creates the value from its fields.
    public init(jobID: Int64, taskIDs: [Int64], reusedCount: Int) {
        self.jobID = jobID
        self.taskIDs = taskIDs
        self.reusedCount = reusedCount
    }
}

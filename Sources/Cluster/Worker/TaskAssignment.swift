/// One task a ``Worker`` was leased, as its executor receives it.
public struct TaskAssignment: Sendable, Hashable {
    /// The task's identifier, quoted back in the Result or Failure.
    public var taskID: String
    /// The attempt the lease is for: 1 the first time, more when the task was re-queued.
    public var attempt: UInt32
    /// The task description the job stored (JSON, UTF-8).
    public var payload: [UInt8]
    /// Where the executor reports how the task is getting on (sent with the worker's heartbeats); not part of the
    /// assignment's identity.
    public var progress: TaskProgressReporter = .none

    /// Creates the value from its fields.
    public init(taskID: String, attempt: UInt32, payload: [UInt8]) {
        self.taskID = taskID
        self.attempt = attempt
        self.payload = payload
    }

    /// The assignment an Assign message carries.
    init(_ assign: Wire.Assign) {
        self.init(taskID: assign.taskID, attempt: assign.attempt, payload: assign.taskJSON)
    }

    /// Equal task, attempt and payload.
    public static func == (lhs: TaskAssignment, rhs: TaskAssignment) -> Bool {
        lhs.taskID == rhs.taskID && lhs.attempt == rhs.attempt && lhs.payload == rhs.payload
    }

    /// Hashes task, attempt and payload.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(taskID)
        hasher.combine(attempt)
        hasher.combine(payload)
    }
}

import Foundation

/// A worker's result for one attempt of a task, as ``ClusterDatabase/complete(_:now:)`` takes it.
public struct Completion: Equatable, Sendable {
    /// The task.
    public var taskID: Int64
    /// The attempt the worker was leased (``TaskRecord/attempts`` when it was leased).
    public var attempt: Int
    /// The node that ran it.
    public var nodeID: String
    /// The task's outcome (JSON, UTF-8).
    public var payload: Data
    /// The energy the attempt used, when reported.
    public var energy: Wire.EnergyReport?

    /// Creates the value from its fields.
    public init(taskID: Int64, attempt: Int, nodeID: String, payload: Data, energy: Wire.EnergyReport? = nil) {
        self.taskID = taskID
        self.attempt = attempt
        self.nodeID = nodeID
        self.payload = payload
        self.energy = energy
    }

    /// What became of a completion.
    public enum Outcome: Hashable, Sendable {
        /// The result was stored and the task is done.
        case stored
        /// The task already had a result (this one was sent twice, or another attempt finished first); ignored.
        case duplicate
        /// The attempt no longer holds the task (a newer attempt was leased, or the task failed or was
        /// cancelled); ignored.
        case stale
        /// No task has this identifier; ignored.
        case unknownTask
    }
}

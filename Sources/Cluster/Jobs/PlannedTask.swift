import Foundation

/// One task of a ``JobPlan``: its payload, its content key, the tasks it waits for and its priority.
public struct PlannedTask: Hashable, Sendable {
    /// What the worker receives.
    public var payload: TaskPayload
    /// The key of the result by content (see ``TaskPayload/contentKey(engineVersion:)``).
    public var contentKey: String
    /// Indices, in ``JobPlan/tasks``, of the tasks that must be done before this one may run.
    public var dependencies: [Int]
    /// Higher runs first (see ``TaskPriority``).
    public var priority: Int
    /// The index of the task's model in the job's `models`.
    public var modelIndex: Int

    /// A planned task from its parts.
    public init(payload: TaskPayload, contentKey: String, dependencies: [Int], priority: Int, modelIndex: Int) {
        self.payload = payload
        self.contentKey = contentKey
        self.dependencies = dependencies
        self.priority = priority
        self.modelIndex = modelIndex
    }

    /// What the task does.
    public var kind: TaskKind { payload.kind }

    /// The task as the store takes it, its payload as canonical JSON.
    ///
    /// Dependencies are not stored by ``ClusterDatabase``: whoever leases tasks holds one back
    /// until the tasks it depends on are done.
    public func newTask(maxAttempts: Int = 3) throws(JobError) -> NewTask {
        NewTask(
            kind: kind, payload: try CanonicalJSON.encode(payload), contentKey: contentKey, priority: priority,
            maxAttempts: maxAttempts)
    }
}

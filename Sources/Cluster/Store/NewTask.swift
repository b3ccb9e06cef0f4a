import Foundation

/// A task to add to a job: what ``ClusterDatabase/submit(name:spec:tasks:useCache:kind:parentJobID:now:)`` stores as a
/// ``TaskRecord``.
public struct NewTask: Hashable, Sendable {
    /// What the task does.
    public var kind: TaskKind
    /// The task description a worker receives (JSON, UTF-8).
    public var payload: Data
    /// The key of the task's result by content; `nil` when the result must not be cached or reused.
    public var contentKey: String?
    /// Higher runs first; equal priorities run in submission order.
    public var priority: Int
    /// Leases allowed before the task fails for good; at least 1.
    public var maxAttempts: Int
    /// The node the task should run on while that node is alive (a plan's placement); `nil` for any.
    public var preferredNode: String?

    /// Creates the value from its fields.
    public init(
        kind: TaskKind, payload: Data, contentKey: String? = nil, priority: Int = 0, maxAttempts: Int = 3,
        preferredNode: String? = nil
    ) {
        self.preferredNode = preferredNode
        self.kind = kind
        self.payload = payload
        self.contentKey = contentKey
        self.priority = priority
        self.maxAttempts = maxAttempts
    }
}

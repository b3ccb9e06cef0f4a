import Foundation
import GRDB

/// One unit of work of a job, with its lease: one row of table `task`.
///
/// Named `TaskRecord` so as not to shadow Swift's `Task`.
public struct TaskRecord: Codable, Hashable, Sendable {
    /// Where a task is in its life.
    public enum State: String, Codable, Hashable, Sendable, CaseIterable, DatabaseValueConvertible {
        /// Waiting for a worker.
        case queued
        /// Leased to a worker until ``TaskRecord/leaseExpiresAt``.
        case leased
        /// Has a result (its own, or a cached one it reuses).
        case done
        /// Failed for good; ``TaskRecord/lastError`` says why.
        case failed
        /// Cancelled with its job before it finished.
        case cancelled

        /// Whether the task will not run again: done, failed or cancelled.
        public var isFinished: Bool { self == .done || self == .failed || self == .cancelled }
    }

    /// The task's identifier; `nil` until inserted.
    public var id: Int64?
    /// The job the task belongs to.
    public var jobID: Int64
    /// What the task does.
    public var kind: TaskKind
    /// The task description a worker receives (JSON, UTF-8).
    public var payload: Data
    /// The key of the task's result by content (model, dataset, shift, options, engine version); `nil` when the
    /// result must not be cached.
    public var contentKey: String?
    /// Where the task is in its life.
    public var state: State
    /// How many times the task was leased; the current lease's attempt number.
    public var attempts: Int
    /// Leases allowed before the task fails for good.
    public var maxAttempts: Int
    /// The node holding the lease, while ``state`` is ``State/leased``.
    public var leasedTo: String?
    /// When the lease ends unless renewed, while ``state`` is ``State/leased``.
    public var leaseExpiresAt: Date?
    /// The last failure of the task, kept after it is requeued.
    public var lastError: String?
    /// Higher runs first; equal priorities run oldest first.
    public var priority: Int
    /// The task whose cached result this one reuses instead of running.
    public var reusedFrom: Int64?
    /// When the task was created.
    public var createdAt: Date
    /// When it became done, failed or cancelled.
    public var finishedAt: Date?
    /// The node a plan placed the task on: only that node leases it while it is alive; `nil` for any node.
    public var preferredNode: String?

    /// Creates the value from its fields.
    public init(
        id: Int64? = nil, jobID: Int64, kind: TaskKind, payload: Data, contentKey: String? = nil,
        state: State = .queued, attempts: Int = 0, maxAttempts: Int = 3, leasedTo: String? = nil,
        leaseExpiresAt: Date? = nil, lastError: String? = nil, priority: Int = 0, reusedFrom: Int64? = nil,
        createdAt: Date, finishedAt: Date? = nil, preferredNode: String? = nil
    ) {
        self.id = id
        self.jobID = jobID
        self.kind = kind
        self.payload = payload
        self.contentKey = contentKey
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.leasedTo = leasedTo
        self.leaseExpiresAt = leaseExpiresAt
        self.lastError = lastError
        self.priority = priority
        self.reusedFrom = reusedFrom
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.preferredNode = preferredNode
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case jobID = "jobId"
        case kind, payload, contentKey, state, attempts, maxAttempts, leasedTo, leaseExpiresAt, lastError, priority
        case reusedFrom, createdAt, finishedAt, preferredNode
    }
}

extension TaskRecord: FetchableRecord, MutablePersistableRecord {
    /// The table's name.
    public static var databaseTableName: String { "task" }

    /// Takes the identifier SQLite gave the new row.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The table's columns, for queries.
    public enum Columns {
        /// Column `id`.
        public static let id = Column(CodingKeys.id)
        /// Column `jobId`.
        public static let jobID = Column(CodingKeys.jobID)
        /// Column `kind`.
        public static let kind = Column(CodingKeys.kind)
        /// Column `payload`.
        public static let payload = Column(CodingKeys.payload)
        /// Column `contentKey`.
        public static let contentKey = Column(CodingKeys.contentKey)
        /// Column `state`.
        public static let state = Column(CodingKeys.state)
        /// Column `attempts`.
        public static let attempts = Column(CodingKeys.attempts)
        /// Column `maxAttempts`.
        public static let maxAttempts = Column(CodingKeys.maxAttempts)
        /// Column `leasedTo`.
        public static let leasedTo = Column(CodingKeys.leasedTo)
        /// Column `leaseExpiresAt`.
        public static let leaseExpiresAt = Column(CodingKeys.leaseExpiresAt)
        /// Column `lastError`.
        public static let lastError = Column(CodingKeys.lastError)
        /// Column `priority`.
        public static let priority = Column(CodingKeys.priority)
        /// Column `reusedFrom`.
        public static let reusedFrom = Column(CodingKeys.reusedFrom)
        /// Column `createdAt`.
        public static let createdAt = Column(CodingKeys.createdAt)
        /// Column `finishedAt`.
        public static let finishedAt = Column(CodingKeys.finishedAt)
        /// Column `preferredNode`.
        public static let preferredNode = Column(CodingKeys.preferredNode)
    }
}

extension DerivableRequest<TaskRecord> {
    /// Tasks waiting for a worker, in the order they are leased: highest priority first, then oldest.
    func queuedInLeaseOrder() -> Self {
        filter(TaskRecord.Columns.state == TaskRecord.State.queued)
            .order(TaskRecord.Columns.priority.desc, TaskRecord.Columns.id)
    }

    /// Tasks whose lease is held (expired or not).
    func leased() -> Self {
        filter(TaskRecord.Columns.state == TaskRecord.State.leased)
    }

    /// Tasks of job `jobID`.
    func of(job jobID: Int64) -> Self {
        filter(TaskRecord.Columns.jobID == jobID)
    }
}

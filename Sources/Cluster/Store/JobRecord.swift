import Foundation
import GRDB

/// A submitted job: one row of table `job`.
public struct JobRecord: Codable, Hashable, Sendable {
    /// Where a job is in its life.
    public enum State: String, Codable, Hashable, Sendable, CaseIterable, DatabaseValueConvertible {
        /// Submitted; no task leased yet.
        case pending
        /// At least one task was leased and some are still queued or leased.
        case running
        /// Every task is done.
        case done
        /// Cancelled before it finished; the results of finished tasks are kept.
        case cancelled
        /// Every task finished and at least one failed for good; the results of the others are kept.
        case failed

        /// Whether the job is over: done, cancelled or failed.
        public var isFinished: Bool { self == .done || self == .cancelled || self == .failed }
    }

    /// What a job is.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable, DatabaseValueConvertible {
        /// A fleet evaluation: a job file's models measured and calibrated.
        case evaluation
        /// A retrain plan (`preindex decide`) of an evaluation job.
        case plan
    }

    /// The job's identifier; `nil` until inserted.
    public var id: Int64?
    /// The job's name, from its JSON.
    public var name: String
    /// The job as submitted (JSON text).
    public var spec: String
    /// Where the job is in its life.
    public var state: State
    /// When it was submitted.
    public var createdAt: Date
    /// When it became done, failed or cancelled.
    public var finishedAt: Date?
    /// Whether its tasks run even when a result with their content key is stored (`--no-cache`), including
    /// tasks added to it later.
    public var recompute: Bool
    /// An evaluation or a retrain plan.
    public var kind: Kind
    /// The evaluation job a plan was made from; `nil` for an evaluation.
    public var parentJobID: Int64?

    /// Creates the value from its fields.
    public init(
        id: Int64? = nil, name: String, spec: String, state: State = .pending, createdAt: Date,
        finishedAt: Date? = nil, recompute: Bool = false, kind: Kind = .evaluation, parentJobID: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.spec = spec
        self.state = state
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.recompute = recompute
        self.kind = kind
        self.parentJobID = parentJobID
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, spec, state, createdAt, finishedAt, recompute, kind
        case parentJobID = "parentJobId"
    }
}

extension JobRecord: FetchableRecord, MutablePersistableRecord {
    /// The table's name.
    public static var databaseTableName: String { "job" }

    /// Takes the identifier SQLite gave the new row.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The table's columns, for queries.
    public enum Columns {
        /// Column `id`.
        public static let id = Column(CodingKeys.id)
        /// Column `name`.
        public static let name = Column(CodingKeys.name)
        /// Column `spec`.
        public static let spec = Column(CodingKeys.spec)
        /// Column `state`.
        public static let state = Column(CodingKeys.state)
        /// Column `createdAt`.
        public static let createdAt = Column(CodingKeys.createdAt)
        /// Column `finishedAt`.
        public static let finishedAt = Column(CodingKeys.finishedAt)
        /// Column `recompute`.
        public static let recompute = Column(CodingKeys.recompute)
        /// Column `kind`.
        public static let kind = Column(CodingKeys.kind)
        /// Column `parentJobId`.
        public static let parentJobID = Column(CodingKeys.parentJobID)
    }
}

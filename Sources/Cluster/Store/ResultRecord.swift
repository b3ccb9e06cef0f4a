import Foundation
import GRDB

/// The result of a task, stored once: one row of table `result`.
public struct ResultRecord: Codable, Hashable, Sendable {
    /// The task the result answers; at most one result per task.
    public var taskID: Int64
    /// The attempt that produced it.
    public var attempt: Int
    /// The node that produced it.
    public var nodeID: String
    /// The task's outcome (JSON, UTF-8).
    public var payload: Data
    /// The task's key by content, so later tasks with the same key reuse this result; `nil` when not cached.
    public var contentKey: String?
    /// When it was stored.
    public var createdAt: Date

    /// Creates the value from its fields.
    public init(taskID: Int64, attempt: Int, nodeID: String, payload: Data, contentKey: String?, createdAt: Date) {
        self.taskID = taskID
        self.attempt = attempt
        self.nodeID = nodeID
        self.payload = payload
        self.contentKey = contentKey
        self.createdAt = createdAt
    }

    private enum CodingKeys: String, CodingKey {
        case taskID = "taskId"
        case attempt
        case nodeID = "nodeId"
        case payload, contentKey, createdAt
    }
}

extension ResultRecord: FetchableRecord, PersistableRecord {
    /// The table's name.
    public static var databaseTableName: String { "result" }

    /// The table's columns, for queries.
    public enum Columns {
        /// Column `taskId`.
        public static let taskID = Column(CodingKeys.taskID)
        /// Column `attempt`.
        public static let attempt = Column(CodingKeys.attempt)
        /// Column `nodeId`.
        public static let nodeID = Column(CodingKeys.nodeID)
        /// Column `payload`.
        public static let payload = Column(CodingKeys.payload)
        /// Column `contentKey`.
        public static let contentKey = Column(CodingKeys.contentKey)
        /// Column `createdAt`.
        public static let createdAt = Column(CodingKeys.createdAt)
    }
}

extension DerivableRequest<ResultRecord> {
    /// Results stored under `contentKey`, newest first.
    func keyed(by contentKey: String) -> Self {
        filter(ResultRecord.Columns.contentKey == contentKey)
            .order(ResultRecord.Columns.createdAt.desc, ResultRecord.Columns.taskID.desc)
    }
}

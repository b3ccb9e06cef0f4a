import Foundation
import GRDB

/// A stored file (model, checkpoint, dataset) known by its sha256: one row of table `artifact`.
///
/// The bytes live either in the database (``data``) or in a file beside it (``path``), never both. An artifact
/// derived from another (a retrained model from its base) names it as ``parentSha256``; following parents gives
/// its lineage.
public struct ArtifactRecord: Codable, Hashable, Sendable {
    /// The SHA-256 of the bytes, 64 lowercase hexadecimal digits; the artifact's identity.
    public var sha256: String
    /// The size of the bytes.
    public var size: Int64
    /// What it is ("model", "checkpoint", "dataset").
    public var kind: String
    /// A name for people (a file name); not unique.
    public var name: String?
    /// Where the bytes are on the coordinator's disk, when not in the database.
    public var path: String?
    /// The bytes, when kept in the database; `nil` in listings, which leave them out.
    public var data: Data?
    /// The artifact this one was derived from.
    public var parentSha256: String?
    /// The task that produced it.
    public var taskID: Int64?
    /// When it was stored.
    public var createdAt: Date

    /// Creates the value from its fields.
    public init(
        sha256: String, size: Int64, kind: String, name: String? = nil, path: String? = nil, data: Data? = nil,
        parentSha256: String? = nil, taskID: Int64? = nil, createdAt: Date
    ) {
        self.sha256 = sha256
        self.size = size
        self.kind = kind
        self.name = name
        self.path = path
        self.data = data
        self.parentSha256 = parentSha256
        self.taskID = taskID
        self.createdAt = createdAt
    }

    private enum CodingKeys: String, CodingKey {
        case sha256, size, kind, name, path, data, parentSha256
        case taskID = "taskId"
        case createdAt
    }
}

extension ArtifactRecord: FetchableRecord, PersistableRecord {
    /// The table's name.
    public static var databaseTableName: String { "artifact" }

    /// The table's columns, for queries.
    public enum Columns {
        /// Column `sha256`.
        public static let sha256 = Column(CodingKeys.sha256)
        /// Column `size`.
        public static let size = Column(CodingKeys.size)
        /// Column `kind`.
        public static let kind = Column(CodingKeys.kind)
        /// Column `name`.
        public static let name = Column(CodingKeys.name)
        /// Column `path`.
        public static let path = Column(CodingKeys.path)
        /// Column `data`.
        public static let data = Column(CodingKeys.data)
        /// Column `parentSha256`.
        public static let parentSha256 = Column(CodingKeys.parentSha256)
        /// Column `taskId`.
        public static let taskID = Column(CodingKeys.taskID)
        /// Column `createdAt`.
        public static let createdAt = Column(CodingKeys.createdAt)

        /// Every column but ``data``, for listings.
        static let withoutData: [Column] = [sha256, size, kind, name, path, parentSha256, taskID, createdAt]
    }
}

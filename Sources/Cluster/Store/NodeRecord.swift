import Foundation
import GRDB

/// A worker node as the coordinator last heard of it: one row of table `node`.
public struct NodeRecord: Codable, Hashable, Sendable {
    /// The node's identifier, as its Hello gave it.
    public var id: String
    /// The grid region code of the node ("FR", "DE-BY"), which prices its energy in CO2.
    public var region: String
    /// How the node measures energy ("rapl", "cpu-time-model"); `nil` until it says.
    public var method: String?
    /// Worker threads the node runs.
    public var threads: Int
    /// When the coordinator last heard from the node.
    public var lastSeen: Date

    /// Creates the value from its fields.
    public init(id: String, region: String, method: String? = nil, threads: Int, lastSeen: Date) {
        self.id = id
        self.region = region
        self.method = method
        self.threads = threads
        self.lastSeen = lastSeen
    }
}

extension NodeRecord: FetchableRecord, PersistableRecord {
    /// The table's name.
    public static var databaseTableName: String { "node" }

    /// The table's columns, for queries.
    public enum Columns {
        /// Column `id`.
        public static let id = Column(CodingKeys.id)
        /// Column `region`.
        public static let region = Column(CodingKeys.region)
        /// Column `method`.
        public static let method = Column(CodingKeys.method)
        /// Column `threads`.
        public static let threads = Column(CodingKeys.threads)
        /// Column `lastSeen`.
        public static let lastSeen = Column(CodingKeys.lastSeen)
    }
}

/// A store operation that cannot be carried out: an unknown identifier, a malformed value, or a failing database.
///
/// Every public operation of ``ClusterDatabase`` throws only this type. Errors from SQLite (through GRDB) come
/// back as ``Code/database`` with the operation that failed and SQLite's own explanation in ``message``.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    /// An error of kind `code` explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message, for logs and users.
    public var description: String { message }

    /// The kind of a ``StoreError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case unknownJob, unknownTask, unknownNode, unknownArtifact, malformedPayload, conflict, newerSchema
            case database
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No job has the given identifier.
        public static let unknownJob = Code(.unknownJob)
        /// No task has the given identifier.
        public static let unknownTask = Code(.unknownTask)
        /// No node with the given identifier said hello.
        public static let unknownNode = Code(.unknownNode)
        /// No artifact has the given sha256.
        public static let unknownArtifact = Code(.unknownArtifact)
        /// A value to store is not what the store expects (a job spec that is not JSON, a negative energy).
        public static let malformedPayload = Code(.malformedPayload)
        /// The value contradicts what is already stored (an artifact sha256 stored with another size).
        public static let conflict = Code(.conflict)
        /// The database file was written by a newer PreIndex with migrations this build does not know.
        public static let newerSchema = Code(.newerSchema)
        /// SQLite failed (disk full, file not writable, corrupt database).
        public static let database = Code(.database)

        /// The code's name, such as `unknownTask`.
        public var description: String { "\(value)" }
    }

    /// No job has identifier `id`.
    static func unknownJob(_ id: Int64) -> StoreError {
        StoreError(.unknownJob, "there is no job \(id) in the cluster database")
    }

    /// No task has identifier `id`.
    static func unknownTask(_ id: Int64) -> StoreError {
        StoreError(.unknownTask, "there is no task \(id) in the cluster database")
    }

    /// `what` is malformed: `problem` says how and what was expected.
    static func malformed(_ what: String, _ problem: String) -> StoreError {
        StoreError(.malformedPayload, "\(what) \(problem)")
    }
}

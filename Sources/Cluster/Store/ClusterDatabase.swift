import Foundation
import GRDB

/// The coordinator's durable state: jobs, tasks and their leases, results, per-node energy and artifacts.
///
/// One SQLite database, reached through GRDB. Every operation is one transaction that keeps the invariants of
/// the schema: a task holds at most one result, stored by the attempt it was leased for; a finished task never
/// runs again; a job is finished when none of its tasks is queued or leased. A coordinator killed at any moment
/// and restarted on the same file therefore continues every job where its last commit left it.
///
/// File databases use SQLite's write-ahead log with `synchronous = NORMAL`: a committed transaction survives the
/// process being killed, but a power loss or kernel crash may lose the last transactions committed before it
/// (the database stays consistent). That is the trade for committing thousands of completions a second;
/// results lost that way are leased again and recomputed, never stored twice.
///
/// The value is cheap to copy and safe to share between threads: GRDB serialises writes and, for files, reads
/// from snapshots beside the writer.
public struct ClusterDatabase: Sendable {
    /// The connection (a `DatabasePool` for files, a `DatabaseQueue` in memory).
    private let writer: any DatabaseWriter
    /// The database file, or `nil` in memory.
    public let path: String?

    /// Opens, creating it if needed, the database file at `path` and brings its schema up to date.
    ///
    /// - Throws: ``StoreError`` with code ``StoreError/Code/database`` when the file cannot be opened or is not
    ///   a database, ``StoreError/Code/newerSchema`` when a newer PreIndex wrote it.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.database, "could not open the cluster database at \(path): \(error)")
        }
        try self.init(writer: pool, name: path, path: path)
    }

    /// A fresh database in memory, for tests and one-process demos; it disappears with the value.
    public static func inMemory() throws(StoreError) -> ClusterDatabase {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue()
        } catch {
            throw StoreError(.database, "could not create an in-memory cluster database: \(error)")
        }
        return try ClusterDatabase(writer: queue, name: "the in-memory database", path: nil)
    }

    /// Wraps `writer` and applies the migrations it lacks.
    private init(writer: any DatabaseWriter, name: String, path: String?) throws(StoreError) {
        self.writer = writer
        self.path = path
        let migrator = Self.migrator
        try write("migrating \(name)") { db in
            if try migrator.hasBeenSuperseded(db) {
                let known = migrator.migrations.joined(separator: ", ")
                let found = try migrator.appliedIdentifiers(db).sorted().joined(separator: ", ")
                throw StoreError(
                    .newerSchema,
                    "\(name) has migrations [\(found)] but this build knows only [\(known)]; open it with a newer "
                        + "preindex")
            }
        }
        do {
            try migrator.migrate(writer)
        } catch {
            throw StoreError(.database, "could not migrate \(name): \(error)")
        }
    }

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read("reading the applied migrations") { db in try Self.migrator.appliedMigrations(db) }
    }

    /// Runs `body` in one write transaction, wrapping any error that is not a ``StoreError`` with `context`.
    func write<T>(_ context: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "\(context()) failed: \(error)")
        }
    }

    /// Runs `body` on a read-only snapshot, wrapping any error that is not a ``StoreError`` with `context`.
    func read<T>(_ context: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "\(context()) failed: \(error)")
        }
    }
}

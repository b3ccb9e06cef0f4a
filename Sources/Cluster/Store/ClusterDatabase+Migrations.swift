import GRDB

// The schema's history. Migrations are append-only: once released, a migration is never edited; a change is a
// new migration ("v2", …). They name tables and columns as strings, never through record types, so that later
// changes to the records cannot change what an old migration did.

extension ClusterDatabase {
    /// Every migration of the cluster database, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createVersion1)
        migrator.registerMigration("v2", migrate: addJobRecompute)
        migrator.registerMigration("v3", migrate: addTaskPreferredNode)
        return migrator
    }

    /// Nodes, jobs, tasks with their leases, results, energy and artifacts.
    private static func createVersion1(_ db: Database) throws {
        try db.create(table: "node") { t in
            t.primaryKey("id", .text)
            t.column("region", .text).notNull()
            t.column("method", .text)
            t.column("threads", .integer).notNull().check { $0 >= 0 }
            t.column("lastSeen", .datetime).notNull()
        }

        try db.create(table: "job") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull()
            t.column("spec", .text).notNull()
            t.column("state", .text).notNull()
                .check(sql: "state IN ('pending', 'running', 'done', 'cancelled', 'failed')")
            t.column("createdAt", .datetime).notNull()
            t.column("finishedAt", .datetime)
        }

        try db.create(table: "task") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("jobId", .integer).notNull().references("job", onDelete: .cascade)
            t.column("kind", .text).notNull()
            t.column("payload", .blob).notNull()
            t.column("contentKey", .text)
            t.column("state", .text).notNull()
                .check(sql: "state IN ('queued', 'leased', 'done', 'failed', 'cancelled')")
            t.column("attempts", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
            t.column("maxAttempts", .integer).notNull().defaults(to: 3).check { $0 >= 1 }
            t.column("leasedTo", .text)
            t.column("leaseExpiresAt", .datetime)
            t.column("lastError", .text)
            t.column("priority", .integer).notNull().defaults(to: 0)
            t.column("reusedFrom", .integer).references("task", onDelete: .setNull)
            t.column("createdAt", .datetime).notNull()
            t.column("finishedAt", .datetime)
            t.check(sql: "(state = 'leased') = (leasedTo IS NOT NULL AND leaseExpiresAt IS NOT NULL)")
        }
        // Progress and job completion: tasks of a job by state.
        try db.create(index: "task_on_jobId_state", on: "task", columns: ["jobId", "state"])
        // The queue: highest priority first, then oldest. Partial, so it holds only queued tasks.
        try db.execute(sql: "CREATE INDEX task_queue ON task(priority DESC, id) WHERE state = 'queued'")
        // Lease expiry and release of a node's leases.
        try db.execute(sql: "CREATE INDEX task_lease_expiry ON task(leaseExpiresAt) WHERE state = 'leased'")
        try db.execute(sql: "CREATE INDEX task_lease_holder ON task(leasedTo) WHERE state = 'leased'")
        try db.create(index: "task_on_reusedFrom", on: "task", columns: ["reusedFrom"])

        try db.create(table: "result") { t in
            t.primaryKey("taskId", .integer).references("task", onDelete: .cascade)
            t.column("attempt", .integer).notNull().check { $0 >= 1 }
            t.column("nodeId", .text).notNull()
            t.column("payload", .blob).notNull()
            t.column("contentKey", .text)
            t.column("createdAt", .datetime).notNull()
        }
        try db.execute(
            sql: "CREATE INDEX result_on_contentKey ON result(contentKey, createdAt) WHERE contentKey IS NOT NULL")

        try db.create(table: "energy") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("taskId", .integer).notNull().references("task", onDelete: .cascade)
            t.column("attempt", .integer).notNull()
            t.column("nodeId", .text).notNull()
            t.column("region", .text).notNull()
            t.column("method", .text).notNull()
            t.column("joules", .double).notNull().check { $0 >= 0 }
            t.column("cpuSeconds", .double).notNull().check { $0 >= 0 }
            t.column("wallSeconds", .double).notNull().check { $0 >= 0 }
            t.column("gridIntensity", .double).notNull().check { $0 >= 0 }
            t.column("kgCO2eq", .double).notNull().check { $0 >= 0 }
            t.column("createdAt", .datetime).notNull()
            // One report per attempt: a report sent twice is counted once.
            t.uniqueKey(["taskId", "attempt"])
        }
        try db.create(index: "energy_on_nodeId", on: "energy", columns: ["nodeId"])

        try db.create(table: "artifact") { t in
            t.primaryKey("sha256", .text)
            t.column("size", .integer).notNull().check { $0 >= 0 }
            t.column("kind", .text).notNull()
            t.column("name", .text)
            t.column("path", .text)
            t.column("data", .blob)
            t.column("parentSha256", .text).references("artifact", onDelete: .restrict)
            t.column("taskId", .integer).references("task", onDelete: .setNull)
            t.column("createdAt", .datetime).notNull()
            t.check(sql: "(path IS NULL) <> (data IS NULL)")
        }
        try db.create(index: "artifact_on_parentSha256", on: "artifact", columns: ["parentSha256"])
        try db.create(index: "artifact_on_taskId", on: "artifact", columns: ["taskId"])
        try db.create(index: "artifact_on_kind", on: "artifact", columns: ["kind"])
    }

    /// Jobs remember `--no-cache`, so that the tasks a job adds in later phases recompute too.
    private static func addJobRecompute(_ db: Database) throws {
        try db.alter(table: "job") { t in
            t.add(column: "recompute", .boolean).notNull().defaults(to: false)
        }
    }

    /// Retrain plans: a job is an evaluation or a plan (of an evaluation job); tasks a plan placed on a node wait for
    /// that node while it is alive.
    private static func addTaskPreferredNode(_ db: Database) throws {
        try db.alter(table: "task") { t in
            t.add(column: "preferredNode", .text)
        }
        try db.alter(table: "job") { t in
            t.add(column: "kind", .text).notNull().defaults(to: "evaluation")
            t.add(column: "parentJobId", .integer).references("job", onDelete: .setNull)
        }
    }
}

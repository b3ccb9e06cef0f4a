import Foundation
import GRDB

// Leases: queued tasks are leased to a node for a while; a lease that ends without a result puts its task back
// in the queue, or fails it once its attempts are spent.

extension ClusterDatabase {
    /// Leases up to `count` queued tasks to `node`: highest priority first, then oldest.
    ///
    /// A task placed on another node (``TaskRecord/preferredNode``) is left for it while that node is among
    /// `liveNodes`; once it is not, any node may take the task.
    ///
    /// Each task becomes leased until `now + leaseDuration`, and its attempt count goes up by one: the returned
    /// records' ``TaskRecord/attempts`` is the attempt number the node must quote with its result. The jobs of
    /// the tasks become running.
    ///
    /// - Parameters:
    ///   - node: The node taking the tasks.
    ///   - count: How many tasks the node can take; 0 or more.
    ///   - leaseDuration: How long the lease lasts unless renewed, in seconds; more than 0.
    ///   - liveNodes: The nodes alive now, whose placed tasks others must leave.
    ///   - now: The current time.
    /// - Returns: The leased tasks as they are now stored; fewer than `count` when the queue runs short.
    public func leaseNext(
        for node: String, count: Int, leaseDuration: TimeInterval, liveNodes: Set<String> = [], now: Date = Date()
    ) throws(StoreError) -> [TaskRecord] {
        precondition(count >= 0, "cannot lease \(count) tasks")
        precondition(leaseDuration > 0, "a lease must last more than 0 s, not \(leaseDuration) s")
        guard count > 0 else { return [] }
        let expiry = now.addingTimeInterval(leaseDuration)
        return try write("leasing \(count) tasks to node \(node)") { db in
            let othersAlive = Array(liveNodes.subtracting([node]))
            let placement = TaskRecord.Columns.preferredNode
            var tasks = try TaskRecord.all().queuedInLeaseOrder()
                .filter(placement == nil || placement == node || !othersAlive.contains(placement))
                .limit(count).fetchAll(db)
            guard !tasks.isEmpty else { return [] }
            let lease = try db.cachedStatement(
                sql: """
                    UPDATE task SET state = 'leased', attempts = attempts + 1, leasedTo = ?, leaseExpiresAt = ?
                    WHERE id = ?
                    """)
            for index in tasks.indices {
                try lease.execute(arguments: [node, expiry, tasks[index].id])
                tasks[index].state = .leased
                tasks[index].attempts += 1
                tasks[index].leasedTo = node
                tasks[index].leaseExpiresAt = expiry
            }
            try JobRecord.filter(keys: Set(tasks.map(\.jobID)))
                .filter(JobRecord.Columns.state == JobRecord.State.pending)
                .updateAll(db, JobRecord.Columns.state.set(to: JobRecord.State.running))
            return tasks
        }
    }

    /// Extends every lease `node` holds to `now + leaseDuration`, when it shows it is alive.
    ///
    /// - Returns: How many leases were extended.
    @discardableResult
    public func renewLeases(of node: String, leaseDuration: TimeInterval, now: Date = Date()) throws(StoreError) -> Int
    {
        precondition(leaseDuration > 0, "a lease must last more than 0 s, not \(leaseDuration) s")
        return try write("renewing the leases of node \(node)") { db in
            try TaskRecord.all().leased().filter(TaskRecord.Columns.leasedTo == node)
                .updateAll(db, TaskRecord.Columns.leaseExpiresAt.set(to: now.addingTimeInterval(leaseDuration)))
        }
    }

    /// Ends every lease that expired at or before `now`: each task goes back to the queue, or fails for good
    /// when it has used all its attempts.
    ///
    /// Call it when the coordinator starts (leases of a previous run come back once they expire) and then
    /// periodically.
    ///
    /// - Returns: The tasks whose lease ended, as they are now stored (queued or failed).
    @discardableResult
    public func expireLeases(now: Date = Date()) throws(StoreError) -> [TaskRecord] {
        try write("expiring leases") { db in
            let expired = try TaskRecord.all().leased()
                .filter(TaskRecord.Columns.leaseExpiresAt <= now).fetchAll(db)
            return try Self.endLeases(of: expired, now: now, db) { task in
                "the lease of node \(task.leasedTo ?? "?") expired"
            }
        }
    }

    /// Ends every lease `node` holds, because it was declared dead or is shutting down: each task goes back to
    /// the queue, or fails for good when it has used all its attempts.
    ///
    /// - Returns: The tasks whose lease ended, as they are now stored (queued or failed).
    @discardableResult
    public func releaseLeases(of node: String, now: Date = Date()) throws(StoreError) -> [TaskRecord] {
        try write("releasing the leases of node \(node)") { db in
            let held = try TaskRecord.all().leased().filter(TaskRecord.Columns.leasedTo == node).fetchAll(db)
            return try Self.endLeases(of: held, now: now, db) { _ in "node \(node) left while holding the lease" }
        }
    }

    /// Requeues each of `tasks` (leased) or fails it when its attempts are spent, keeping `reason` as its last
    /// error, then finishes the jobs left with no open task.
    private static func endLeases(
        of tasks: [TaskRecord], now: Date, _ db: Database, reason: (TaskRecord) -> String
    ) throws -> [TaskRecord] {
        var ended: [TaskRecord] = []
        ended.reserveCapacity(tasks.count)
        for var task in tasks {
            let why = reason(task)
            task.leasedTo = nil
            task.leaseExpiresAt = nil
            if task.attempts < task.maxAttempts {
                task.state = .queued
                task.lastError = "attempt \(task.attempts) of \(task.maxAttempts) ended: \(why)"
            } else {
                task.state = .failed
                task.finishedAt = now
                task.lastError = "attempt \(task.attempts) of \(task.maxAttempts), the last, ended: \(why)"
            }
            try task.update(db)
            ended.append(task)
        }
        for jobID in Set(ended.filter { $0.state == .failed }.map(\.jobID)) {
            try finishIfComplete(job: jobID, now: now, db)
        }
        return ended
    }
}

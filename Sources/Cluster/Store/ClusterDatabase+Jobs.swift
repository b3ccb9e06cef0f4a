import Foundation
import GRDB

// Jobs and their tasks: submission (with reuse of cached results), cancellation, progress and queries.

extension ClusterDatabase {
    /// Stores a new job and its tasks, all or nothing.
    ///
    /// A task whose ``NewTask/contentKey`` already has a stored result is not queued: it is done at once and
    /// refers to that result (``TaskRecord/reusedFrom``), and ``Submission/reusedCount`` counts it. A job whose
    /// tasks are all reused, or that has none, is done at once.
    ///
    /// - Parameters:
    ///   - name: The job's name.
    ///   - spec: The job as submitted; must be JSON text.
    ///   - tasks: The tasks the job expanded into, in the order they should run at equal priority.
    ///   - useCache: `false` runs every task even when a result with its key exists (`--no-cache`); the new
    ///     results then become the cached ones.
    ///   - kind: An evaluation, or a retrain plan.
    ///   - parentJobID: The evaluation a plan was made from.
    ///   - now: The submission time.
    /// - Returns: The new job's identifier, its tasks' identifiers and how many reused a cached result.
    /// - Throws: ``StoreError/Code/malformedPayload`` when `spec` is not JSON or a task is malformed.
    public func submit(
        name: String, spec: String, tasks: [NewTask], useCache: Bool = true, kind: JobRecord.Kind = .evaluation,
        parentJobID: Int64? = nil, now: Date = Date()
    ) throws(StoreError) -> Submission {
        try Self.checkSpec(spec, ofJob: name)
        try Self.check(tasks)
        return try write("submitting job \"\(name)\"") { db in
            var job = JobRecord(
                name: name, spec: spec, createdAt: now, recompute: !useCache, kind: kind, parentJobID: parentJobID)
            try job.insert(db)
            let submission = try Self.insert(tasks, into: job.id!, useCache: useCache, now: now, db)
            try Self.finishIfComplete(job: job.id!, now: now, db)
            return submission
        }
    }

    /// Adds tasks to an existing job, all or nothing.
    ///
    /// Cached results are reused as by ``submit(name:spec:tasks:useCache:kind:parentJobID:now:)``, unless the job was submitted
    /// with `useCache: false`.
    /// For jobs that run in phases (calibration first, then estimates): a job that was done or failed runs
    /// again while the new tasks are open.
    ///
    /// - Throws: ``StoreError/Code/unknownJob`` when there is no job `jobID`, ``StoreError/Code/conflict`` when
    ///   it was cancelled, ``StoreError/Code/malformedPayload`` when a task is malformed.
    public func addTasks(
        _ tasks: [NewTask], toJob jobID: Int64, now: Date = Date()
    ) throws(StoreError) -> Submission {
        try Self.check(tasks)
        return try write("adding tasks to job \(jobID)") { db in
            guard let job = try JobRecord.fetchOne(db, key: jobID) else { throw StoreError.unknownJob(jobID) }
            if job.state == .cancelled {
                throw StoreError(.conflict, "job \(jobID) was cancelled; submit a new job instead of adding tasks")
            }
            let submission = try Self.insert(tasks, into: jobID, useCache: !job.recompute, now: now, db)
            if job.state.isFinished, submission.reusedCount < tasks.count {
                try JobRecord.filter(key: jobID).updateAll(
                    db, JobRecord.Columns.state.set(to: JobRecord.State.running),
                    JobRecord.Columns.finishedAt.set(to: nil))
            }
            try Self.finishIfComplete(job: jobID, now: now, db)
            return submission
        }
    }

    /// Cancels a job: its queued and leased tasks are cancelled, the results of finished tasks are kept.
    ///
    /// A result that arrives later for a cancelled task is ignored as stale. Cancelling a finished job changes
    /// nothing.
    ///
    /// - Returns: How many tasks were cancelled.
    /// - Throws: ``StoreError/Code/unknownJob`` when there is no job `jobID`.
    @discardableResult
    public func cancel(jobID: Int64, now: Date = Date()) throws(StoreError) -> Int {
        try write("cancelling job \(jobID)") { db in
            guard let job = try JobRecord.fetchOne(db, key: jobID) else { throw StoreError.unknownJob(jobID) }
            guard !job.state.isFinished else { return 0 }
            let cancelled = try TaskRecord.all().of(job: jobID)
                .filter([TaskRecord.State.queued, .leased].contains(TaskRecord.Columns.state))
                .updateAll(
                    db, TaskRecord.Columns.state.set(to: TaskRecord.State.cancelled),
                    TaskRecord.Columns.leasedTo.set(to: nil), TaskRecord.Columns.leaseExpiresAt.set(to: nil),
                    TaskRecord.Columns.finishedAt.set(to: now))
            try JobRecord.filter(key: jobID).updateAll(
                db, JobRecord.Columns.state.set(to: JobRecord.State.cancelled),
                JobRecord.Columns.finishedAt.set(to: now))
            return cancelled
        }
    }

    /// Cancels the tasks `taskIDs` that are queued or leased (a plan's rows); finished ones keep their results. Their
    /// job finishes when none of its tasks is left open.
    ///
    /// - Returns: How many tasks were cancelled.
    @discardableResult
    public func cancel(taskIDs: [Int64], now: Date = Date()) throws(StoreError) -> Int {
        try write("cancelling \(taskIDs.count) tasks") { db in
            let open = TaskRecord.filter(keys: taskIDs)
                .filter([TaskRecord.State.queued, .leased].contains(TaskRecord.Columns.state))
            let jobs = Set(try open.fetchAll(db).map(\.jobID))
            let cancelled = try open.updateAll(
                db, TaskRecord.Columns.state.set(to: TaskRecord.State.cancelled),
                TaskRecord.Columns.leasedTo.set(to: nil), TaskRecord.Columns.leaseExpiresAt.set(to: nil),
                TaskRecord.Columns.finishedAt.set(to: now))
            for job in jobs { try Self.finishIfComplete(job: job, now: now, db) }
            return cancelled
        }
    }

    /// The job `jobID` and how many of its tasks are in each state.
    ///
    /// - Throws: ``StoreError/Code/unknownJob`` when there is no job `jobID`.
    public func progress(jobID: Int64) throws(StoreError) -> JobProgress {
        try read("reading the progress of job \(jobID)") { db in
            guard let job = try JobRecord.fetchOne(db, key: jobID) else { throw StoreError.unknownJob(jobID) }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT state, COUNT(*) AS count, COUNT(reusedFrom) AS reused
                    FROM task WHERE jobId = ? GROUP BY state
                    """,
                arguments: [jobID])
            var counts: [TaskRecord.State: Int] = [:]
            var reused = 0
            for row in rows {
                let state: TaskRecord.State = row["state"]
                counts[state] = row["count"]
                if state == .done { reused = row["reused"] }
            }
            return JobProgress(
                job: job, queued: counts[.queued, default: 0], leased: counts[.leased, default: 0],
                done: counts[.done, default: 0], failed: counts[.failed, default: 0],
                cancelled: counts[.cancelled, default: 0], reused: reused)
        }
    }

    /// The job `jobID`, or `nil` when there is none.
    public func job(_ jobID: Int64) throws(StoreError) -> JobRecord? {
        try read("reading job \(jobID)") { db in try JobRecord.fetchOne(db, key: jobID) }
    }

    /// Every job, oldest first.
    public func jobs() throws(StoreError) -> [JobRecord] {
        try read("listing jobs") { db in try JobRecord.order(JobRecord.Columns.id).fetchAll(db) }
    }

    /// The retrain plans made from evaluation job `jobID`, oldest first.
    public func plans(of jobID: Int64) throws(StoreError) -> [JobRecord] {
        try read("listing the plans of job \(jobID)") { db in
            try JobRecord.filter(JobRecord.Columns.parentJobID == jobID).order(JobRecord.Columns.id).fetchAll(db)
        }
    }

    /// The task `taskID`, or `nil` when there is none.
    public func task(_ taskID: Int64) throws(StoreError) -> TaskRecord? {
        try read("reading task \(taskID)") { db in try TaskRecord.fetchOne(db, key: taskID) }
    }

    /// The job of each of `taskIDs` that exists, by task id, in one query.
    public func jobIDs(ofTasks taskIDs: some Collection<Int64>) throws(StoreError) -> [Int64: Int64] {
        guard !taskIDs.isEmpty else { return [:] }
        return try read("reading the jobs of \(taskIDs.count) tasks") { db in
            let rows = try Row.fetchAll(
                db,
                TaskRecord.select(TaskRecord.Columns.id, TaskRecord.Columns.jobID)
                    .filter(Array(taskIDs).contains(TaskRecord.Columns.id)))
            return Dictionary(rows.map { ($0[0] as Int64, $0[1] as Int64) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The tasks of job `jobID`, in creation order.
    public func tasks(ofJob jobID: Int64) throws(StoreError) -> [TaskRecord] {
        try read("listing the tasks of job \(jobID)") { db in
            try TaskRecord.all().of(job: jobID).order(TaskRecord.Columns.id).fetchAll(db)
        }
    }

    /// The newest stored result with key `contentKey`, or `nil` when none is stored.
    public func cachedResult(contentKey: String) throws(StoreError) -> ResultRecord? {
        try read("looking up the cached result for key \(contentKey)") { db in
            try ResultRecord.all().keyed(by: contentKey).fetchOne(db)
        }
    }

    /// The result of task `taskID`: its own, or the cached one it reuses; `nil` while it has none.
    public func result(ofTask taskID: Int64) throws(StoreError) -> ResultRecord? {
        try read("reading the result of task \(taskID)") { db in
            guard let task = try TaskRecord.fetchOne(db, key: taskID) else { return nil }
            return try ResultRecord.fetchOne(db, key: task.reusedFrom ?? taskID)
        }
    }

    /// The done tasks of job `jobID` with their results (their own or reused), in task order.
    public func results(ofJob jobID: Int64) throws(StoreError) -> [(task: TaskRecord, result: ResultRecord)] {
        try read("reading the results of job \(jobID)") { db in
            let tasks = try TaskRecord.all().of(job: jobID)
                .filter(TaskRecord.Columns.state == TaskRecord.State.done)
                .order(TaskRecord.Columns.id).fetchAll(db)
            let keys = Set(tasks.map { $0.reusedFrom ?? $0.id! })
            let results = try ResultRecord.fetchAll(db, keys: keys)
            let byTask = Dictionary(results.map { ($0.taskID, $0) }, uniquingKeysWith: { first, _ in first })
            return tasks.compactMap { task in
                byTask[task.reusedFrom ?? task.id!].map { (task, $0) }
            }
        }
    }

    // MARK: - Shared steps

    /// Inserts `tasks` into job `jobID`, done at once where a cached result exists and `useCache` allows.
    static func insert(
        _ tasks: [NewTask], into jobID: Int64, useCache: Bool, now: Date, _ db: Database
    ) throws -> Submission {
        var ids: [Int64] = []
        ids.reserveCapacity(tasks.count)
        var reused = 0
        for new in tasks {
            var record = TaskRecord(
                jobID: jobID, kind: new.kind, payload: new.payload, contentKey: new.contentKey,
                maxAttempts: new.maxAttempts, priority: new.priority, createdAt: now, preferredNode: new.preferredNode)
            if useCache, let key = new.contentKey,
                let cached = try ResultRecord.all().keyed(by: key)
                    .select(ResultRecord.Columns.taskID, as: Int64.self).fetchOne(db)
            {
                record.state = .done
                record.reusedFrom = cached
                record.finishedAt = now
                reused += 1
            }
            try record.insert(db)
            ids.append(record.id!)
        }
        return Submission(jobID: jobID, taskIDs: ids, reusedCount: reused)
    }

    /// Marks job `jobID` done (or failed, if a task failed) when none of its tasks is queued or leased.
    ///
    /// A cancelled or already finished job is left as it is.
    static func finishIfComplete(job jobID: Int64, now: Date, _ db: Database) throws {
        let tasks = TaskRecord.all().of(job: jobID)
        let open = tasks.filter([TaskRecord.State.queued, .leased].contains(TaskRecord.Columns.state))
        guard try open.isEmpty(db) else { return }
        let anyFailed = try !tasks.filter(TaskRecord.Columns.state == TaskRecord.State.failed).isEmpty(db)
        try JobRecord.filter(key: jobID)
            .filter([JobRecord.State.pending, .running].contains(JobRecord.Columns.state))
            .updateAll(
                db, JobRecord.Columns.state.set(to: anyFailed ? JobRecord.State.failed : .done),
                JobRecord.Columns.finishedAt.set(to: now))
    }

    /// Throws unless `spec` is JSON text.
    private static func checkSpec(_ spec: String, ofJob name: String) throws(StoreError) {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(spec.utf8), options: [.fragmentsAllowed])
        } catch {
            throw StoreError.malformed(
                "the spec of job \"\(name)\"",
                "is not JSON (\(error.localizedDescription)); expected the job's JSON text")
        }
    }

    /// Throws unless every task has a kind and at least one attempt.
    private static func check(_ tasks: [NewTask]) throws(StoreError) {
        for (index, task) in tasks.enumerated() {
            if task.kind.rawValue.isEmpty {
                throw StoreError.malformed(
                    "task \(index) of the submission", "has an empty kind; expected a name such as \"measure\"")
            }
            if task.maxAttempts < 1 {
                throw StoreError.malformed(
                    "task \(index) of the submission", "allows \(task.maxAttempts) attempts; expected at least 1")
            }
        }
    }
}

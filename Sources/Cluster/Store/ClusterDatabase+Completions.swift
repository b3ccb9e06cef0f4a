import Foundation
import GRDB

// Results and failures reported by workers. A result is stored exactly once: only by the attempt that holds the
// task, and only while the task has none.

extension ClusterDatabase {
    /// Stores the result of one attempt of a task, exactly once.
    ///
    /// The same as ``complete(_:now:)`` with one completion, except that an unknown task throws.
    ///
    /// - Returns: ``Completion/Outcome/stored``, or why the result was ignored.
    /// - Throws: ``StoreError/Code/unknownTask`` when there is no task `taskID`;
    ///   ``StoreError/Code/malformedPayload`` when the energy report holds a negative or non-finite number.
    @discardableResult
    public func complete(
        taskID: Int64, attempt: Int, node: String, result: Data, energy: Wire.EnergyReport? = nil,
        now: Date = Date()
    ) throws(StoreError) -> Completion.Outcome {
        let completion = Completion(taskID: taskID, attempt: attempt, nodeID: node, payload: result, energy: energy)
        let outcome = try complete([completion], now: now)[0]
        if outcome == .unknownTask { throw StoreError.unknownTask(taskID) }
        return outcome
    }

    /// Stores a batch of results in one transaction, each exactly once; the way to sustain thousands a second.
    ///
    /// For each completion, in order:
    /// - its energy report, if any, is stored once per (task, attempt), whatever becomes of the result: the
    ///   energy was spent;
    /// - the result is stored and the task done when the completion's attempt holds the task: the task is leased
    ///   with that attempt, or was put back in the queue after that attempt and not leased again (a late result
    ///   is still a good one);
    /// - otherwise it is ignored: ``Completion/Outcome/duplicate`` when the task already has a result,
    ///   ``Completion/Outcome/stale`` when another attempt holds it or it failed or was cancelled.
    ///
    /// A job is finished when its last open task is done.
    ///
    /// - Returns: One outcome per completion, in order.
    /// - Throws: ``StoreError/Code/malformedPayload`` when an energy report holds a negative or non-finite number;
    ///   then nothing of the batch is stored.
    public func complete(_ completions: [Completion], now: Date = Date()) throws(StoreError) -> [Completion.Outcome] {
        var energies: [EnergyRecord?] = []
        energies.reserveCapacity(completions.count)
        for completion in completions {
            energies.append(
                try completion.energy.map { report throws(StoreError) in
                    try EnergyRecord(
                        taskID: completion.taskID, attempt: completion.attempt, report: report, createdAt: now)
                })
        }
        return try write("storing \(completions.count) results") { db in
            let fetchTask = try db.cachedStatement(sql: "SELECT * FROM task WHERE id = ?")
            let finishTask = try db.cachedStatement(
                sql: """
                    UPDATE task SET state = 'done', leasedTo = NULL, leaseExpiresAt = NULL, finishedAt = ?
                    WHERE id = ?
                    """)
            var outcomes: [Completion.Outcome] = []
            outcomes.reserveCapacity(completions.count)
            var finishedJobs: Set<Int64> = []
            for (completion, energy) in zip(completions, energies) {
                guard let task = try TaskRecord.fetchOne(fetchTask, arguments: [completion.taskID]) else {
                    outcomes.append(.unknownTask)
                    continue
                }
                if let energy {
                    try Self.store(energy, for: task, db)
                }
                guard task.state != .done else {
                    outcomes.append(.duplicate)
                    continue
                }
                guard Self.attempt(completion.attempt, holds: task) else {
                    outcomes.append(.stale)
                    continue
                }
                try ResultRecord(
                    taskID: completion.taskID, attempt: completion.attempt, nodeID: completion.nodeID,
                    payload: completion.payload, contentKey: task.contentKey, createdAt: now
                ).insert(db)
                try finishTask.execute(arguments: [now, completion.taskID])
                finishedJobs.insert(task.jobID)
                outcomes.append(.stored)
            }
            for jobID in finishedJobs {
                try Self.finishIfComplete(job: jobID, now: now, db)
            }
            return outcomes
        }
    }

    /// Records that an attempt of a task failed: the task goes back to the queue while it has attempts left and
    /// the failure can be retried, and fails for good otherwise, keeping `error` as its last error.
    ///
    /// - Parameters:
    ///   - taskID: The task.
    ///   - attempt: The attempt the worker was leased.
    ///   - error: One sentence saying what went wrong.
    ///   - retryable: `false` when running the task again cannot succeed (bad input): it fails at once.
    ///   - energy: The energy the attempt used, when reported; stored once per attempt.
    ///   - now: The current time.
    /// - Returns: What became of the task, or ``FailureOutcome/stale`` when the attempt no longer holds it.
    /// - Throws: ``StoreError/Code/unknownTask`` when there is no task `taskID`;
    ///   ``StoreError/Code/malformedPayload`` when the energy report holds a negative or non-finite number.
    @discardableResult
    public func fail(
        taskID: Int64, attempt: Int, error: String, retryable: Bool = true, energy: Wire.EnergyReport? = nil,
        now: Date = Date()
    ) throws(StoreError) -> FailureOutcome {
        let energyRecord = try energy.map { report throws(StoreError) in
            try EnergyRecord(taskID: taskID, attempt: attempt, report: report, createdAt: now)
        }
        return try write("recording the failure of task \(taskID)") { db in
            guard var task = try TaskRecord.fetchOne(db, key: taskID) else { throw StoreError.unknownTask(taskID) }
            if let energyRecord {
                try Self.store(energyRecord, for: task, db)
            }
            guard task.state != .done, Self.attempt(attempt, holds: task) else { return .stale }
            task.leasedTo = nil
            task.leaseExpiresAt = nil
            task.lastError = error
            let outcome: FailureOutcome
            if retryable && task.attempts < task.maxAttempts {
                task.state = .queued
                outcome = .requeued
            } else {
                task.state = .failed
                task.finishedAt = now
                outcome = .failed
            }
            try task.update(db)
            if outcome == .failed {
                try Self.finishIfComplete(job: task.jobID, now: now, db)
            }
            return outcome
        }
    }

    /// Whether attempt `attempt` holds `task`: it is the task's latest attempt and the task is leased for it, or
    /// back in the queue after it and not leased again.
    private static func attempt(_ attempt: Int, holds task: TaskRecord) -> Bool {
        attempt >= 1 && attempt == task.attempts && (task.state == .leased || task.state == .queued)
    }

    /// Stores `energy` as its attempt's report, replacing what progress reports said so far (the final report
    /// counts the whole attempt), unless the attempt never existed (an attempt number the task has not reached is a
    /// worker's error, not energy to count).
    private static func store(_ energy: EnergyRecord, for task: TaskRecord, _ db: Database) throws {
        guard energy.attempt >= 1, energy.attempt <= task.attempts else { return }
        var energy = energy
        try energy.upsert(db)
    }

    /// Records the energy attempt `attempt` of task `taskID` used so far, as its running worker reported it.
    ///
    /// It stands for the attempt until a Result or Failure reports the whole: an attempt that is lost (its worker
    /// killed) keeps what it was last known to have used, so no energy spent is hidden from the totals. Reports for
    /// an attempt that is no longer the task's running one are ignored.
    ///
    /// - Returns: Whether the report was recorded.
    @discardableResult
    public func recordProgress(
        taskID: Int64, attempt: Int, energy report: Wire.EnergyReport, now: Date = Date()
    ) throws(StoreError) -> Bool {
        let energy = try EnergyRecord(taskID: taskID, attempt: attempt, report: report, createdAt: now)
        return try write("recording the progress of task \(taskID)") { db in
            guard let task = try TaskRecord.fetchOne(db, key: taskID), task.state == .leased, task.attempts == attempt
            else { return false }
            try Self.store(energy, for: task, db)
            return true
        }
    }
}

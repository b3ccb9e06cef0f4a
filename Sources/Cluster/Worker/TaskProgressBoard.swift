import Synchronization

/// How the tasks a worker is running are getting on, as their executors last reported: the worker sends it with
/// every heartbeat, so the coordinator can show it and count the energy of an attempt that never finishes.
final class TaskProgressBoard: Sendable {
    private let entries = Mutex<[String: Wire.TaskProgress]>([:])

    /// Records `progress`, replacing what its task reported before.
    func update(_ progress: Wire.TaskProgress) {
        entries.withLock { $0[progress.taskID] = progress }
    }

    /// Forgets task `taskID` (it finished or failed).
    func remove(_ taskID: String) {
        _ = entries.withLock { $0.removeValue(forKey: taskID) }
    }

    /// What every running task reported last, by task identifier.
    var snapshot: [Wire.TaskProgress] {
        entries.withLock { $0.values.sorted { $0.taskID < $1.taskID } }
    }
}

/// Where an executor reports how its task is getting on; the worker sends the last report with its heartbeats.
///
/// A reporter not attached to a worker (a task run outside one) drops the reports.
public struct TaskProgressReporter: Sendable {
    let board: TaskProgressBoard?
    let taskID: String
    let attempt: UInt32

    /// A reporter that drops what it is told.
    public static let none = TaskProgressReporter(board: nil, taskID: "", attempt: 0)

    /// Reports that `epoch` epochs are done, with the accuracy after the last and the energy used so far.
    public func report(epoch: Int, accuracy: Double, energy: Wire.EnergyReport) {
        board?.update(
            Wire.TaskProgress(
                taskID: taskID, attempt: attempt, epoch: UInt32(clamping: max(0, epoch)), accuracy: accuracy,
                energy: energy))
    }
}

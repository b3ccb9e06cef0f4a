/// What the coordinator knows of one connected worker: its node, the task slots it offered and not yet filled, the
/// tasks it runs, and the heartbeats and lease renewals due to it. `preindex status` shows it as a row of the worker
/// table.
struct WorkerSession {
    typealias Instant = ContinuousClock.Instant

    /// A task leased to the worker and not yet reported: when its Assign went out, and its kind, for the metrics.
    struct RunningTask {
        /// When the coordinator sent the task's Assign.
        var assignedAt: Instant
        /// The task's kind, the label of its duration metric.
        var kind: TaskKind
    }

    /// The node identifier from the worker's Hello; its leases are stored under it.
    let nodeID: String
    /// The host name from the worker's Hello (empty from older workers).
    var host: String
    /// The grid region from the worker's Hello.
    var region: String
    /// The compute threads from the worker's Hello.
    var threads: UInt32
    /// Tasks the worker can take now: raised by Ready and Result, lowered by each Assign.
    var freeSlots = 0
    /// When to send the worker a heartbeat.
    var schedule: HeartbeatSchedule<Instant>
    /// The sequence number of the last heartbeat sent.
    var heartbeatSequence: UInt64 = 0
    /// When the worker's leases should next be renewed in the database, if it is still heard from.
    var leaseRenewalDue: Instant
    /// When the coordinator last received anything from the worker.
    var lastHeard: Instant
    /// Whether the worker said in a heartbeat that it is stopping.
    var draining = false
    /// The tasks assigned to the worker whose Result or Failure has not come yet, by task identifier.
    var running: [String: RunningTask] = [:]

    init(hello: Wire.Hello, schedule: HeartbeatSchedule<Instant>, leaseRenewalDue: Instant, now: Instant) {
        self.nodeID = hello.nodeID
        self.host = hello.host
        self.region = hello.region
        self.threads = hello.threads
        self.schedule = schedule
        self.leaseRenewalDue = leaseRenewalDue
        self.lastHeard = now
    }

    /// The session as a row of the worker table; `lost` marks a worker declared dead.
    func info(at now: Instant, lost: Bool = false) -> Wire.WorkerInfo {
        let state: Wire.WorkerInfo.State =
            lost ? .lost : draining ? .draining : running.isEmpty ? .idle : .busy
        let tasks = lost ? [] : running.keys.sorted { (Int64($0) ?? 0, $0) < (Int64($1) ?? 0, $1) }
        return Wire.WorkerInfo(
            nodeID: nodeID, host: host, region: region, threads: threads, state: state, taskIDs: tasks,
            secondsSinceHeard: max(0, (now - lastHeard).timeInterval))
    }
}

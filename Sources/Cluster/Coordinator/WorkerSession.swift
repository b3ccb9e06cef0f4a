/// What the coordinator knows of one connected worker: its node, the task slots it offered and not yet filled, and
/// the heartbeats and lease renewals due to it.
struct WorkerSession {
    typealias Instant = ContinuousClock.Instant

    /// The node identifier from the worker's Hello; its leases are stored under it.
    let nodeID: String
    /// Tasks the worker can take now: raised by Ready and Result, lowered by each Assign.
    var freeSlots = 0
    /// When to send the worker a heartbeat.
    var schedule: HeartbeatSchedule<Instant>
    /// The sequence number of the last heartbeat sent.
    var heartbeatSequence: UInt64 = 0
    /// When the worker's leases should next be renewed in the database, if it is still heard from.
    var leaseRenewalDue: Instant

    init(nodeID: String, schedule: HeartbeatSchedule<Instant>, leaseRenewalDue: Instant) {
        self.nodeID = nodeID
        self.schedule = schedule
        self.leaseRenewalDue = leaseRenewalDue
    }
}

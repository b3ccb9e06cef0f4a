extension Coordinator {
    /// How a ``Coordinator`` paces its loop: heartbeats, leases and the batching of results.
    ///
    /// The defaults are DESIGN.md's (heartbeats every 1 s, a worker dead after 3 missed); tests shorten them.
    public struct Configuration: Sendable, Hashable {
        /// How often the coordinator sends a heartbeat to a worker it sent nothing else to.
        public var heartbeatInterval: Duration
        /// How many heartbeat intervals of silence make a worker dead; its leases are then released.
        public var missedHeartbeatLimit: Int
        /// How long a lease lasts without news from its worker; renewed while the worker is heard from.
        public var leaseDuration: Duration
        /// How often expired leases are put back in the queue.
        public var leaseExpiryInterval: Duration
        /// The longest a result waits before its batch is committed.
        public var resultBatchWindow: Duration
        /// The most results committed in one transaction.
        public var resultBatchLimit: Int
        /// How often an empty queue is looked at again for tasks submitted since, while workers wait.
        public var queuePollInterval: Duration
        /// The longest one poll of the socket waits; the stop flag and timers are checked at least this often.
        public var pollInterval: Duration
        /// The most task slots one worker may offer (a Ready beyond it is capped).
        public var maximumSlotsPerWorker: Int

        /// A configuration with DESIGN.md's timings and batches of up to 256 results committed within 2 ms.
        public init(
            heartbeatInterval: Duration = .seconds(1), missedHeartbeatLimit: Int = 3, leaseDuration: Duration = .seconds(60),
            leaseExpiryInterval: Duration = .seconds(1), resultBatchWindow: Duration = .milliseconds(2),
            resultBatchLimit: Int = 256, queuePollInterval: Duration = .milliseconds(20),
            pollInterval: Duration = .milliseconds(10), maximumSlotsPerWorker: Int = 1024
        ) {
            precondition(resultBatchLimit >= 1, "a result batch holds at least 1 result, not \(resultBatchLimit)")
            precondition(maximumSlotsPerWorker >= 1, "a worker may offer at least 1 slot, not \(maximumSlotsPerWorker)")
            precondition(leaseDuration > .zero, "a lease must last a positive time, not \(leaseDuration)")
            self.heartbeatInterval = heartbeatInterval
            self.missedHeartbeatLimit = missedHeartbeatLimit
            self.leaseDuration = leaseDuration
            self.leaseExpiryInterval = leaseExpiryInterval
            self.resultBatchWindow = resultBatchWindow
            self.resultBatchLimit = resultBatchLimit
            self.queuePollInterval = queuePollInterval
            self.pollInterval = pollInterval
            self.maximumSlotsPerWorker = maximumSlotsPerWorker
        }

        /// The heartbeat schedule of one worker session.
        var schedule: HeartbeatSchedule<ContinuousClock.Instant> {
            HeartbeatSchedule(interval: heartbeatInterval, missedLimit: missedHeartbeatLimit)
        }
    }
}

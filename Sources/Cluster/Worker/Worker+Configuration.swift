extension Worker {
    /// What a ``Worker`` offers and how it paces heartbeats and reconnection.
    ///
    /// The defaults are DESIGN.md's (heartbeats every 1 s, the coordinator lost after 3 missed, reconnecting after
    /// 1 s doubling to 32 s); tests shorten them.
    public struct Configuration: Sendable, Hashable {
        /// Tasks run at once, each on a thread of its own.
        public var threads: Int
        /// Tasks leased beyond ``threads`` and waiting on the worker, so that the next starts without a round trip.
        public var prefetch: Int
        /// The grid region code sent in Hello ("DE", "FR").
        public var region: String
        /// How often the worker sends a heartbeat when it sent nothing else.
        public var heartbeatInterval: Duration
        /// How many heartbeat intervals of silence from the coordinator make the worker reconnect.
        public var missedHeartbeatLimit: Int
        /// The first wait before reconnecting; it doubles after each failed attempt.
        public var reconnectInitialDelay: Duration
        /// The longest wait before reconnecting.
        public var reconnectMaximumDelay: Duration
        /// The longest one poll waits; the stop flag is checked at least this often.
        public var pollInterval: Duration
        /// How long ``Worker/stop()`` waits for running tasks to finish and send their results.
        public var drainTimeout: Duration
        /// The compute threads each task runs on, reported in Hello as the node's capability; `nil` for ``threads``.
        public var computeThreads: Int?

        /// A configuration of `threads` task threads with DESIGN.md's timings.
        public init(
            threads: Int = 1, computeThreads: Int? = nil, prefetch: Int = 0, region: String = "",
            heartbeatInterval: Duration = .seconds(1),
            missedHeartbeatLimit: Int = 3, reconnectInitialDelay: Duration = .seconds(1),
            reconnectMaximumDelay: Duration = .seconds(32), pollInterval: Duration = .milliseconds(10),
            drainTimeout: Duration = .seconds(30)
        ) {
            precondition(threads >= 1, "a worker runs at least 1 thread, not \(threads)")
            precondition(prefetch >= 0, "a worker prefetches 0 or more tasks, not \(prefetch)")
            self.threads = threads
            self.computeThreads = computeThreads
            self.prefetch = prefetch
            self.region = region
            self.heartbeatInterval = heartbeatInterval
            self.missedHeartbeatLimit = missedHeartbeatLimit
            self.reconnectInitialDelay = reconnectInitialDelay
            self.reconnectMaximumDelay = reconnectMaximumDelay
            self.pollInterval = pollInterval
            self.drainTimeout = drainTimeout
        }

        /// Tasks the worker holds at most: running and waiting.
        var slots: Int { threads + prefetch }
    }
}

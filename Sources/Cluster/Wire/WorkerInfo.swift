// A row of the worker table in a Status reply (Protos/preindex/v1/client.proto).

extension Wire {
    /// One worker of the cluster as the coordinator sees it: a row of `preindex status`. Mirrors
    /// `preindex.v1.WorkerInfo`.
    public struct WorkerInfo: Sendable, Equatable {
        /// The node identifier from the worker's Hello.
        public var nodeID: String
        /// The host name the worker reported; empty from older workers.
        public var host: String
        /// Grid region code of the node.
        public var region: String
        /// Compute threads the node offers.
        public var threads: UInt32
        /// Idle, busy, draining or lost.
        public var state: State
        /// The tasks leased to the worker and not yet reported, in assignment order.
        public var taskIDs: [String]
        /// Seconds since the coordinator last heard from the worker.
        public var secondsSinceHeard: Double

        /// Creates the value from its fields.
        public init(
            nodeID: String, host: String, region: String, threads: UInt32, state: State, taskIDs: [String],
            secondsSinceHeard: Double
        ) {
            self.nodeID = nodeID
            self.host = host
            self.region = region
            self.threads = threads
            self.state = state
            self.taskIDs = taskIDs
            self.secondsSinceHeard = secondsSinceHeard
        }

        /// What a worker is doing: `preindex.v1.WorkerState`. Numbers a newer peer sends survive in ``rawValue``.
        public struct State: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
            public var rawValue: UInt32

            /// The value with raw value `rawValue`.
            public init(rawValue: UInt32) {
                self.rawValue = rawValue
            }

            /// No state given (`WORKER_STATE_UNSPECIFIED`).
            public static let unspecified = State(rawValue: WorkerStateNumber.unspecified)
            /// Connected, running no task (`WORKER_STATE_IDLE`).
            public static let idle = State(rawValue: WorkerStateNumber.idle)
            /// Connected, running at least one task (`WORKER_STATE_BUSY`).
            public static let busy = State(rawValue: WorkerStateNumber.busy)
            /// Stopping: takes no new tasks, finishes the running ones (`WORKER_STATE_DRAINING`).
            public static let draining = State(rawValue: WorkerStateNumber.draining)
            /// Silent for the missed-heartbeat limit; its tasks went back in the queue (`WORKER_STATE_LOST`).
            public static let lost = State(rawValue: WorkerStateNumber.lost)

            /// The word `preindex status` and the metrics use: `idle`, `busy`, `draining`, `lost`, or `state N`.
            public var description: String {
                switch self {
                case .idle: "idle"
                case .busy: "busy"
                case .draining: "draining"
                case .lost: "lost"
                case .unspecified: "unspecified"
                default: "state \(rawValue)"
                }
            }

            /// The states a coordinator reports, in the order tables and metrics list them.
            public static let reported: [State] = [.idle, .busy, .draining, .lost]
        }
    }
}

// Session messages (Protos/preindex/v1/session.proto): a worker joins, stays alive and leaves.

extension Wire {
    /// Worker to coordinator, first message after connecting. Mirrors `preindex.v1.Hello`.
    public struct Hello: Sendable, Equatable {
        /// Stable name of the node (its host name unless configured).
        public var nodeID: String
        /// Worker threads the node offers for tasks.
        public var threads: UInt32
        /// Grid region code used for carbon intensity ("DE", "FR", "US-CAL-CISO").
        public var region: String
        /// The preindex version the worker runs.
        public var softwareVersion: String
        /// The machine's host name, shown by `preindex status`; empty from older workers.
        public var host: String

        /// Creates the value from its fields.
        public init(nodeID: String, threads: UInt32, region: String, softwareVersion: String, host: String = "") {
            self.nodeID = nodeID
            self.threads = threads
            self.region = region
            self.softwareVersion = softwareVersion
            self.host = host
        }
    }

    /// Worker to coordinator: it can take `freeSlots` more tasks now. Mirrors `preindex.v1.Ready`.
    public struct Ready: Sendable, Equatable {
        /// Tasks the worker can start now.
        public var freeSlots: UInt32

        /// Creates the value from its fields.
        public init(freeSlots: UInt32) {
            self.freeSlots = freeSlots
        }
    }

    /// Either direction, every heartbeat interval. Mirrors `preindex.v1.Heartbeat`.
    public struct Heartbeat: Sendable, Equatable {
        /// Increases by one with every heartbeat the sender sends.
        public var sequence: UInt64
        /// Worker to coordinator: how each running task is getting on.
        public var progress: [TaskProgress]
        /// Worker to coordinator: the worker is stopping, takes no new tasks and finishes the running ones.
        public var draining: Bool

        /// Creates the value from its fields.
        public init(sequence: UInt64, progress: [TaskProgress] = [], draining: Bool = false) {
            self.sequence = sequence
            self.progress = progress
            self.draining = draining
        }
    }

    /// How far a running task has come, with the energy its attempt used so far. Mirrors `preindex.v1.TaskProgress`.
    public struct TaskProgress: Sendable, Equatable {
        /// The task.
        public var taskID: String
        /// The attempt running.
        public var attempt: UInt32
        /// Epochs finished so far (0 for tasks without epochs).
        public var epoch: UInt32
        /// Accuracy after the last finished epoch, or 0.
        public var accuracy: Double
        /// Energy the attempt used so far.
        public var energy: EnergyReport

        /// Creates the value from its fields.
        public init(taskID: String, attempt: UInt32, epoch: UInt32, accuracy: Double, energy: EnergyReport) {
            self.taskID = taskID
            self.attempt = attempt
            self.epoch = epoch
            self.accuracy = accuracy
            self.energy = energy
        }
    }

    /// Either direction: the sender is leaving. Mirrors `preindex.v1.Disconnect`.
    public struct Disconnect: Sendable, Equatable {
        /// Why, for the receiver's log.
        public var reason: String

        /// Creates the value from its fields.
        public init(reason: String) {
            self.reason = reason
        }
    }
}

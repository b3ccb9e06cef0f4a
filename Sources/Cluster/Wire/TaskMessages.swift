// Task messages (Protos/preindex/v1/task.proto): the coordinator leases a task, a worker answers.

extension Wire {
    /// Energy a node used for one task, as the node measured it. Mirrors `preindex.v1.EnergyReport`.
    public struct EnergyReport: Sendable, Equatable {
        /// The node that did the work.
        public var nodeID: String
        /// How the energy was measured ("rapl", "cpu-time-model").
        public var method: String
        /// Energy used, in joules.
        public var joules: Double
        /// CPU time used, in seconds, summed over threads.
        public var cpuSeconds: Double
        /// Elapsed time, in seconds.
        public var wallSeconds: Double
        /// Grid region code of the node.
        public var region: String
        /// Grid carbon intensity used, in g CO2eq per kWh.
        public var gridIntensity: Double

        /// Creates the value from its fields.
        public init(
            nodeID: String, method: String, joules: Double, cpuSeconds: Double, wallSeconds: Double,
            region: String, gridIntensity: Double
        ) {
            self.nodeID = nodeID
            self.method = method
            self.joules = joules
            self.cpuSeconds = cpuSeconds
            self.wallSeconds = wallSeconds
            self.region = region
            self.gridIntensity = gridIntensity
        }
    }

    /// Coordinator to worker: run one task. Mirrors `preindex.v1.Assign`.
    public struct Assign: Sendable, Equatable {
        /// The task's identifier.
        public var taskID: String
        /// 1 for the first assignment; a re-queued task comes back with the next attempt.
        public var attempt: UInt32
        /// The task description as JSON (UTF-8).
        public var taskJSON: [UInt8]
        /// How long the lease lasts without a heartbeat from the worker, in milliseconds.
        public var leaseMilliseconds: UInt64

        /// Creates the value from its fields.
        public init(taskID: String, attempt: UInt32, taskJSON: [UInt8], leaseMilliseconds: UInt64) {
            self.taskID = taskID
            self.attempt = attempt
            self.taskJSON = taskJSON
            self.leaseMilliseconds = leaseMilliseconds
        }
    }

    /// Worker to coordinator: a task finished. Stored once per (task id, attempt). Mirrors `preindex.v1.Result`.
    public struct Result: Sendable, Equatable {
        /// The task's identifier.
        public var taskID: String
        /// The attempt of ``Assign`` this answers.
        public var attempt: UInt32
        /// The task's outcome as JSON (UTF-8).
        public var resultJSON: [UInt8]
        /// The energy the task used; required.
        public var energy: EnergyReport

        /// Creates the value from its fields.
        public init(taskID: String, attempt: UInt32, resultJSON: [UInt8], energy: EnergyReport) {
            self.taskID = taskID
            self.attempt = attempt
            self.resultJSON = resultJSON
            self.energy = energy
        }
    }

    /// Worker to coordinator: a task could not be finished. Mirrors `preindex.v1.Failure`.
    public struct Failure: Sendable, Equatable {
        /// The task's identifier.
        public var taskID: String
        /// The attempt of ``Assign`` this answers.
        public var attempt: UInt32
        /// One sentence saying what went wrong.
        public var message: String
        /// Whether running the task again may succeed (`false` for bad input).
        public var retryable: Bool
        /// Energy used before the failure, when the worker measured any.
        public var energy: EnergyReport?

        /// Creates the value from its fields.
        public init(taskID: String, attempt: UInt32, message: String, retryable: Bool, energy: EnergyReport? = nil) {
            self.taskID = taskID
            self.attempt = attempt
            self.message = message
            self.retryable = retryable
            self.energy = energy
        }
    }
}

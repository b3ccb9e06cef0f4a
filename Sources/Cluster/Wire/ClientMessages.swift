// Client messages (Protos/preindex/v1/client.proto): submit work, follow it, cancel it, read the ranking.

extension Wire {
    /// Client to coordinator: a job or a retrain plan to run. Mirrors `preindex.v1.Submit`.
    public struct Submit: Sendable, Equatable {
        /// The submitted document.
        public var document: Document
        /// Whether to run every task even when a result with its content key is stored (`--no-cache`).
        public var recompute: Bool

        /// Creates the value from its fields.
        public init(document: Document, recompute: Bool = false) {
            self.document = document
            self.recompute = recompute
        }

        /// What a submission carries: the `document` oneof of `preindex.v1.Submit`.
        public enum Document: Sendable, Equatable {
            /// A job file (JSON, UTF-8).
            case job(json: [UInt8])
            /// A retrain plan written by `preindex decide` (JSON, UTF-8).
            case plan(json: [UInt8])
        }
    }

    /// Coordinator to client: a submission was stored and expanded into tasks. Mirrors `preindex.v1.Accepted`.
    public struct Accepted: Sendable, Equatable {
        /// The new job's identifier.
        public var jobID: String
        /// The number of tasks it expanded into.
        public var taskCount: UInt32
        /// How many of those tasks reused a stored result instead of running.
        public var reusedCount: UInt32

        /// Creates the value from its fields.
        public init(jobID: String, taskCount: UInt32, reusedCount: UInt32 = 0) {
            self.jobID = jobID
            self.taskCount = taskCount
            self.reusedCount = reusedCount
        }
    }

    /// Client to coordinator: stop a job or plan, keeping what was measured. Mirrors `preindex.v1.Cancel`.
    public struct Cancel: Sendable, Equatable {
        /// The job or plan to stop.
        public var jobID: String
        /// Plan rows to cancel; empty cancels all of them.
        public var rows: [UInt32]

        /// Creates the value from its fields.
        public init(jobID: String, rows: [UInt32] = []) {
            self.jobID = jobID
            self.rows = rows
        }
    }

    /// Client to coordinator: progress of one job, or of all jobs when `jobID` is empty.
    /// Mirrors `preindex.v1.StatusQuery`.
    public struct StatusQuery: Sendable, Equatable {
        /// The job, or empty for all jobs.
        public var jobID: String

        /// Creates the value from its fields.
        public init(jobID: String = "") {
            self.jobID = jobID
        }
    }

    /// Task counts of one job. Mirrors `preindex.v1.JobProgress`.
    public struct JobProgress: Sendable, Equatable {
        /// The job's identifier.
        public var jobID: String
        /// All tasks of the job.
        public var total: UInt32
        /// Tasks waiting for a worker.
        public var queued: UInt32
        /// Tasks leased to a worker.
        public var running: UInt32
        /// Tasks with a stored result.
        public var done: UInt32
        /// Tasks that failed for good.
        public var failed: UInt32

        /// Whether no task of the job is queued or running any more.
        public var isFinished: Bool { queued == 0 && running == 0 }

        /// Creates the value from its fields.
        public init(jobID: String, total: UInt32, queued: UInt32, running: UInt32, done: UInt32, failed: UInt32) {
            self.jobID = jobID
            self.total = total
            self.queued = queued
            self.running = running
            self.done = done
            self.failed = failed
        }
    }

    /// Coordinator to client: the answer to a ``StatusQuery``. Mirrors `preindex.v1.Status`.
    public struct Status: Sendable, Equatable {
        /// Progress of each job asked about.
        public var jobs: [JobProgress]
        /// Energy per node so far, one report per node.
        public var energy: [EnergyReport]
        /// The connected workers, and those lost since the coordinator started, by node identifier.
        public var workers: [WorkerInfo]

        /// Creates the value from its fields.
        public init(jobs: [JobProgress], energy: [EnergyReport], workers: [WorkerInfo] = []) {
            self.jobs = jobs
            self.energy = energy
            self.workers = workers
        }
    }

    /// Client to coordinator: the ranking of one job. Mirrors `preindex.v1.RankingQuery`.
    public struct RankingQuery: Sendable, Equatable {
        /// The job whose ranking is wanted.
        public var jobID: String

        /// Creates the value from its fields.
        public init(jobID: String) {
            self.jobID = jobID
        }
    }

    /// Coordinator to client: a job's ranking. Mirrors `preindex.v1.Ranking`.
    public struct Ranking: Sendable, Equatable {
        /// The job the ranking belongs to.
        public var jobID: String
        /// The ranking as JSON (UTF-8).
        public var rankingJSON: [UInt8]

        /// Creates the value from its fields.
        public init(jobID: String, rankingJSON: [UInt8]) {
            self.jobID = jobID
            self.rankingJSON = rankingJSON
        }
    }
}

/// A job and how many of its tasks are in each state, from ``ClusterDatabase/progress(jobID:)``.
public struct JobProgress: Hashable, Sendable {
    /// The job.
    public var job: JobRecord
    /// Tasks waiting for a worker.
    public var queued: Int
    /// Tasks leased to a worker.
    public var leased: Int
    /// Tasks with a result, their own or a reused one.
    public var done: Int
    /// Tasks that failed for good.
    public var failed: Int
    /// Tasks cancelled before they finished.
    public var cancelled: Int
    /// Done tasks whose result was reused from the cache instead of computed.
    public var reused: Int

    /// Creates the value from its fields.
    public init(job: JobRecord, queued: Int, leased: Int, done: Int, failed: Int, cancelled: Int, reused: Int) {
        self.job = job
        self.queued = queued
        self.leased = leased
        self.done = done
        self.failed = failed
        self.cancelled = cancelled
        self.reused = reused
    }

    /// All tasks of the job.
    public var total: Int { queued + leased + done + failed + cancelled }
}

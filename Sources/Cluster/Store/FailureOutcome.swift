/// What became of a worker's failure report, from ``ClusterDatabase/fail(taskID:attempt:error:retryable:energy:now:)``.
public enum FailureOutcome: Hashable, Sendable {
    /// The task went back to the queue for another attempt.
    case requeued
    /// The task failed for good: out of attempts, or the failure cannot be retried.
    case failed
    /// The attempt no longer holds the task; the report was ignored.
    case stale
}

/// Why a task could not be finished, and whether running it again may succeed.
///
/// A ``Worker`` answers a task whose executor throws this with a Failure carrying ``message`` and
/// ``retryable``; any other thrown error is reported as retryable. Bad input (a payload that does not
/// decode, an unknown architecture, a model that does not fit the dataset, NaN) is not retryable: every
/// attempt would fail the same way.
public struct TaskFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// One sentence saying what went wrong.
    public var message: String
    /// Whether running the task again, here or on another worker, may succeed.
    public var retryable: Bool

    /// A failure with `message`.
    public init(_ message: String, retryable: Bool) {
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }
}

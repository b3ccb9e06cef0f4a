/// How long to wait before the next attempt to reach a peer: 1 s after the first failure, doubling after
/// each further one up to 32 s, and back to 1 s after a success.
///
/// A worker that lost the coordinator waits ``delayAfterFailure()`` before reconnecting; once the
/// coordinator answers again it calls ``recordSuccess()``. A pure value without randomness, so the
/// sequence is the same on every run.
public struct ReconnectBackoff: Sendable, Hashable {
    /// The first delay.
    public let initialDelay: Duration
    /// The largest delay.
    public let maximumDelay: Duration
    /// Failures since the last success.
    public private(set) var failures = 0

    /// A backoff from `initialDelay` (1 s) doubling to `maximumDelay` (32 s).
    ///
    /// - Precondition: `0 < initialDelay <= maximumDelay`.
    public init(initialDelay: Duration = .seconds(1), maximumDelay: Duration = .seconds(32)) {
        precondition(
            initialDelay > .zero && initialDelay <= maximumDelay,
            "a backoff needs 0 < initial delay (\(initialDelay)) <= maximum delay (\(maximumDelay))")
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The delay the next failure will give: ``initialDelay`` × 2^``failures``, at most ``maximumDelay``.
    public var nextDelay: Duration {
        var delay = initialDelay
        var doublings = failures
        // Doubling stops at the cap, so it never overflows however many failures there were.
        while doublings > 0 && delay < maximumDelay {
            delay *= 2
            doublings -= 1
        }
        return min(delay, maximumDelay)
    }

    /// Records a failed attempt and returns how long to wait before the next one.
    public mutating func delayAfterFailure() -> Duration {
        let delay = nextDelay
        failures += 1
        return delay
    }

    /// Records a successful attempt: the next failure waits ``initialDelay`` again.
    public mutating func recordSuccess() {
        failures = 0
    }
}

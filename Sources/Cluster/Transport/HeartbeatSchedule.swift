/// When to send the next heartbeat to a peer, and how long a silent peer stays alive.
///
/// DESIGN.md's Wire section: heartbeats go both ways every ``interval`` (1 s), and a peer from which
/// nothing at all has arrived for ``missedLimit`` intervals (3, so 3 s) is dead. Any message counts as a
/// sign of life in either direction, so a busy connection sends no extra heartbeats: call
/// ``recordSent(at:)`` after every message sent, and send a heartbeat when ``isSendDue(at:)``.
///
/// A pure value: the caller passes the time (`now`) from whatever clock it uses, which keeps it testable
/// without sleeping. `Instant` is `ContinuousClock.Instant` in the cluster.
public struct HeartbeatSchedule<Instant: InstantProtocol<Duration>>: Sendable, Hashable {
    /// How often to send a heartbeat when nothing else was sent.
    public let interval: Duration
    /// How many intervals of silence make a peer dead.
    public let missedLimit: Int
    /// When a heartbeat is due, or `nil` before the first message: one is due at once.
    public private(set) var nextSendDue: Instant?

    /// A schedule of `interval` (1 s) whose peers die after `missedLimit` (3) silent intervals.
    ///
    /// - Precondition: `interval` is positive and `missedLimit` at least 1.
    public init(interval: Duration = .seconds(1), missedLimit: Int = 3) {
        precondition(interval > .zero, "a heartbeat interval must be positive, not \(interval)")
        precondition(missedLimit >= 1, "a peer must be allowed at least 1 missed heartbeat, not \(missedLimit)")
        self.interval = interval
        self.missedLimit = missedLimit
    }

    /// How long a peer may stay silent before it counts as dead: ``missedLimit`` × ``interval``.
    public var silenceLimit: Duration { interval * missedLimit }

    /// Whether a heartbeat should be sent at `now`: nothing was sent yet, or nothing for an ``interval``.
    public func isSendDue(at now: Instant) -> Bool {
        nextSendDue.map { now >= $0 } ?? true
    }

    /// How long from `now` until a heartbeat is due, zero when one is due already: the longest a
    /// loop may wait for messages before it must send.
    public func timeUntilSendDue(at now: Instant) -> Duration {
        guard let due = nextSendDue, now < due else { return .zero }
        return now.duration(to: due)
    }

    /// Notes that a message (a heartbeat or anything else) was sent at `now`; the next heartbeat is due
    /// one ``interval`` later.
    public mutating func recordSent(at now: Instant) {
        nextSendDue = now.advanced(by: interval)
    }
}

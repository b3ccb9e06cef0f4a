/// Which peers are alive: the time each was last heard from, judged against a ``HeartbeatSchedule``.
///
/// A peer is alive from the first message it sends until it has been silent for the schedule's
/// ``HeartbeatSchedule/silenceLimit`` (3 s): at `lastHeard + silenceLimit` exactly it is dead. Every
/// message from a peer counts, not only heartbeats. The coordinator keeps one of these for its workers
/// and clients, keyed by their identity; a worker keeps one for the coordinator.
///
/// A pure value: the caller passes the time (`now`), so tests need no sleeping.
public struct PeerLiveness<Peer: Hashable & Sendable, Instant: InstantProtocol<Duration>>: Sendable {
    /// How long a peer may stay silent.
    public let silenceLimit: Duration
    /// When each known peer was last heard from.
    public private(set) var lastHeard: [Peer: Instant] = [:]

    /// No peers yet, dead after `silenceLimit` of silence.
    ///
    /// - Precondition: `silenceLimit` is positive.
    public init(silenceLimit: Duration) {
        precondition(silenceLimit > .zero, "a silence limit must be positive, not \(silenceLimit)")
        self.silenceLimit = silenceLimit
    }

    /// No peers yet, dead after the silence limit of `schedule` (3 missed 1 s intervals by default).
    public init(schedule: HeartbeatSchedule<Instant>) {
        self.init(silenceLimit: schedule.silenceLimit)
    }

    /// The peers known, alive or not yet removed.
    public var peers: Set<Peer> { Set(lastHeard.keys) }

    /// Notes a message from `peer` at `now`; an unknown peer becomes known and alive.
    ///
    /// A message older than the one already recorded (`now` earlier) changes nothing.
    public mutating func heard(from peer: Peer, at now: Instant) {
        if let last = lastHeard[peer], last >= now { return }
        lastHeard[peer] = now
    }

    /// Whether `peer` is known and has been heard from within the silence limit before `now`.
    public func isAlive(_ peer: Peer, at now: Instant) -> Bool {
        guard let last = lastHeard[peer] else { return false }
        return now < last.advanced(by: silenceLimit)
    }

    /// The known peers that are dead at `now`, in no particular order.
    public func deadPeers(at now: Instant) -> [Peer] {
        lastHeard.compactMap { peer, last in now >= last.advanced(by: silenceLimit) ? peer : nil }
    }

    /// Removes and returns the peers dead at `now`, so that each death is reported once.
    public mutating func removeDeadPeers(at now: Instant) -> [Peer] {
        let dead = deadPeers(at: now)
        for peer in dead { lastHeard[peer] = nil }
        return dead
    }

    /// Forgets `peer` (it said goodbye, or was handled elsewhere).
    public mutating func forget(_ peer: Peer) {
        lastHeard[peer] = nil
    }

    /// When the next known peer dies if nothing more arrives, or `nil` with no peers: with
    /// ``HeartbeatSchedule/timeUntilSendDue(at:)``, it bounds how long a loop may wait.
    public var nextDeath: Instant? {
        lastHeard.values.min().map { $0.advanced(by: silenceLimit) }
    }
}

/// The times of a task lease: when it expires, and when its holder's signs of life should renew it.
///
/// The coordinator leases a task for ``duration``; each message from the worker holding it (a heartbeat
/// or anything else) extends the lease to `now + duration`. Writing every extension to the store would
/// cost a commit per heartbeat per task, so a lease is renewed only once half of it has passed
/// (``isRenewalDue(expiry:at:)``); a lease whose expiry has come (``isExpired(_:at:)``) puts its task
/// back in the queue.
///
/// A pure value: the caller passes the time (`now`), so tests need no sleeping.
public struct LeaseClock<Instant: InstantProtocol<Duration>>: Sendable, Hashable {
    /// How long a lease lasts without a renewal.
    public let duration: Duration

    /// Leases of `duration`.
    ///
    /// - Precondition: `duration` is positive.
    public init(duration: Duration) {
        precondition(duration > .zero, "a lease must last a positive time, not \(duration)")
        self.duration = duration
    }

    /// When a lease granted or renewed at `now` expires.
    public func expiry(grantedAt now: Instant) -> Instant {
        now.advanced(by: duration)
    }

    /// When a lease expiring at `expiry` is due for renewal: half its ``duration`` before it expires.
    public func renewalDue(expiry: Instant) -> Instant {
        expiry.advanced(by: .zero - duration / 2)
    }

    /// Whether a lease expiring at `expiry` should be renewed at `now`: half of it has passed.
    ///
    /// An expired lease is due too; whether it may still be renewed is the store's decision.
    public func isRenewalDue(expiry: Instant, at now: Instant) -> Bool {
        now >= renewalDue(expiry: expiry)
    }

    /// Whether a lease expiring at `expiry` has expired at `now` (at `expiry` exactly, it has).
    public func isExpired(_ expiry: Instant, at now: Instant) -> Bool {
        now >= expiry
    }
}
